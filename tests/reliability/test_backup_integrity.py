"""Backups verify every published file before writing; a restore that fails leaves nothing it wrote.

Before: a published file altered in the storage was archived with a fresh hash of its own, and a
restore whose check of the published files failed kept every row and file it had written.
"""

import io
import json
import tarfile

import pytest
from django.core.files.storage import default_storage

from accounts.backup import BackupError, backup_site, restore_site, sha256
from accounts.models import FinalAccount, PublishedVersion
from tests.security.builders import fill_clean, publish

from .test_backup import NAMES, empty_site

PDF = NAMES[2]


@pytest.fixture
def published(final_account, accountant, reviewer):
    fill_clean(final_account)
    return publish(final_account, accountant=accountant, reviewer=reviewer)


def test_a_backup_refuses_a_published_file_that_fails_its_hash_and_writes_no_archive(published, tmp_path):
    with default_storage.open(PDF, "wb") as handle:
        handle.write(b"%PDF-1.7 altered after publication")
    archive = tmp_path / "site.tar.gz"
    with pytest.raises(BackupError) as refused:
        backup_site(archive)
    assert str(refused.value) == f"存储文件 {PDF} 与公开时记录的 SHA-256 不符（已被改动或损坏），未写入备份。"
    assert list(tmp_path.glob("*site.tar.gz*")) == []


def test_a_backup_refuses_a_missing_published_file(published, tmp_path):
    default_storage.delete(PDF)
    with pytest.raises(BackupError) as refused:
        backup_site(tmp_path / "site.tar.gz")
    assert str(refused.value) == f"公开版本的存储文件 {PDF} 缺失，未写入备份。"


def consistent_archive_with_an_altered_pdf(source, target):
    """An archive whose manifest matches its members, but whose PDF is not what the version recorded."""
    with tarfile.open(source) as archive:
        members = {member.name: archive.extractfile(member).read() for member in archive.getmembers()}
    members[f"files/{PDF}"] = b"%PDF-1.7 not the published one"
    manifest = json.loads(members["manifest.json"])
    manifest["files"][PDF] = sha256(members[f"files/{PDF}"])
    members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(target, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def test_a_restore_that_fails_its_check_leaves_no_row_and_no_file(published, tmp_path, settings):
    good = tmp_path / "site.tar.gz"
    backup_site(good)
    altered = tmp_path / "altered.tar.gz"
    consistent_archive_with_an_altered_pdf(good, altered)
    empty_site(settings, tmp_path)
    with pytest.raises(BackupError) as refused:
        restore_site(altered)
    assert (
        str(refused.value)
        == "恢复中止，未留下任何数据：2022年度区人社局部门决算 第1版 的 pdf 文件校验失败，已停止提供。"
    )
    assert (FinalAccount.objects.count(), PublishedVersion.objects.count()) == (0, 0)
    assert list((tmp_path / "restored-media").rglob("*.*")) == []
    # The good archive still restores into what the failed restore left.
    assert restore_site(good).versions == 1
