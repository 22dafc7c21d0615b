/*
 * Entry grids that behave like a spreadsheet: keyboard movement, editing as in Excel (typing replaces,
 * F2 edits, Esc cancels the edit in progress), undo and redo back to the last save, pasting blocks
 * copied from Excel, subtotals recomputed as figures are typed, findings refreshed by the server as
 * figures change, saving changed cells without reloading the page.
 *
 * Amounts are added as whole numbers of the unit's smallest step (BigInt: 0.01 元 or 0.000001 万元), never
 * as floating point, so a subtotal shown here is exact. These sums are for display only: the server
 * stores each figure in 元, computes every table and runs every check (the findings beside the grid come
 * from the server's rule engine over the stored figures and the unsaved ones; no rule lives here).
 */
(function () {
  "use strict";

  const form = document.getElementById("entry-form");
  if (!form) return;
  const body = document.getElementById("entry-body");
  const findingsPanel = document.getElementById("entry-findings");
  const statusLine = form.querySelector(".save-status");
  const undoButton = form.querySelector(".undo-button");
  const redoButton = form.querySelector(".redo-button");
  const findingsToggle = form.querySelector(".findings-toggle");
  const readOnly = form.dataset.readOnly === "true";
  const unitDecimals = parseInt(form.dataset.decimals, 10);
  const CHECK_DELAY = 600;
  let sumTargets = [];
  let saving = false;

  // --- Numbers -------------------------------------------------------------------------------------

  const FULL_WIDTH = "０１２３４５６７８９．，－";
  const HALF_WIDTH = "0123456789.,-";

  // Full-width digits typed by a Chinese input method become ASCII; the server reads them the same way.
  function halfWidth(text) {
    return String(text).replace(/[０-９．，－\u3000]/g, (ch) => (ch === "\u3000" ? " " : HALF_WIDTH[FULL_WIDTH.indexOf(ch)]));
  }

  function parseScaled(text, decimals) {
    const t = halfWidth(text).replace(/[\s,，]/g, "");
    if (t === "") return 0n;
    const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(t);
    if (!m || (m[2] === "" && !m[3])) return null;
    const fraction = m[3] || "";
    if (fraction.length > decimals && /[^0]/.test(fraction.slice(decimals))) return null;
    const value = BigInt((m[2] || "0") + fraction.slice(0, decimals).padEnd(decimals, "0"));
    return m[1] ? -value : value;
  }

  function formatScaled(value, decimals, keepZero) {
    if (value === 0n && !keepZero) return "";
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

  function isNumeric(input) {
    return input.dataset.kind === "amount" || input.dataset.kind === "count";
  }

  // An amount as its input shows it when not being edited: grouped like the totals beside it.
  function displayed(input, text) {
    if (!isNumeric(input) || String(text).trim() === "") return String(text).trim();
    const value = parseScaled(text, decimalsOf(input));
    return value === null ? String(text) : formatScaled(value, decimalsOf(input), true);
  }

  // What a cell means, to tell a change from a mere change of grouping.
  function canonical(input, text) {
    if (!isNumeric(input)) return String(text).replace(/\r\n/g, "\n");
    if (String(text).trim() === "") return "";
    const value = parseScaled(text, decimalsOf(input));
    return value === null ? `?${text}` : value.toString();
  }

  function isChanged(cell) {
    return canonical(cell, cell.value) !== canonical(cell, cell.dataset.original);
  }

  // --- Subtotals -------------------------------------------------------------------------------------

  function cells() {
    return Array.from(form.querySelectorAll("input.cell, textarea.cell"));
  }

  function changedCells() {
    return cells().filter(isChanged);
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
      const text = formatScaled(total, target.decimals, false);
      if (target.element.textContent !== text) target.element.textContent = text;
    }
  }

  function markInput(input) {
    input.classList.toggle("dirty", isChanged(input));
    if (isNumeric(input)) {
      const readable = parseScaled(input.value, decimalsOf(input)) !== null;
      input.classList.toggle("suspect", !readable);
    }
  }

  function updateStatus(message) {
    const changed = changedCells().length;
    const parts = [];
    if (message) parts.push(message);
    if (!readOnly) parts.push(changed ? `有 ${changed} 处修改未保存` : "所有修改均已保存");
    statusLine.textContent = parts.join(" ");
    form.classList.toggle("has-changes", changed > 0);
  }

  function afterChange(message) {
    recompute();
    updateStatus(message);
    scheduleCheck();
  }

  // --- Undo and redo (back to the last save) ---------------------------------------------------------

  // Each action is a list of {input, before, after}: one typed cell, one pasted block, one cleared cell.
  const undoStack = [];
  const redoStack = [];

  function updateUndoButtons() {
    if (undoButton) undoButton.disabled = undoStack.length === 0;
    if (redoButton) redoButton.disabled = redoStack.length === 0;
  }

  function record(changes) {
    const real = changes.filter((change) => change.before !== change.after);
    if (!real.length) return;
    undoStack.push(real);
    redoStack.length = 0;
    updateUndoButtons();
  }

  function replay(action, which) {
    for (const change of action) {
      change.input.value = change[which];
      markInput(change.input);
    }
    const first = action[0].input;
    moveTo(first);
    afterChange(which === "before" ? `已撤销 ${action.length} 个单元格的修改。` : `已重做 ${action.length} 个单元格的修改。`);
  }

  function undo() {
    const action = undoStack.pop();
    if (!action) { updateStatus("没有可撤销的修改（撤销至上次保存为止）。"); return; }
    redoStack.push(action);
    updateUndoButtons();
    replay(action, "before");
  }

  function redo() {
    const action = redoStack.pop();
    if (!action) { updateStatus("没有可重做的修改。"); return; }
    undoStack.push(action);
    updateUndoButtons();
    replay(action, "after");
  }

  // --- Editing a cell as in Excel --------------------------------------------------------------------

  // A cell is either selected (arrows move, typing replaces it, F2 edits it) or being edited: "typing"
  // (started by typing: arrows still move, as in Excel's enter mode) or "f2" (arrows move the caret).
  const editing = new Map(); // input → {mode, before}

  function startEdit(input, mode) {
    if (editing.has(input)) return;
    editing.set(input, { mode, before: input.value });
    if (mode === "f2" && isNumeric(input)) {
      input.value = input.value.replace(/[,，]/g, "");
      const end = input.value.length;
      input.setSelectionRange(end, end);
    }
  }

  function setNote(input, message) {
    // A note (full-width digits converted) replaces neither an error nor a conflict.
    if (input.classList.contains("invalid") || input.classList.contains("conflict")) return;
    setCellMessage(input, message, message ? "note" : "");
  }

  function commitEdit(input) {
    const state = editing.get(input);
    if (!state) return;
    editing.delete(input);
    const typed = input.value;
    if (isNumeric(input) && /[０-９．，－\u3000]/.test(typed)) {
      setNote(input, `已将全角字符“${typed.trim()}”转换为“${halfWidth(typed).trim()}”。`);
    } else if (input.classList.contains("note")) {
      setNote(input, "");
    }
    input.value = displayed(input, typed);
    record([{ input, before: state.before, after: input.value }]);
    markInput(input);
    afterChange();
  }

  function cancelEdit(input) {
    const state = editing.get(input);
    if (!state) return false;
    editing.delete(input);
    input.value = state.before;
    markInput(input);
    input.select();
    afterChange("已取消正在进行的修改。");
    return true;
  }

  function clearCell(input) {
    if (input.value === "") return;
    record([{ input, before: input.value, after: "" }]);
    input.value = "";
    markInput(input);
    afterChange();
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

  function isCell(element) {
    return element instanceof HTMLInputElement && element.classList.contains("cell");
  }

  document.addEventListener("keydown", (event) => {
    const key = event.key.toLowerCase();
    if (!(event.ctrlKey || event.metaKey) || event.altKey || readOnly) return;
    const inCell = isCell(event.target);
    if (key === "s") {
      event.preventDefault();
      if (inCell) commitEdit(event.target);
      save();
      return;
    }
    const elsewhere = !inCell && event.target instanceof HTMLElement && event.target.matches("textarea, input, select");
    if (elsewhere) return; // a text field keeps the browser's own undo
    if (key === "z" && !event.shiftKey) {
      event.preventDefault();
      if (inCell && cancelEdit(event.target)) return;
      undo();
    } else if (key === "y" || (key === "z" && event.shiftKey)) {
      event.preventDefault();
      if (inCell) commitEdit(event.target);
      redo();
    }
  });

  form.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!isCell(input) || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const state = editing.get(input);
    const arrowsMove = !state || state.mode === "typing";
    let target;
    switch (event.key) {
      case "Enter": target = verticalNeighbour(input, event.shiftKey ? -1 : 1); break;
      case "ArrowDown": if (!arrowsMove) return; target = verticalNeighbour(input, 1); break;
      case "ArrowUp": if (!arrowsMove) return; target = verticalNeighbour(input, -1); break;
      case "ArrowLeft": if (!arrowsMove) return; target = horizontalNeighbour(input, -1); break;
      case "ArrowRight": if (!arrowsMove) return; target = horizontalNeighbour(input, 1); break;
      case "Escape":
        event.preventDefault();
        cancelEdit(input); // a cell not being edited keeps its value
        return;
      case "F2":
        event.preventDefault();
        if (!readOnly) startEdit(input, "f2");
        return;
      case "Delete":
      case "Backspace":
        if (state || readOnly) return;
        event.preventDefault();
        clearCell(input);
        return;
      default:
        if (!state && !readOnly && event.key.length === 1) {
          // Typing replaces the cell, as in Excel; the browser then inserts the character.
          startEdit(input, "typing");
          input.value = "";
        }
        return;
    }
    event.preventDefault();
    commitEdit(input);
    if (target) moveTo(target);
  });

  form.addEventListener("focusin", (event) => {
    if (!isCell(event.target)) return;
    event.target.dataset.shown = event.target.value;
    if (!editing.has(event.target)) event.target.select();
  });

  // A click that focuses a cell selects it whole, as Excel does: the mouseup would otherwise put a caret.
  let clickedIn = null;
  form.addEventListener("mousedown", (event) => {
    clickedIn = isCell(event.target) && document.activeElement !== event.target ? event.target : null;
  });
  form.addEventListener("mouseup", (event) => {
    if (event.target === clickedIn && !editing.has(clickedIn)) event.preventDefault();
    clickedIn = null;
  });

  form.addEventListener("focusout", (event) => {
    if (isCell(event.target)) commitEdit(event.target);
  });

  form.addEventListener("input", (event) => {
    const cell = event.target;
    if (!cell.classList.contains("cell")) return;
    // An input method or the browser's own paste edits without a key press: the edit starts now.
    if (isCell(cell) && !editing.has(cell)) editing.set(cell, { mode: "typing", before: cell.dataset.shown ?? cell.dataset.original });
    markInput(cell);
    afterChange();
  });

  // --- Pasting a block copied from Excel ----------------------------------------------------------

  function parseBlock(text) {
    const lines = text.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
    return lines.map((line) => line.split("\t"));
  }

  form.addEventListener("paste", (event) => {
    const input = event.target;
    if (!isCell(input) || readOnly) return;
    const text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text.replace(/\r?\n$/, ""))) return; // one value: let the browser paste it
    event.preventDefault();
    commitEdit(input);
    const block = parseBlock(text);
    const startIndex = input.closest("td").cellIndex;
    let row = input.closest("tr");
    let filled = 0;
    let skipped = 0;
    const action = [];
    for (let r = 0; r < block.length; r += 1) {
      if (r > 0) {
        do { row = row.nextElementSibling; } while (row && !inputAt(row, startIndex));
      }
      if (!row) { skipped += block.slice(r).reduce((n, values) => n + values.length, 0); break; }
      block[r].forEach((value, c) => {
        const target = inputAt(row, startIndex + c);
        if (!target || target.readOnly) { skipped += 1; return; }
        const before = target.value;
        target.value = displayed(target, value.trim());
        action.push({ input: target, before, after: target.value });
        markInput(target);
        filled += 1;
      });
    }
    record(action);
    afterChange(`已粘贴 ${filled} 个单元格${skipped ? `，${skipped} 个超出表格范围未粘贴` : ""}。`);
  });

  // --- Saving ----------------------------------------------------------------------------------------

  function csrfToken() {
    const field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  async function post(url, data) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(data),
      credentials: "same-origin",
    });
    let answer = {};
    try { answer = await response.json(); } catch (error) { answer = {}; }
    if (!response.ok && !answer.message) {
      answer.message = response.status === 404 ? "保存失败：本决算已不可编辑（可能已报送）或不存在。" : `保存失败（${response.status}）。`;
    }
    return { ok: response.ok, data: answer };
  }

  function setCellMessage(cell, message, kind) {
    const holder = cell.parentElement;
    let note = holder.querySelector(".cell-message");
    cell.classList.remove("invalid", "conflict", "note");
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
    if (kind !== "note") cell.setAttribute("aria-invalid", "true");
    cell.setAttribute("aria-describedby", note.id);
  }

  function replaceFindings(html) {
    if (html !== undefined && findingsPanel) findingsPanel.innerHTML = html;
  }

  function showCellProblems(data, posted) {
    const byName = new Map(posted.map((cell) => [cell.name, cell]));
    for (const cell of posted) {
      if (cell.classList.contains("invalid") && !(data.errors || {})[cell.name]) setCellMessage(cell, "");
    }
    for (const [name, message] of Object.entries(data.notes || {})) {
      const cell = byName.get(name);
      if (cell) setNote(cell, message);
    }
    for (const [name, message] of Object.entries(data.errors || {})) {
      const cell = byName.get(name);
      if (cell) setCellMessage(cell, message, "invalid");
    }
  }

  // --- Findings as figures change: the server's rules over the stored and the unsaved figures -------

  let checkTimer = null;
  let checkSequence = 0;

  function scheduleCheck() {
    if (readOnly || !form.dataset.checkUrl) return;
    clearTimeout(checkTimer);
    checkTimer = setTimeout(runCheck, CHECK_DELAY);
  }

  async function runCheck() {
    const sequence = ++checkSequence;
    const changed = changedCells();
    form.classList.add("checking");
    try {
      const { ok, data } = await post(form.dataset.checkUrl, {
        screen: form.dataset.screen,
        cells: changed.map((cell) => ({ name: cell.name, value: cell.value })),
      });
      if (sequence !== checkSequence || !ok) return; // a later check is on its way
      replaceFindings(data.findings_html);
      showCellProblems(data, changed);
    } catch (error) {
      // The findings are refreshed again at the next change or save.
    } finally {
      if (sequence === checkSequence) form.classList.remove("checking");
    }
  }

  async function save() {
    if (saving || readOnly) return;
    const changed = changedCells();
    if (!changed.length) { updateStatus("没有需要保存的修改。"); return; }
    saving = true;
    clearTimeout(checkTimer);
    checkSequence += 1; // an answer to an earlier check is out of date once this save is answered
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
        cell.value = displayed(cell, value);
        cell.dataset.original = value;
        setCellMessage(cell, "");
        markInput(cell);
      }
      for (const [name, conflict] of Object.entries(data.conflicts || {})) {
        const cell = byName.get(name);
        if (!cell) continue;
        // Saving again overwrites the other person's value knowingly.
        cell.dataset.original = conflict.current;
        setCellMessage(cell, conflict.message, "conflict");
        markInput(cell);
      }
      showCellProblems({ errors: data.errors, notes: data.notes }, changed);
      // Undo goes back to the last save, not beyond.
      undoStack.length = 0;
      redoStack.length = 0;
      updateUndoButtons();
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
  if (undoButton) undoButton.addEventListener("click", undo);
  if (redoButton) redoButton.addEventListener("click", redo);
  window.addEventListener("beforeunload", (event) => {
    if (!readOnly && changedCells().length) { event.preventDefault(); event.returnValue = ""; }
  });

  // --- The findings panel: collapsible, so that more columns fit ------------------------------------

  function setFindingsShown(shown) {
    if (!findingsToggle || !body) return;
    body.classList.toggle("findings-collapsed", !shown);
    findingsToggle.setAttribute("aria-expanded", String(shown));
    findingsToggle.textContent = shown ? "隐藏审核结果" : "显示审核结果";
    try { localStorage.setItem("juesuan.findingsShown", shown ? "1" : "0"); } catch (error) { /* private mode */ }
  }

  if (findingsToggle) {
    findingsToggle.addEventListener("click", () => setFindingsShown(body.classList.contains("findings-collapsed")));
    let stored = null;
    try { stored = localStorage.getItem("juesuan.findingsShown"); } catch (error) { stored = null; }
    if (stored === "0") setFindingsShown(false);
  }

  // --- Headers and label columns that stay in place when the grid scrolls ----------------------------

  function freezeHeaders() {
    for (const table of form.querySelectorAll("table.grid")) {
      const labels = Array.from(table.tBodies[0] ? table.tBodies[0].rows : []).find((row) => row.cells.length > 1);
      const labelCells = labels ? Array.from(labels.cells).slice(0, parseInt(table.dataset.labelColumns, 10)) : [];
      const frozenEdge = labelCells.length ? labelCells[labelCells.length - 1].offsetLeft + labelCells[labelCells.length - 1].offsetWidth : 0;
      let top = 0;
      for (const row of table.tHead ? table.tHead.rows : []) {
        for (const th of row.cells) {
          th.style.top = `${top}px`;
          if (th.offsetLeft + th.offsetWidth <= frozenEdge + 1) {
            th.classList.add("frozen");
            th.style.left = `${th.offsetLeft}px`;
          }
        }
        top += row.offsetHeight;
      }
    }
  }

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

  if (findingsPanel && !readOnly) {
    // Every warning of one rule explained with one text, without leaving the grid.
    findingsPanel.addEventListener("submit", async (event) => {
      const box = event.target.closest("form.explain-rule");
      if (!box) return;
      event.preventDefault();
      const button = box.querySelector("button");
      button.disabled = true;
      const { data } = await post(box.action, {
        screen: form.dataset.screen, rule_id: box.dataset.rule, text: box.querySelector("textarea").value,
      });
      button.disabled = false;
      replaceFindings(data.findings_html);
      updateStatus(data.message);
    });
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
    // A code the edition lacks: ask for its name (and those of a 款 or 类 the edition lacks too), keep it
    // pending for this final account (the server's K1 tells the reviewer), then add its rows.
    const pendingBox = document.createElement("div");
    pendingBox.className = "add-subject-pending";
    pendingBox.hidden = true;
    box.appendChild(pendingBox);
    pendingBox.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.matches("input")) { event.preventDefault(); keepPending(pendingBox.dataset.code); }
    });

    function nameField(code, label) {
      const id = `pending-${box.dataset.grid}-${code}`;
      const wrap = document.createElement("span");
      const caption = document.createElement("label");
      caption.htmlFor = id;
      caption.textContent = label;
      const input = document.createElement("input");
      input.type = "text";
      input.id = id;
      input.className = "pending-name";
      input.dataset.code = code;
      input.maxLength = 100;
      input.autocomplete = "off";
      wrap.append(caption, " ", input);
      return wrap;
    }

    function askForName(code, missing, text) {
      pendingBox.innerHTML = "";
      const intro = document.createElement("p");
      intro.className = "add-subject-message";
      intro.textContent = text;
      pendingBox.appendChild(intro);
      pendingBox.appendChild(nameField(code, `科目 ${code} 的名称`));
      for (const parent of missing) pendingBox.appendChild(nameField(parent, `上级科目 ${parent} 的名称`));
      const keep = document.createElement("button");
      keep.type = "button";
      keep.className = "add-pending-button";
      keep.textContent = "作为待确认科目添加";
      const cancel = document.createElement("button");
      cancel.type = "button";
      cancel.textContent = "取消";
      cancel.addEventListener("click", () => { pendingBox.hidden = true; pendingBox.innerHTML = ""; field.focus(); });
      keep.addEventListener("click", () => keepPending(code));
      pendingBox.append(keep, cancel);
      pendingBox.dataset.code = code;
      pendingBox.hidden = false;
      pendingBox.querySelector("input").focus();
    }

    async function keepPending(code) {
      const parents = {};
      let name = "";
      for (const input of pendingBox.querySelectorAll("input.pending-name")) {
        if (input.dataset.code === code) name = input.value.trim(); else parents[input.dataset.code] = input.value.trim();
      }
      if (!name) { pendingBox.querySelector(".add-subject-message").textContent = `请填写科目 ${code} 的名称。`; return; }
      const { ok, data } = await post(form.dataset.pendingUrl, { code, name, parents });
      if (!ok) {
        if (data.missing && data.missing.length) askForName(code, data.missing, data.message);
        else pendingBox.querySelector(".add-subject-message").textContent = data.message;
        return;
      }
      pendingBox.hidden = true;
      pendingBox.innerHTML = "";
      field.value = code;
      await add();
      message.textContent = `已添加待确认科目 ${code} ${data.name}；填入金额并保存后保留，由审核人员确认。`;
    }

    async function add() {
      const code = field.value.trim().split(" ")[0];
      if (!code) return;
      const existing = document.getElementById(`r-${box.dataset.grid}-${code}`);
      if (existing) { focusHash(`#${existing.id}`); message.textContent = `科目 ${code} 已在表中。`; return; }
      const params = new URLSearchParams({ screen: form.dataset.screen, grid: box.dataset.grid, code });
      const response = await fetch(`${form.dataset.rowsUrl}?${params}`, { credentials: "same-origin" });
      const data = await response.json().catch(() => ({}));
      if (!response.ok && data.unknown) { message.textContent = ""; askForName(data.unknown, data.missing || [], data.message); return; }
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

  for (const input of form.querySelectorAll("input.cell")) input.value = displayed(input, input.value);
  indexSums();
  recompute();
  updateStatus();
  updateUndoButtons();
  freezeHeaders();
  if (location.hash) focusHash(location.hash);
})();
