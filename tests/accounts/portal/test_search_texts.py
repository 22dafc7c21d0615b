"""Search over the published texts: topics, economic codes and narrative phrases, with snippets."""

import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import SearchGram, SearchPassage
from accounts.open_data import search
from accounts.open_data.queries import current_versions
from accounts.open_data.search import (
    grams_of,
    highlight,
    matching_keys,
    passages_of,
    rarest_grams,
    search_passages,
)
from tests.builders import make_department, make_final_account

from .conftest import DEPARTMENTS, enter_clean_figures, publish, published_departments

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


def test_pairs_are_lower_cased_adjacent_characters_without_spaces():
    # 三 U+4E09, 公 U+516C; a U+0061, b U+0062: (first << 16 | second) - 2**31
    assert grams_of("AB 三公") == {-838250132, -2141126558}
    assert grams_of("三") == set()
    assert grams_of("三公 10,773.39 12.71%") == {-838250132}  # amounts are found by the substring scan


def test_search_reads_the_pair_index_and_finds_what_a_full_scan_finds(client, demo):
    """三公, 30217 and a narrative phrase: candidates come from SearchGram, the same passages as a scan."""
    indexed = SearchGram.objects.filter(passage__version__final_account=demo)
    assert indexed.filter(gram=-838250132).count() == (
        SearchPassage.objects.filter(version__final_account=demo, text__contains="三公").count()
    )
    for term, least in [("三公", 8), ("30217", 1), ("严格执行中央八项规定", 1)]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/search/", {"q": term}).content.decode()
        assert f"<mark>{term}</mark>" in page
        # Candidates from the pair index; the substring check only ever reads passages by key.
        sqls = [query["sql"] for query in queries]
        assert any(sql.startswith('SELECT "accounts_searchgram"."passage_id"') for sql in sqls), term
        checks = [sql for sql in sqls if "LIKE" in sql and "accounts_searchpassage" in sql]
        assert checks and all('"accounts_searchpassage"."id" IN (' in sql for sql in checks), term
        assert 1 <= len(rarest_grams(term)) <= 4
        found = list(matching_keys(term))
        scanned = SearchPassage.objects.filter(version__in=current_versions(), text__icontains=term)
        assert sorted(found) == sorted(scanned.values_list("pk", flat=True)), term
        assert len(found) >= least, term


def test_a_single_character_or_an_amount_is_searched_without_the_index(client, demo, monkeypatch):
    page = client.get("/search/", {"q": "聘"}).content.decode()
    assert "<mark>聘</mark>" in page
    assert rarest_grams("聘") == [] and rarest_grams("10773.39") == []
    assert "<mark>10773.39</mark>" in client.get("/search/", {"q": "10773.39"}).content.decode()
    # Passages come in document order; beyond the counted number, the page says so.
    positions = [passage.position for passage in search_passages("三公")[0:30]]
    assert positions == sorted(positions) and len(positions) == 8
    monkeypatch.setattr(search, "COUNTED_MATCHES", 5)
    page = client.get("/search/", {"q": "支出"}).content.decode()
    assert "公开文本（5 处以上）" in page and page.count('<p class="snippet">') == 5


def test_a_search_page_is_kept_until_the_next_publication(client, district):
    published_departments(district, 1)
    client.get("/search/", {"q": "行政运行"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/search/", {"q": "行政运行"}).content.decode()
    assert "<mark>行政运行</mark>" in again
    assert not [query for query in queries if "accounts_searchpassage" in query["sql"]]
    slug, name, short_name, amount, code = DEPARTMENTS[1]
    department = make_department(district, slug=slug, name=name, short_name=short_name)
    publish(enter_clean_figures(make_final_account(department), amount, code=code))
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "行政运行"})
    assert [query for query in queries if "accounts_searchpassage" in query["sql"]]
