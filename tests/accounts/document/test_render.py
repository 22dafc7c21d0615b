"""The disclosure as a web page and as a PDF: every table title and figure, access, query counts."""

import io
import re
import subprocess

import pytest
from django.core.management import call_command

from accounts import editing
from accounts.document import build_document
from accounts.document.pdf import render_pdf
from accounts.formatting import table_amount
from accounts.models import Job
from accounts.statements import build_statements_for
from tests.builders import make_accountant, make_department, make_reviewer
from tests.workers import run_queued_tasks

URL = "/dongxihu/hrss/2022/"


def squeeze(text):
    return re.sub(r"\s+", "", text)


def expected_titles_and_figures(final_account):
    statements = build_statements_for(final_account)
    titles = [f"2022年度{s.title}（{s.label}）" for s in statements.values()]
    figures = sorted(
        {table_amount(cell.value) for s in statements.values() for cell in s.amount_cells()} - {""}
    )
    return titles, figures


def pdf_text(pdf_bytes, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.slow  # renders the whole disclosure to PDF
def test_pdf_holds_every_table_title_and_figure_with_embedded_subset_fonts(demo, tmp_path):
    pdf = render_pdf(build_document(demo))
    text = squeeze(pdf_text(pdf, tmp_path))
    titles, figures = expected_titles_and_figures(demo)
    assert [title for title in titles if title not in text] == []
    assert [figure for figure in figures if figure not in text] == []
    assert "本套报表金额单位转换时可能存在尾数误差" in text
    assert "2022年度收入总计12931.30万元，支出总计12931.30万元。" in text
    assert "人员经费1369.67万元" in text
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "document.pdf")], capture_output=True, text=True
    ).stdout
    cjk = [line.split() for line in fonts.splitlines() if "CJK" in line]
    assert cjk != []
    assert all(row[-5:-3] == ["yes", "yes"] for row in cjk)  # embedded, subset


@pytest.mark.slow  # renders the whole disclosure to PDF
def test_pdf_has_a_page_per_table_and_bookmarks(demo, tmp_path):
    pdf = render_pdf(build_document(demo))
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    pages = []
    for number in range(1, 40):
        result = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            break
        pages.append(squeeze(result.stdout))
    for table in range(1, 10):
        holding = [i for i, page in enumerate(pages) if f"（表{table}）" in page and "部门：" in page]
        assert len(holding) == 1, f"表{table} title with its table on {holding}"
    assert all(page for page in pages)  # no empty page
    outline = subprocess.run(["pdfinfo", "-struct", str(path)], capture_output=True, text=True)
    assert outline.returncode == 0


def test_preview_page_holds_every_table_title_and_figure(client, demo):
    client.force_login(make_accountant(demo.department, "lisi"))
    response = client.get("/preview" + URL)
    assert response.status_code == 200
    html = response.content.decode()
    text = squeeze(re.sub(r"<[^>]+>", "", html))
    titles, figures = expected_titles_and_figures(demo)
    assert [title for title in titles if title not in text] == []
    assert [figure for figure in figures if figure not in text] == []
    assert "草稿预览" in text
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert '<main id="main" role="main">' in html


@pytest.mark.slow  # renders the whole disclosure to PDF
def test_preview_pdf_is_rendered_by_a_job_and_downloaded_from_its_page(client, demo):
    accountant = make_accountant(demo.department, "lisi")
    client.force_login(accountant)
    response = client.post("/preview" + URL + "pdf/")
    job = Job.objects.get(kind=Job.Kind.DRAFT_PDF, owner=accountant)
    assert (response.status_code, response.headers["Location"]) == (302, f"/jobs/{job.pk}/")
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404  # not rendered yet
    run_queued_tasks()
    assert f'href="/jobs/{job.pk}/file/"' in client.get(f"/jobs/{job.pk}/").content.decode()
    response = client.get(f"/jobs/{job.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="2022-dongxihu-hrss-draft.pdf"'
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    client.force_login(make_reviewer(demo.department.bureau, "wangwu"))  # another member: not theirs
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404


@pytest.fixture
def draft(demo):
    return demo


def test_a_draft_is_a_404_for_the_public(client, draft):
    assert client.get(URL).status_code == 404
    assert client.get(URL + "pdf/").status_code == 404
    assert client.get("/preview" + URL).status_code == 302  # to the login page


def test_members_see_a_draft_marked_as_such(client, draft):
    client.force_login(make_accountant(draft.department, "lisi"))
    response = client.get("/preview" + URL)
    assert response.status_code == 200
    assert "草稿预览：本部门决算尚未公开" in response.content.decode()
    assert client.get(URL).status_code == 404  # nothing published yet, for members too
    client.force_login(make_reviewer(draft.department.bureau, "wangwu"))
    assert client.get("/preview" + URL).status_code == 200


def test_outsiders_get_a_404_for_a_draft(client, draft):
    other = make_department(draft.department.bureau, slug="finance", name="区财政局机关")
    client.force_login(make_accountant(other, "zhaoliu"))
    assert client.get("/preview" + URL).status_code == 404
    assert client.get("/preview" + URL + "pdf/").status_code == 404
    assert client.post("/preview" + URL + "pdf/").status_code == 404


def test_an_unknown_address_is_a_404(client, demo):
    assert client.get("/dongxihu/hrss/2021/").status_code == 404
    assert client.get("/dongxihu/nobody/2022/").status_code == 404


@pytest.mark.parametrize("item_count", [1, 3])
def test_rendering_the_page_takes_a_constant_number_of_queries(
    client, final_account, django_assert_num_queries, item_count
):
    for code in ["2080101", "2080505", "2101101"][:item_count]:
        editing.set_expenditure(
            final_account, code=code, fund="general_budget", kind="basic", amount="100", by=None
        )
        editing.set_budget(final_account, code=code, amount="90", by=None)
    client.force_login(make_accountant(final_account.department, "lisi"))
    # 20 = the facts, the statements' sections, and one for the department's written explanations.
    with django_assert_num_queries(20):
        response = client.get("/preview/dongxihu/hrss/2022/")
    assert response.status_code == 200


@pytest.mark.slow  # renders the whole disclosure to PDF
def test_render_disclosure_command_writes_html_and_pdf(demo, tmp_path):
    out = io.StringIO()
    call_command(
        "render_disclosure",
        "dongxihu/hrss",
        "2022",
        "--format",
        "html",
        "--output",
        str(tmp_path / "d.html"),
        stdout=out,
    )
    assert "2022年度区人社局部门决算公开" in (tmp_path / "d.html").read_text(encoding="utf-8")
    call_command(
        "render_disclosure", "dongxihu/hrss", "2022", "--output", str(tmp_path / "d.pdf"), stdout=out
    )
    assert (tmp_path / "d.pdf").read_bytes()[:5] == b"%PDF-"


def test_render_disclosure_command_names_a_missing_final_account(demo, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError) as excinfo:
        call_command("render_disclosure", "dongxihu/hrss", "2019", "--output", str(tmp_path / "x.pdf"))
    assert str(excinfo.value) == "找不到 dongxihu/hrss 的 2019 年度部门决算。"


@pytest.mark.slow  # renders the whole disclosure to PDF
def test_pdf_headers_read_whole_and_empty_tables_say_so_naming_the_department(demo, tmp_path):
    """What a machine reader of the PDF expects of an official layout."""
    pdf = render_pdf(build_document(demo))
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in lines.splitlines()]
    statements = build_statements_for(demo)
    headers = {
        header.text
        for statement in statements.values()
        for row in statement.header_rows
        for header in row
        if header.unbroken and len(header.text) >= 2 and not header.text.isdigit()
    }
    # The one header with spaces names three code columns (类, 款, 项), not one spaced word.
    assert {header for header in headers if " " in header} == {"类 款 项"}
    headers -= {"类 款 项"}
    assert {"收入", "项目", "栏次", "本年收入合计", "本年支出合计", "功能分类科目编码"} <= headers
    # Every header of a few words is a line of its own: never wrapped inside a word ("本年收入合/计").
    assert sorted(header for header in headers if header not in lines) == []
    # Never spaced with literal spaces ("收 入"): the spacing is the stylesheet's, on screen.
    assert [line for line in lines if line in {" ".join(header) for header in headers}] == []
    department = "武汉市东西湖区人力资源和社会保障局"
    for sentence in (
        f"注：{department}无政府性基金预算财政拨款收入、支出及结转和结余，故本表无数据。",
        f"注：{department}无国有资本经营预算财政拨款支出，故本表无数据。",
    ):
        assert sentence in squeeze(" ".join(lines))
