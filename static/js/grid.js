/*
 * Entry grids that behave like a spreadsheet: keyboard movement, pasting blocks copied from Excel,
 * subtotals recomputed as figures are typed, saving changed cells without reloading the page.
 *
 * Amounts are added as whole numbers of the unit's smallest step (BigInt: 0.01 元 or 0.000001 万元), never
 * as floating point, so a subtotal shown here is exact. These sums are for display only: the server
 * stores each figure in 元 and computes every table and check itself.
 */
(function () {
  "use strict";

  const form = document.getElementById("entry-form");
  if (!form) return;
  const findingsPanel = document.getElementById("entry-findings");
  const statusLine = form.querySelector(".save-status");
  const unitDecimals = parseInt(form.dataset.decimals, 10);
  let sumTargets = [];
  let saving = false;

  // --- Numbers -------------------------------------------------------------------------------------

  function parseScaled(text, decimals) {
    const t = String(text).replace(/[\s,，]/g, "");
    if (t === "") return 0n;
    const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(t);
    if (!m || (m[2] === "" && !m[3])) return null;
    const fraction = m[3] || "";
    if (fraction.length > decimals && /[^0]/.test(fraction.slice(decimals))) return null;
    const value = BigInt((m[2] || "0") + fraction.slice(0, decimals).padEnd(decimals, "0"));
    return m[1] ? -value : value;
  }

  function formatScaled(value, decimals) {
    if (value === 0n) return "";
    const negative = value < 0n;
    const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
    let whole = decimals ? digits.slice(0, -decimals) : digits;
    let fraction = decimals ? digits.slice(-decimals).replace(/0+$/, "").padEnd(Math.min(2, decimals), "0") : "";
    whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (negative ? "-" : "") + whole + (fraction ? "." + fraction : "");
  }

  function decimalsOf(input) {
    return input.dataset.kind === "count" ? 0 : unitDecimals;
  }

  // --- Subtotals -------------------------------------------------------------------------------------

  function cells() {
    return Array.from(form.querySelectorAll("input.cell, textarea.cell"));
  }

  function indexSums() {
    const inputs = Array.from(form.querySelectorAll("input.cell[data-tags]")).map((input) => ({
      input, tags: new Set(input.dataset.tags.split(" ").filter(Boolean)),
    }));
    sumTargets = Array.from(form.querySelectorAll("[data-sum]")).map((element) => {
      const wanted = element.dataset.sum.split(" ").filter(Boolean);
      const members = inputs.filter((item) => wanted.every((tag) => item.tags.has(tag))).map((item) => item.input);
      const decimals = element.dataset.decimals !== undefined ? parseInt(element.dataset.decimals, 10) : unitDecimals;
      return { element, members, decimals };
    });
  }

  function recompute() {
    for (const target of sumTargets) {
      let total = 0n;
      for (const input of target.members) {
        const value = parseScaled(input.value, target.decimals);
        if (value !== null) total += value;
      }
      const text = formatScaled(total, target.decimals);
      if (target.element.textContent !== text) target.element.textContent = text;
    }
  }

  function markInput(input) {
    const dirty = input.value !== input.dataset.original;
    input.classList.toggle("dirty", dirty);
    if (input.dataset.kind === "amount" || input.dataset.kind === "count") {
      const readable = parseScaled(input.value, decimalsOf(input)) !== null;
      input.classList.toggle("suspect", !readable);
    }
  }

  function updateStatus(message) {
    const changed = cells().filter((cell) => cell.value !== cell.dataset.original).length;
    const parts = [];
    if (message) parts.push(message);
    parts.push(changed ? `有 ${changed} 处修改未保存` : "所有修改均已保存");
    statusLine.textContent = parts.join(" ");
    form.classList.toggle("has-changes", changed > 0);
  }

  // --- Keyboard movement -----------------------------------------------------------------------------

  function inputAt(row, cellIndex) {
    const cell = row && row.cells[cellIndex];
    return cell ? cell.querySelector("input.cell") : null;
  }

  function verticalNeighbour(input, step) {
    const cell = input.closest("td");
    let row = input.closest("tr");
    while (row) {
      row = step > 0 ? row.nextElementSibling : row.previousElementSibling;
      const target = inputAt(row, cell.cellIndex);
      if (target) return target;
    }
    return null;
  }

  function horizontalNeighbour(input, step) {
    const inputs = Array.from(input.closest("tr").querySelectorAll("input.cell"));
    return inputs[inputs.indexOf(input) + step] || null;
  }

  function moveTo(target) {
    if (!target) return false;
    target.focus();
    target.select();
    return true;
  }

  form.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains("cell")) return;
    let target = null;
    if (event.key === "Enter") target = verticalNeighbour(input, event.shiftKey ? -1 : 1);
    else if (event.key === "ArrowDown") target = verticalNeighbour(input, 1);
    else if (event.key === "ArrowUp") target = verticalNeighbour(input, -1);
    else if (event.key === "ArrowLeft" && input.selectionStart === 0 && input.selectionEnd === 0) {
      target = horizontalNeighbour(input, -1);
    } else if (event.key === "ArrowRight" && input.selectionStart === input.value.length) {
      target = horizontalNeighbour(input, 1);
    } else if (event.key === "Escape") {
      input.value = input.dataset.original;
      markInput(input);
      recompute();
      updateStatus();
      return;
    } else return;
    event.preventDefault();
    if (target === null && event.key === "Enter") return;
    moveTo(target);
  });

  form.addEventListener("focusin", (event) => {
    if (event.target instanceof HTMLInputElement && event.target.classList.contains("cell")) event.target.select();
  });

  form.addEventListener("input", (event) => {
    if (!event.target.classList.contains("cell")) return;
    markInput(event.target);
    recompute();
    updateStatus();
  });

  // --- Pasting a block copied from Excel ----------------------------------------------------------

  function parseBlock(text) {
    const lines = text.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
    return lines.map((line) => line.split("\t"));
  }

  form.addEventListener("paste", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains("cell")) return;
    const text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text.replace(/\r?\n$/, ""))) return; // one value: let the browser paste it
    event.preventDefault();
    const block = parseBlock(text);
    const startIndex = input.closest("td").cellIndex;
    let row = input.closest("tr");
    let filled = 0;
    let skipped = 0;
    for (let r = 0; r < block.length; r += 1) {
      if (r > 0) {
        do { row = row.nextElementSibling; } while (row && !inputAt(row, startIndex));
      }
      if (!row) { skipped += block.slice(r).reduce((n, values) => n + values.length, 0); break; }
      block[r].forEach((value, c) => {
        const target = inputAt(row, startIndex + c);
        if (!target) { skipped += 1; return; }
        target.value = value.trim();
        markInput(target);
        filled += 1;
      });
    }
    recompute();
    updateStatus(`已粘贴 ${filled} 个单元格${skipped ? `，${skipped} 个超出表格范围未粘贴` : ""}。`);
  });

  // --- Saving ----------------------------------------------------------------------------------------

  function csrfToken() {
    return form.querySelector("input[name=csrfmiddlewaretoken]").value;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    let data = {};
    try { data = await response.json(); } catch (error) { data = {}; }
    if (!response.ok && !data.message) {
      data.message = response.status === 404 ? "保存失败：本决算已不可编辑（可能已报送）或不存在。" : `保存失败（${response.status}）。`;
    }
    return { ok: response.ok, data };
  }

  function setCellMessage(cell, message, kind) {
    const holder = cell.parentElement;
    let note = holder.querySelector(".cell-message");
    cell.classList.remove("invalid", "conflict");
    cell.removeAttribute("aria-invalid");
    if (!message) {
      if (note) note.remove();
      cell.removeAttribute("aria-describedby");
      return;
    }
    if (!note) {
      note = document.createElement("span");
      note.className = "cell-message";
      note.id = `${cell.id}-message`;
      holder.appendChild(note);
    }
    note.textContent = message;
    note.dataset.kind = kind;
    cell.classList.add(kind);
    cell.setAttribute("aria-invalid", "true");
    cell.setAttribute("aria-describedby", note.id);
  }

  function replaceFindings(html) {
    if (html !== undefined && findingsPanel) findingsPanel.innerHTML = html;
  }

  async function save() {
    if (saving) return;
    const changed = cells().filter((cell) => cell.value !== cell.dataset.original);
    if (!changed.length) { updateStatus("没有需要保存的修改。"); return; }
    saving = true;
    form.classList.add("saving");
    statusLine.textContent = "正在保存……";
    try {
      const { ok, data } = await post(form.dataset.saveUrl, {
        screen: form.dataset.screen,
        cells: changed.map((cell) => ({ name: cell.name, value: cell.value, original: cell.dataset.original })),
      });
      if (!ok) { updateStatus(data.message); return; }
      const byName = new Map(changed.map((cell) => [cell.name, cell]));
      for (const [name, value] of Object.entries(data.saved || {})) {
        const cell = byName.get(name);
        if (!cell) continue;
        cell.value = value;
        cell.dataset.original = value;
        setCellMessage(cell, "");
        markInput(cell);
      }
      for (const [name, message] of Object.entries(data.errors || {})) {
        const cell = byName.get(name);
        if (cell) setCellMessage(cell, message, "invalid");
      }
      for (const [name, conflict] of Object.entries(data.conflicts || {})) {
        const cell = byName.get(name);
        if (!cell) continue;
        // Saving again overwrites the other person's value knowingly.
        cell.dataset.original = conflict.current;
        setCellMessage(cell, conflict.message, "conflict");
        markInput(cell);
      }
      recompute();
      replaceFindings(data.findings_html);
      updateStatus(data.message);
      const firstProblem = form.querySelector(".invalid, .conflict");
      if (firstProblem && !Object.keys(data.saved || {}).length) firstProblem.focus();
    } catch (error) {
      updateStatus("保存失败：无法连接服务器，修改仍保留在本页，请稍后再试。");
    } finally {
      saving = false;
      form.classList.remove("saving");
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); save(); });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") { event.preventDefault(); save(); }
  });
  window.addEventListener("beforeunload", (event) => {
    if (cells().some((cell) => cell.value !== cell.dataset.original)) { event.preventDefault(); event.returnValue = ""; }
  });

  // --- Findings: links to cells, explanations --------------------------------------------------------

  function focusHash(hash) {
    if (!hash || hash.length < 2) return false;
    const element = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!element) return false;
    const target = element.matches("input, textarea") ? element : element.querySelector("input.cell");
    element.scrollIntoView({ block: "center" });
    element.classList.add("located");
    setTimeout(() => element.classList.remove("located"), 2000);
    if (target) { target.focus(); target.select(); }
    return true;
  }

  if (findingsPanel) {
    findingsPanel.addEventListener("click", async (event) => {
      const link = event.target.closest("a.finding-link");
      if (link && link.getAttribute("href").startsWith("#")) {
        if (focusHash(link.getAttribute("href"))) event.preventDefault();
        return;
      }
      const button = event.target.closest(".explain-button");
      if (!button) return;
      const box = button.closest(".finding-explanation");
      button.disabled = true;
      const { data } = await post(form.dataset.explainUrl, {
        screen: form.dataset.screen, rule_id: box.dataset.rule, target: box.dataset.target,
        text: box.querySelector("textarea").value,
      });
      button.disabled = false;
      replaceFindings(data.findings_html);
      updateStatus(data.message);
    });
  }

  // --- Adding item subjects --------------------------------------------------------------------------

  function insertRow(tbody, html, code) {
    const holder = document.createElement("tbody");
    holder.innerHTML = html.trim();
    const row = holder.firstElementChild;
    if (document.getElementById(row.id)) return document.getElementById(row.id);
    const after = Array.from(tbody.rows).filter((r) => r.dataset.code && r.dataset.code < code).pop()
      || tbody.querySelector("tr.row-total");
    if (after) after.after(row); else tbody.prepend(row);
    return row;
  }

  for (const box of form.querySelectorAll(".add-subject")) {
    const field = box.querySelector(".add-subject-input");
    const list = box.querySelector("datalist");
    const message = box.querySelector(".add-subject-message");
    const tbody = form.querySelector(`table[data-grid="${box.dataset.grid}"] tbody`);
    let timer = null;
    field.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const query = field.value.trim().split(" ")[0];
        if (!query) return;
        const response = await fetch(`${form.dataset.subjectsUrl}?q=${encodeURIComponent(query)}`,
          { credentials: "same-origin" });
        if (!response.ok) return;
        const data = await response.json();
        list.innerHTML = "";
        for (const subject of data.subjects) {
          const option = document.createElement("option");
          option.value = `${subject.code} ${subject.name}`;
          list.appendChild(option);
        }
      }, 200);
    });
    async function add() {
      const code = field.value.trim().split(" ")[0];
      if (!code) return;
      const existing = document.getElementById(`r-${box.dataset.grid}-${code}`);
      if (existing) { focusHash(`#${existing.id}`); message.textContent = `科目 ${code} 已在表中。`; return; }
      const params = new URLSearchParams({ screen: form.dataset.screen, grid: box.dataset.grid, code });
      const response = await fetch(`${form.dataset.rowsUrl}?${params}`, { credentials: "same-origin" });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) { message.textContent = data.message || "无法添加该科目。"; return; }
      let itemRow = null;
      for (const row of data.rows) {
        const inserted = insertRow(tbody, row.html, row.code);
        if (row.kind === "item") itemRow = inserted;
      }
      indexSums();
      recompute();
      field.value = "";
      message.textContent = `已添加科目 ${code}；填入金额并保存后保留。`;
      if (itemRow) moveTo(itemRow.querySelector("input.cell"));
    }
    box.querySelector(".add-subject-button").addEventListener("click", add);
    field.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); add(); } });
  }

  indexSums();
  recompute();
  updateStatus();
  if (location.hash) focusHash(location.hash);
})();
