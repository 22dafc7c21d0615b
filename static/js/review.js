// Draft review: pick an amount cell of the document to comment on it; mark the cells that carry a
// comment thread. The cells' labels and the marks come from the page (json_script), keyed by the
// cells' HTML ids, so that nothing here knows how addresses are written.
(function () {
  "use strict";

  function data(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : {};
  }

  function start() {
    var cells = data("review-cells");
    var marked = data("review-marked");
    var input = document.getElementById("comment-address");
    var section = document.getElementById("comment-section");
    var text = document.getElementById("comment-text");
    var selected = null;

    Object.keys(cells).forEach(function (anchor) {
      var cell = document.getElementById(anchor);
      if (!cell) return;
      cell.classList.add("pickable");
      cell.setAttribute("tabindex", "0");
      cell.setAttribute("title", cells[anchor] + "：点选以提出意见");
      if (marked[anchor]) {
        cell.classList.add("has-comment");
        cell.setAttribute(
          "title",
          cells[anchor] + "：" + marked[anchor].map(function (m) { return m.text; }).join("；"),
        );
      }
    });

    function pick(cell) {
      if (selected) selected.classList.remove("picked");
      selected = cell;
      cell.classList.add("picked");
      input.value = cells[cell.id];
      if (section) section.value = "";
      if (text) text.focus();
    }

    document.addEventListener("click", function (event) {
      var cell = event.target.closest("td.pickable");
      if (cell && cells[cell.id]) pick(cell);
    });
    document.addEventListener("keydown", function (event) {
      var cell = event.target.closest && event.target.closest("td.pickable");
      if (cell && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        pick(cell);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
