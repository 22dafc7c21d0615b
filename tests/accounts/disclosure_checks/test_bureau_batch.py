"""A reviewer checks a batch of disclosures made elsewhere: upload, background job, report, downloads."""

import csv
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from accounts.disclosure_checks import MAX_DOCUMENTS, report_xlsx
from accounts.models import Department, FinalAccount, Job
from tests.workers import run_queued_tasks

PAGE = "/review/disclosures/"


def zipped(members, *, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client, bureau, *files):
    return client.post(
        PAGE,
        {"bureau": bureau.pk, "files": [SimpleUploadedFile(name, data) for name, data in files]},
    )


def test_only_reviewers_see_the_page(client, reviewer, accountant):
    client.force_login(accountant)
    assert client.get(PAGE).status_code == 404
    client.force_login(reviewer)
    page = client.get(PAGE).content.decode()
    assert "核对已公开的部门决算文件" in page and 'enctype="multipart/form-data"' in page
    assert PAGE in client.get("/review/").content.decode()


def test_a_batch_is_checked_in_the_background_and_reported(
    client, reviewer, bureau, reference_workbook, media_root
):
    client.force_login(reviewer)
    departments, accounts = Department.objects.count(), FinalAccount.objects.count()
    batch = zipped(
        [
            ("区人社局/2022.xlsx", reference_workbook),
            ("说明.txt", "不是决算".encode()),
            ("__MACOSX/._2022.xlsx", b"\x00"),
            ("坏文件.xlsx", b"not a workbook"),
        ]
    )
    response = upload(client, bureau, ("district.zip", batch), ("single.xlsx", reference_workbook))
    job = Job.objects.get(kind=Job.Kind.DISCLOSURE_CHECK)
    assert (response.status_code, response.headers["Location"]) == (302, f"/jobs/{job.pk}/")
    assert len(list((media_root / "disclosure-checks").rglob("*.bin"))) == 3  # the readable-looking files

    run_queued_tasks()
    job.refresh_from_db()
    assert (job.state, job.step, job.result_url) == (
        "succeeded",
        "已核对 2 / 4 个文件",
        f"/review/disclosures/{job.pk}/",
    )
    # Nothing was saved, and the uploads are gone.
    assert (Department.objects.count(), FinalAccount.objects.count()) == (departments, accounts)
    assert list((media_root / "disclosure-checks").rglob("*.bin")) == []

    documents = job.result["documents"]
    assert [(d["file"], d["year"], d["department"], d["problems"]) for d in documents] == [
        ("district.zip/区人社局/2022.xlsx", 2022, "武汉市东西湖区人力资源和社会保障局", []),
        ("district.zip/说明.txt", None, "", ["不是 PDF 或 .xlsx 文件，未核对。"]),
        ("district.zip/坏文件.xlsx", None, "", [documents[2]["problems"][0]]),
        ("single.xlsx", 2022, "武汉市东西湖区人力资源和社会保障局", []),
    ]
    assert documents[2]["problems"][0].startswith("文件不是 .xlsx 工作簿")
    assert documents[0]["findings"] == documents[3]["findings"] != []

    report = client.get(job.result_url).content.decode()
    assert "district.zip/说明.txt" in report and "不是 PDF 或 .xlsx 文件，未核对。" in report
    assert report.count('<section id="document-') == 4
    # 表1 本年收入合计 as printed against 表2's: figures as the findings page writes them.
    assert "<td>R17</td>" in report and "<td>123,419,900.00 元</td><td>123,419,800.00 元</td>" in report

    book = load_workbook(io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/file/").streaming_content)))
    summary = list(book["汇总"].values)
    assert summary[0] == ("文件", "部门", "年度", "格式", "错误", "警告", "提示", "无法读取")
    assert [row[0] for row in summary[1:]] == [d["file"] for d in documents]
    assert summary[2][7] == "不是 PDF 或 .xlsx 文件，未核对。"
    findings = list(book["问题清单"].values)
    assert len(findings) == 1 + 2 * len(documents[0]["findings"]) + 2  # two documents' findings, two problems

    response = client.get(f"/review/disclosures/{job.pk}/findings.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1:] == [["" if cell is None else str(cell) for cell in row] for row in findings[1:]]


def test_another_reviewer_cannot_see_the_report(
    client, reviewer, other_bureau_reviewer, bureau, reference_workbook
):
    client.force_login(reviewer)
    upload(client, bureau, ("single.xlsx", reference_workbook))
    job = Job.objects.get(kind=Job.Kind.DISCLOSURE_CHECK)
    run_queued_tasks()
    client.force_login(other_bureau_reviewer)
    assert client.get(f"/review/disclosures/{job.pk}/").status_code == 404
    assert client.get(f"/review/disclosures/{job.pk}/findings.csv").status_code == 404


def test_a_zip_bomb_is_one_line_and_too_many_files_a_clear_error(client, reviewer, bureau):
    client.force_login(reviewer)
    bomb = zipped([("bomb.pdf", b"\x00" * (5 * 1024 * 1024))])
    assert len(bomb) < 50 * 1024
    response = upload(client, bureau, ("bomb.zip", bomb), ("broken.zip", b"PK not really"))
    assert response.status_code == 302
    job = Job.objects.get(kind=Job.Kind.DISCLOSURE_CHECK)
    assert [(f["name"], f["problem"], f["path"]) for f in job.params["files"]] == [
        ("bomb.zip/bomb.pdf", "压缩比超过 100:1，可能是压缩炸弹，未解压。", ""),
        ("broken.zip", "ZIP 文件已损坏，无法解压。", ""),
    ]

    many = zipped([(f"{n}.pdf", b"%PDF-1.4") for n in range(MAX_DOCUMENTS + 1)])
    response = upload(client, bureau, ("many.zip", many))
    assert response.status_code == 200
    assert (
        f"many.zip 内含 {MAX_DOCUMENTS + 1} 个文件，超过上限 {MAX_DOCUMENTS} 个，请分批上传。"
        in response.content.decode()
    )
    assert Job.objects.filter(kind=Job.Kind.DISCLOSURE_CHECK).count() == 1


def test_the_report_workbook_lists_a_document_that_could_not_be_read():
    from accounts.disclosure_checks import DocumentCheck

    book = load_workbook(
        io.BytesIO(report_xlsx([DocumentCheck(filename="a.pdf", problems=["第3页的表格无法读取。"])]))
    )
    assert list(book["汇总"].values)[1] == ("a.pdf", None, None, None, 0, 0, 0, "第3页的表格无法读取。")
    assert list(book["问题清单"].values)[1][:6] == ("a.pdf", None, None, "无法读取", None, None)
