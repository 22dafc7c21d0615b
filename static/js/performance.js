// Live suggestions and warnings of the self-evaluation entry form. On every change the form posts itself
// to its preview URL, which scores the unsaved input with performance.scoring and runs the rules R39–R41;
// nothing is saved until the user presses 保存. A click on a suggestion copies it into its field.
// A button with data-confirm (removing a row) asks first; without this script the row is removed at once,
// which the history records.
(function () {
  "use strict";

  // A structure button (新增/删除) saves the form and changes the tree without a page reload: the form
  // is posted in the background, the page it leads to is fetched and its content put in place.
  async function changeStructure(form, button) {
    const data = new FormData(form);
    data.append(button.name, button.value);
    form.classList.add("saving");
    try {
      const response = await fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" },
      });
      let html;
      let location = null;
      if (response.ok && (response.headers.get("Content-Type") || "").includes("application/json")) {
        location = (await response.json()).location;
        html = await (await fetch(location, { credentials: "same-origin" })).text();
      } else {
        html = await response.text(); // the form again, with its errors
      }
      const next = new DOMParser().parseFromString(html, "text/html").querySelector("main");
      document.querySelector("main").replaceChildren(...next.childNodes);
      if (location) history.replaceState(null, "", location);
      init();
      const target = location && location.includes("#") ? document.getElementById(location.split("#")[1]) : null;
      if (target) {
        target.scrollIntoView({ block: "center" });
        const field = target.querySelector("input, select, textarea");
        if (field) field.focus();
      }
    } catch (error) {
      form.requestSubmit(button); // without the background request, the button posts the page as before
    }
  }

  function init() {
  const form = document.querySelector("form[data-preview-url]");
  if (!form || !form.dataset.previewUrl) return;
  const status = form.querySelector("[data-live-status]");
  let timer = null;
  let controller = null;

  function say(text) {
    if (status) status.textContent = text;
  }

  function showFindings(list, findings) {
    list.replaceChildren(...findings.map((finding) => {
      const item = document.createElement("li");
      item.className = "severity-" + finding.severity;
      item.textContent = finding.severity_label + "：" + finding.message;
      return item;
    }));
    const holder = list.closest("tr, .field");
    if (holder) holder.classList.toggle("has-finding", findings.length > 0);
  }

  function inputErrors(messages) {
    return (messages || []).map((message) => ({ severity: "error", severity_label: "输入有误", message }));
  }

  function apply(data) {
    document.querySelectorAll("[data-note]").forEach((element) => {
      const key = element.dataset.note;
      const note = data.notes[key] || "";
      element.textContent = note;
      if (element.tagName === "BUTTON") {
        element.dataset.fill = data.fills[key] || "";
        element.hidden = !note;
      }
    });
    document.querySelectorAll("[data-findings]").forEach((list) => {
      const key = list.dataset.findings;
      const found = key ? inputErrors(data.errors[key]).concat(data.findings[key] || [])
        : inputErrors(data.errors.evaluation).concat(data.general);
      showFindings(list, found);
    });
  }

  async function preview() {
    if (controller) controller.abort();
    controller = new AbortController();
    say("正在计算…");
    try {
      const response = await fetch(form.dataset.previewUrl, {
        method: "POST", body: new FormData(form), signal: controller.signal, credentials: "same-origin",
      });
      if (!response.ok) throw new Error("HTTP " + response.status);
      apply(await response.json());
      say("已按当前输入计算，尚未保存。");
    } catch (error) {
      if (error.name !== "AbortError") say("无法计算建议分（" + error.message + "）。");
    }
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(preview, delay);
  }

  form.addEventListener("input", () => schedule(400));
  form.addEventListener("change", () => schedule(100));
  form.addEventListener("click", (event) => {
    const confirming = event.target.closest("button[data-confirm]");
    if (confirming && !window.confirm(confirming.dataset.confirm)) event.preventDefault();
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[name=structure]");
    if (!button || event.defaultPrevented) return;
    event.preventDefault();
    changeStructure(form, button);
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button.suggestion");
    if (!button || !button.dataset.fill) return;
    const input = form.elements.namedItem(button.dataset.fillTarget);
    if (!input) return;
    input.value = button.dataset.fill;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  }

  init();
})();
