// Comment markers in the entry grids: a small badge after each input that carries an open review
// comment thread, linking to the thread on the case page. The marks come from the page (json_script),
// keyed by the inputs' HTML ids.
(function () {
  "use strict";

  // The cell last focused in a grid is the one a comment is about: its input's name is its address.
  function followFocus() {
    var address = document.getElementById("cell-comment-address");
    var label = document.getElementById("cell-comment-label");
    if (!address || !label) return;
    document.addEventListener("focusin", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches("input.cell, textarea.cell") || !input.name) return;
      address.value = input.name;
      label.textContent = input.getAttribute("aria-label") || input.name;
    });
  }

  function start() {
    followFocus();
    var source = document.getElementById("comment-marks");
    if (!source) return;
    var marks = JSON.parse(source.textContent);
    Object.keys(marks).forEach(function (anchor) {
      var input = document.getElementById(anchor);
      if (!input) return;
      var threads = marks[anchor];
      var cell = input.closest("td") || input.parentNode;
      cell.classList.add("comment-marker-cell");
      var marker = document.createElement("a");
      marker.className = "comment-marker";
      marker.href = threads[0].url;
      marker.textContent = "意见" + (threads.length > 1 ? " " + threads.length : "");
      marker.title = threads.map(function (t) { return t.location + "：" + t.text; }).join("\n");
      marker.setAttribute("aria-label", "审核意见：" + marker.title);
      cell.appendChild(marker);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
