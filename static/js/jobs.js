// The page of an open job: polls its status (JSON) and shows progress and step; reloads once the job
// has ended, so that the result or the error and the retry button appear.
(function () {
  "use strict";
  var section = document.getElementById("job");
  if (!section) return;
  var url = section.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var step = document.getElementById("job-step");
  var state = document.getElementById("job-state");

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        if (!status.open) {
          window.location.reload();
          return;
        }
        bar.value = status.progress;
        bar.textContent = status.progress + "%";
        percent.textContent = status.progress + "%";
        step.textContent = status.step;
        state.textContent = status.state_label;
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
