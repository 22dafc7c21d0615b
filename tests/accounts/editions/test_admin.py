"""The admin: a bureau's file uploaded, previewed and applied; an edition's gaps shown; pending subjects
confirmed and mapped. Also the timing of a whole-edition-sized file."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import editing, editions
from accounts.models import Edition, FunctionalSubject, IncomeFact

from .workbooks import csv_bytes, generated_edition, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "correct horse battery")
    client.force_login(admin)
    return client


def upload(client, data, name, **fields):
    return client.post(
        "/admin/accounts/edition/load/",
        {"file": SimpleUploadedFile(name, data), "year": "2024", "kind": "", **fields},
    )


def test_an_upload_is_previewed_then_applied(admin_client):
    data = xlsx_bytes([("科目编码", "科目名称"), *generated_edition(sections=3, items=2)])
    response = upload(admin_client, data, "2024年支出功能分类科目.xlsx")
    assert response.status_code == 200
    previous = response.context["previous"]
    assert (previous.base, len(previous.retired), previous.unchanged) == (2022, 0, 79)
    added = len(previous.added)
    assert FunctionalSubject.objects.filter(edition=2024).exists() is False

    response = admin_client.post("/admin/accounts/edition/load/apply/", {"token": response.context["token"]})
    assert response.status_code == 302
    assert FunctionalSubject.objects.filter(edition=2024).count() == 79 + added
    edition = Edition.objects.get(year=2024)
    assert (edition.partial, edition.source) == (False, "2024年支出功能分类科目.xlsx")
    page = admin_client.get("/admin/accounts/edition/").content.decode()
    assert "上传科目表" in page and "完整" in page


def test_a_bad_upload_is_refused_on_the_form_in_chinese(admin_client):
    response = upload(admin_client, csv_bytes([("序号", "金额"), ("1", "2")]), "bad.csv")
    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith("找不到表头")


def test_a_forged_token_applies_nothing(admin_client):
    response = admin_client.post("/admin/accounts/edition/load/apply/", {"token": "forged"})
    assert response.status_code == 302
    assert FunctionalSubject.objects.filter(edition=2024).exists() is False


def test_people_who_are_not_administrators_cannot_load(client, accountant):
    client.force_login(accountant)
    response = client.post("/admin/accounts/edition/load/", {"year": "2024"})
    assert (response.status_code, response.url.startswith("/admin/login/")) == (302, True)


def test_a_partial_edition_shows_what_departments_found_missing(admin_client, final_account):
    editions.add_pending_subject(final_account, code="2050202", name="小学教育")
    edition = Edition.objects.get(year=2022)
    page = admin_client.get(f"/admin/accounts/edition/{edition.pk}/change/").content.decode()
    assert "本版本不完整" in page
    assert "2050202 小学教育（区人社局）" in page


def test_the_admin_confirms_and_maps_pending_subjects(admin_client, final_account):
    confirm = editions.add_pending_subject(final_account, code="2050202", name="小学教育")
    mapped = editions.add_pending_subject(final_account, code="2080198", name="人才服务支出")
    editing.set_income(final_account, code="2080198", source="general_budget", amount="7.00", by=None)
    response = admin_client.post(
        "/admin/accounts/functionalsubject/",
        {"action": "confirm_selected", "_selected_action": [confirm.pk]},
    )
    assert response.status_code == 302
    assert FunctionalSubject.objects.get(edition=2022, code="2050202").is_pending is False
    response = admin_client.post(f"/admin/accounts/functionalsubject/{mapped.pk}/map/", {"target": "2080101"})
    assert response.status_code == 302
    assert IncomeFact.objects.get(final_account=final_account).subject.code == "2080101"


def test_a_whole_edition_is_previewed_and_applied_in_the_admin_in_seconds(admin_client, capsys):
    rows = generated_edition()
    data = xlsx_bytes([("科目编码", "科目名称"), *rows])
    started = time.perf_counter()
    response = upload(admin_client, data, "2024.xlsx")
    previewed = time.perf_counter()
    admin_client.post("/admin/accounts/edition/load/apply/", {"token": response.context["token"]})
    applied = time.perf_counter()
    assert FunctionalSubject.objects.filter(edition=2024).count() == len(rows)
    with capsys.disabled():
        print(
            f"\nedition of {len(rows)} rows ({len(data) // 1024} KB .xlsx): "
            f"upload and preview {previewed - started:.2f} s, apply {applied - previewed:.2f} s"
        )
    assert applied - started < 30


def test_the_forms_show_and_an_edition_is_copied(admin_client, final_account):
    assert (
        "上传财政部门的《政府收支分类科目》"
        in admin_client.get("/admin/accounts/edition/load/").content.decode()
    )
    assert "复制上一版本" in admin_client.get("/admin/accounts/edition/copy/").content.decode()
    response = admin_client.post("/admin/accounts/edition/copy/", {"from_year": "2022", "to_year": "2027"})
    assert response.status_code == 302
    assert FunctionalSubject.objects.filter(edition=2027).count() == 79
    subject = editions.add_pending_subject(final_account, code="2080198", name="人才服务支出")
    page = admin_client.get(f"/admin/accounts/functionalsubject/{subject.pk}/map/").content.decode()
    assert "改为已有科目：2080198 人才服务支出" in page
    listing = admin_client.get("/admin/accounts/functionalsubject/?pending=yes").content.decode()
    assert "2080198" in listing and "改为已有科目" in listing
