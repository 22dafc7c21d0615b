"""The public's journey in a real browser, and basic accessibility checks on every main page.

Checks, in the browser: one h1 and no skipped heading level; every visible form control labelled;
every image with a text alternative; text contrast at least 4.5:1 (3:1 for large text) against the
background it sits on; no page error and no failed request. Screenshots go to artifacts/.
"""

from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from accounts import demo
from accounts.reference_data import load_shipped_reference_data
from tests.browser import CHROMIUM_ARGS

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"

AUDIT = """() => {
  const problems = [];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
      && getComputedStyle(el).visibility !== "hidden";
  const h1 = [...document.querySelectorAll("h1")].filter(visible);
  if (h1.length !== 1) problems.push(`h1 count ${h1.length}`);
  let last = 0;
  for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    if (!visible(h)) continue;
    const level = Number(h.tagName[1]);
    if (last && level > last + 1) problems.push(`heading skips from h${last} to h${level}: ${h.textContent.trim().slice(0, 30)}`);
    last = level;
  }
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden" || !visible(el)) continue;
    const labelled = el.labels && el.labels.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")
      || el.getAttribute("title") || (el.type === "submit" && el.value);
    if (!labelled) problems.push(`unlabelled ${el.tagName.toLowerCase()} #${el.id} name=${el.name}`);
  }
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problems.push(`img without alt: ${img.src}`);
  }
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const parse = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const [r, g, b, a] = parse(getComputedStyle(node).backgroundColor);
      if (a === undefined || a > 0.5) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const el = walker.currentNode.parentElement;
    if (!text || !el || seen.has(el) || !visible(el) || el.closest("svg")) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    const fg = luminance(parse(style.color)), bg = luminance(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)} for "${text.slice(0, 20)}"`);
  }
  if (!document.documentElement.lang) problems.push("html without lang");
  return problems;
}"""


@pytest.fixture
def page(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "response",
            lambda response: (
                errors.append(f"{response.status} {response.url}") if response.status >= 400 else None
            ),
        )
        page.errors = errors
        yield page
        browser.close()
        connections.close_all()


@pytest.fixture
def published_demo(transactional_db):
    load_shipped_reference_data(2022)
    return demo.load_demo().final_account


def audit(page, name):
    page.screenshot(path=ARTIFACTS / f"a11y-{name}.png", full_page=False)
    return page.evaluate(AUDIT)


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo.PASSWORD)
    page.click("main button[type=submit]")


@pytest.mark.slow  # drives a browser
@pytest.mark.django_db(transaction=True)
def test_the_public_reads_the_disclosure_and_every_main_page_is_accessible(live_server, published_demo, page):
    base = live_server.url
    problems = {}

    # The public: home, the disclosure, its PDF and data.
    page.goto(base + "/")
    problems["home"] = audit(page, "home")
    page.click("text=2022年度区人社局部门决算")
    expect(page.locator("h3#table-1-title")).to_have_text("2022年度收入支出决算总表（表1）")
    expect(page.locator("#cell-income_expenditure_summary-r31-1")).to_have_text("12,931.30")
    problems["disclosure"] = audit(page, "disclosure")
    pdf = page.request.get(base + "/dongxihu/hrss/2022/pdf/")
    assert (pdf.status, pdf.body()[:5]) == (200, b"%PDF-")
    data = page.request.get(base + "/dongxihu/hrss/2022/json/").json()
    assert data["final_account"]["version"] == 1

    page.goto(base + "/login/")
    problems["login"] = audit(page, "login")

    # The accountant's main pages.
    sign_in(page, base, "kuaiji")
    for name, path in [
        ("workspace", "/workspace/"),
        ("case", "/review/dongxihu/hrss/2022/"),
        ("findings", "/review/dongxihu/hrss/2022/findings/"),
    ]:
        page.goto(base + path)
        problems[name] = audit(page, name)
    page.click("header button:has-text('退出')")

    # The reviewer's main pages.
    sign_in(page, base, "shenhe")
    for name, path in [
        ("queue", "/review/"),
        ("preview", "/preview/dongxihu/hrss/2022/"),
        ("overview", "/review/overview/"),
        ("draft-review", "/review/dongxihu/hrss/2022/draft/"),
        ("compare", "/review/dongxihu/hrss/2022/compare/?old=p1&new=live"),
        ("history", "/review/dongxihu/hrss/2022/history/?table=表5"),
        ("opinion", "/review/dongxihu/hrss/2022/opinion/"),
    ]:
        page.goto(base + path)
        problems[name] = audit(page, name)
    # A job's page (the draft PDF asked for from the preview; no worker runs it here) and the list.
    page.goto(base + "/preview/dongxihu/hrss/2022/")
    page.click("form.document-actions button")
    expect(page.locator("#job-state")).to_contain_text("排队中")
    problems["job"] = audit(page, "job")
    page.goto(base + "/jobs/")
    problems["jobs"] = audit(page, "jobs")

    assert {name: found for name, found in problems.items() if found} == {}
    assert page.errors == []
