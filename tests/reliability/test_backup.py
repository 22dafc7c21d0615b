"""Backup and restore (accounts/backup.py, docs/backup.md): a published version comes back byte for byte."""

import io
import json
import tarfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts import workflow
from accounts.backup import backup_site
from accounts.models import PublishedVersion, Transition
from accounts.open_data.public_json import public_data
from accounts.publishing import KINDS, json_bytes, read_verified
from tests.security.builders import fill_clean, publish

NAMES = [
    "published/dongxihu/hrss/2022/v1/document.html",
    "published/dongxihu/hrss/2022/v1/document.json",
    "published/dongxihu/hrss/2022/v1/document.pdf",
]


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def empty_site(settings, tmp_path):
    """Empty the database as a fresh `migrate` leaves it, and point the storage at an empty directory."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # TRUNCATE refuses tables with deferred checks pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ContentType.objects.clear_cache()  # flush recreated the content types under new keys
    settings.MEDIA_ROOT = tmp_path / "restored-media"


@pytest.fixture
def published(final_account, accountant, reviewer):
    fill_clean(final_account)
    return publish(final_account, accountant=accountant, reviewer=reviewer)


def test_backup_then_restore_into_an_empty_site_round_trips_a_published_version(
    client, published, accountant, tmp_path, settings
):
    original = {kind: read_verified(published, kind) for kind in KINDS}
    archive = tmp_path / "site.tar.gz"
    assert run("backup_site", str(archive)).startswith(f"已备份到 {archive}：数据库 ")
    with tarfile.open(archive) as members:
        assert sorted(members.getnames()) == [
            "database.json",
            *(f"files/{name}" for name in NAMES),
            "manifest.json",
        ]

    empty_site(settings, tmp_path)
    assert PublishedVersion.objects.count() == 0
    assert run("restore_site", str(archive)).endswith("存储文件 3 个，1 个公开版本的文件校验无误。\n")

    restored = PublishedVersion.objects.get()
    assert (restored.pk, restored.number, restored.html_file) == (published.pk, 1, NAMES[0])
    assert {kind: read_verified(restored, kind) for kind in KINDS} == original
    client.cookies["restored"] = "1"  # past the memory of rendered pages, to the stored files
    page = client.get("/dongxihu/hrss/2022/")
    assert (page.status_code, original["html"].decode() in page.content.decode()) == (200, True)
    assert client.get("/dongxihu/hrss/2022/v1/pdf/").content == original["pdf"]
    # Readers get the frozen JSON without the checks' findings (accounts.open_data.public_json).
    public = json_bytes(public_data(json.loads(original["json"])))
    assert client.get("/dongxihu/hrss/2022/v1/json/").content == public

    # The restored site goes on: passwords work, and new rows get keys past the restored ones.
    assert (
        client.post("/login/", {"username": "alice", "password": "correct horse battery"}).status_code == 302
    )
    step = workflow.open_correction(restored.final_account, by=accountant, reason="更正")
    assert step.pk > max(Transition.objects.exclude(pk=step.pk).values_list("pk", flat=True))


def test_a_restore_into_a_site_that_is_not_empty_is_refused(published, tmp_path):
    archive = tmp_path / "site.tar.gz"
    backup_site(archive)
    with pytest.raises(CommandError) as refused:
        run("restore_site", str(archive))
    assert str(refused.value).startswith("数据库不是空的（已有 ") is True
    assert PublishedVersion.objects.count() == 1


def test_a_damaged_archive_is_refused_before_anything_is_written(published, tmp_path, settings):
    archive = tmp_path / "site.tar.gz"
    backup_site(archive)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == f"files/{NAMES[2]}":
                data = data.replace(b"%PDF-", b"%PDF+", 1)
            target.addfile(member, io.BytesIO(data))
    empty_site(settings, tmp_path)
    with pytest.raises(CommandError) as refused:
        run("restore_site", str(damaged))
    assert str(refused.value) == f"备份文件中的存储文件 {NAMES[2]} 校验失败，文件已损坏。"
    assert (PublishedVersion.objects.count(), (tmp_path / "restored-media").exists()) == (0, False)


def test_the_manifest_names_every_file_with_its_sha256(published, tmp_path):
    archive = tmp_path / "site.tar.gz"
    summary = backup_site(archive)
    with tarfile.open(archive) as members:
        manifest = json.loads(members.extractfile("manifest.json").read())
    assert manifest["files"] == {
        NAMES[0]: published.html_sha256,
        NAMES[1]: published.json_sha256,
        NAMES[2]: published.pdf_sha256,
    }
    assert (summary.files, manifest["format"], "accounts.0001_initial" in manifest["migrations"]) == (
        3,
        1,
        True,
    )
