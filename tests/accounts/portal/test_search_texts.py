"""Search over the published texts: topics, economic codes and narrative phrases, with snippets."""

import io

from django.core.management import call_command

from accounts.models import SearchPassage
from accounts.open_data.search import highlight, passages_of

from .conftest import published_departments

DEMO = "/dongxihu/hrss/2022/"


def test_search_finds_sangong_with_a_highlighted_snippet_linking_to_its_place(client, demo):
    page = client.get("/search/", {"q": "三公"}).content.decode()
    assert "公开文本（" in page
    assert "<mark>三公</mark>" in page
    assert f'<a href="{DEMO}#' in page
    passages = SearchPassage.objects.filter(version__final_account=demo, text__contains="三公")
    assert passages.filter(heading__contains="“三公”经费支出决算情况说明").exists()
    anchors = set(passages.values_list("anchor", flat=True))
    assert "" not in anchors
    html = client.get(DEMO).content.decode()
    for anchor in anchors:
        assert f'id="{anchor}"' in html, anchor


def test_search_finds_an_economic_code_in_the_row_that_prints_it(client, demo):
    page = client.get("/search/", {"q": "30217"}).content.decode()
    assert "<mark>30217</mark> 公务接待费" in page
    (row,) = SearchPassage.objects.filter(version__final_account=demo, text__contains="30217 公务接待费")
    assert row.anchor and f'id="{row.anchor}"' in client.get(DEMO).content.decode()


def test_search_finds_a_narrative_phrase(client, demo):
    page = client.get("/search/", {"q": "严格执行中央八项规定"}).content.decode()
    assert "<mark>严格执行中央八项规定</mark>" in page
    assert "已公开的部门决算文本中没有" not in page
    nothing = client.get("/search/", {"q": "不存在的说法"}).content.decode()
    assert "公开文本（0 处）" in nothing


def test_search_of_topics_and_by_year(client, demo):
    for topic in ["机关运行经费", "政府采购"]:
        page = client.get("/search/", {"q": topic}).content.decode()
        assert f"<mark>{topic}</mark>" in page, topic
    assert "公开文本（0 处）" in client.get("/search/", {"q": "三公", "year": 2021}).content.decode()


def test_passages_skip_the_contents_and_keep_row_anchors():
    html = (
        '<nav><h2>目录</h2><a href="#a">三公</a></nav><section id="a"><h3 id="h">说明</h3><p>甲 &amp; 乙</p>'
        '<table><caption>表9</caption><tr><th>30217</th><th>公务接待费</th><td id="c1">0.35</td></tr></table></section>'
    )
    assert passages_of(html) == [
        ("h", "说明", "说明"),
        ("h", "说明", "甲 & 乙"),
        ("h", "表9", "表9"),
        ("c1", "表9", "30217 公务接待费 0.35"),
    ]


def test_highlight_escapes_and_marks_every_occurrence():
    assert (
        str(highlight("<b>三公</b>和三公", "三公"))
        == "&lt;b&gt;<mark>三公</mark>&lt;/b&gt;和<mark>三公</mark>"
    )
    long = "前" * 50 + "三公" + "后" * 50
    assert str(highlight(long, "三公")) == "…" + "前" * 40 + "<mark>三公</mark>" + "后" * 40 + "…"


def test_versions_published_before_the_index_are_indexed_by_the_command(client, district):
    published_departments(district, 2)
    assert SearchPassage.objects.values("version").distinct().count() == 2
    SearchPassage.objects.all().delete()
    assert "公开文本（0 处）" in client.get("/search/", {"q": "行政运行"}).content.decode()
    out = io.StringIO()
    call_command("index_published_texts", stdout=out)
    assert out.getvalue() == "已切分 2 个公开版本的文字。\n"
    assert "公开文本（0 处）" not in client.get("/search/", {"q": "行政运行"}).content.decode()
