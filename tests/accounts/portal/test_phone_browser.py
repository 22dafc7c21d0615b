"""The disclosure and the portal on a phone (390×844) in a real browser.

No page-wide sideways scroll; every table scrolls inside its box, with a visible cue and its first
column kept in view, and its last column reachable; the 部门/单位 line above each table apart (or
wrapped); chart text at least 11 px as rendered; a way
back to the table of contents from anywhere; touch-sized links; charts at least 3:1 against white;
every table named by a caption (or its labelled region); no heading before the h1.
"""

import json
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

from accounts import demo
from accounts.reference_data import load_shipped_reference_data
from tests.accessibility.test_main_pages import AUDIT, CHROMIUM_ARGS

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
PHONE = {"width": 390, "height": 844}

MEASURE = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) problems.push(`page ${document.documentElement.scrollWidth} px wide`);
  for (const table of document.querySelectorAll("main table")) {
    let box = table;
    while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    const name = (table.closest("[aria-labelledby]") || table).getAttribute("aria-labelledby") || table.className;
    if (!box) { if (table.getBoundingClientRect().right > width) problems.push(`table ${name} outside a scroll box`); continue; }
    box.scrollLeft = box.scrollWidth;
    const row = table.querySelector("tbody tr:last-child") || table.querySelector("tr");
    const last = row.lastElementChild.getBoundingClientRect();
    if (last.right > Math.min(width, box.getBoundingClientRect().right) + 1) problems.push(`last column of ${name} out of reach`);
    if (box.scrollWidth > box.clientWidth) {
      const first = row.firstElementChild;
      if (getComputedStyle(first).position !== "sticky") problems.push(`first column of ${name} not sticky`);
      if (!getComputedStyle(box).backgroundImage.includes("gradient")) problems.push(`no scroll cue on ${name}`);
    }
    box.scrollLeft = 0;
  }
  for (const table of document.querySelectorAll("main table")) {
    const region = table.closest("[role=region]");
    const named = (el) => el && (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby"));
    if (!table.querySelector("caption") && !named(table) && !named(region)) problems.push(`table without caption: ${table.className}`);
  }
  const first = document.querySelector("h1, h2, h3, h4, h5, h6");
  if (first && first.tagName !== "H1") problems.push(`${first.tagName} before the h1: ${first.textContent.trim().slice(0, 20)}`);
  for (const svg of document.querySelectorAll("main svg")) {
    const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal.width || svg.getBoundingClientRect().width);
    for (const text of svg.querySelectorAll("text")) {
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (size < 11) { problems.push(`chart text ${size.toFixed(1)} px: ${text.textContent.slice(0, 12)}`); break; }
    }
  }
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  for (const shape of document.querySelectorAll("main svg rect, main svg path, main svg circle")) {
    const [r, g, b] = (getComputedStyle(shape).fill.match(/[\\d.]+/g) || []).map(Number);
    if (r === undefined || (r === 255 && g === 255 && b === 255)) continue;
    const l = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const ratio = 1.05 / (l + 0.05);
    if (ratio < 3) { problems.push(`chart colour rgb(${r},${g},${b}) at ${ratio.toFixed(2)}:1`); }
  }
  for (const meta of document.querySelectorAll(".statement-meta")) {
    const [left, right] = [...meta.children].map((span) => span.getBoundingClientRect());
    if (!right) continue;
    const sameLine = left.bottom > right.top + 1 && right.bottom > left.top + 1;
    if (sameLine && right.left - left.right < 8) { problems.push(`部门/单位 line ${(right.left - left.right).toFixed(0)} px apart`); break; }
    if (right.right > meta.getBoundingClientRect().right + 1) { problems.push("单位 beyond its line"); break; }
  }
  for (const link of document.querySelectorAll(".downloads a, .toc a, .portal-nav a, .account-list a")) {
    const box = link.getBoundingClientRect();
    if (box.height && box.height < 44) { problems.push(`link "${link.textContent.trim().slice(0, 12)}" ${box.height.toFixed(0)} px tall`); break; }
  }
  return problems;
}"""


@pytest.fixture
def phone(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="zh-CN")
        yield page
        browser.close()
        connections.close_all()


@pytest.mark.slow  # drives a browser
@pytest.mark.django_db(transaction=True)
def test_disclosure_and_portal_read_on_a_phone(live_server, phone):
    load_shipped_reference_data(2022)
    demo.load_demo()
    base = live_server.url
    problems = {}
    for name, path in [
        ("disclosure", "/dongxihu/hrss/2022/"),
        ("home", "/"),
        ("bureau", "/bureaus/dongxihu/"),
        ("compare", "/compare/dongxihu/2022/"),
        ("search", "/search/?q=2080101"),
        ("search texts", "/search/?q=%E4%B8%89%E5%85%AC"),
        ("chosen", "/compare/dongxihu/chosen/?d=dongxihu/hrss&y=2022"),
        ("department", "/bureaus/dongxihu/hrss/"),
        ("api", "/api/"),
    ]:
        phone.goto(base + path)
        phone.screenshot(path=ARTIFACTS / f"phone-{name}.png", full_page=False)
        found = phone.evaluate(MEASURE) + phone.evaluate(AUDIT)
        if found:
            problems[name] = found
    (ARTIFACTS / "phone-problems.json").write_text(json.dumps(problems, ensure_ascii=False, indent=1))
    assert problems == {}

    # From the last table, one tap leads back to the table of contents.
    phone.goto(base + "/dongxihu/hrss/2022/")
    phone.locator("#table-9").scroll_into_view_if_needed()
    back = phone.locator("a.back-to-toc")
    assert back.is_visible() and back.bounding_box()["height"] >= 44
    back.click()
    assert phone.locator("#toc-heading").bounding_box()["y"] < 844
