"""Backup and restore of a small installation: the database and every stored file in one .tar.gz archive.

The archive holds manifest.json (format, date, the migrations applied, the SHA-256 of every member),
database.json (Django's dumpdata, with natural keys for content types and permissions, which migrate
creates anew) and files/<name> for every file of the default storage. It is written and read through
Django's storage API, so the same commands work when the files live in an S3-compatible store.

For PostgreSQL in production, pg_dump and a copy of the storage are the tools (docs/backup.md); this
archive is for SQLite installs, for moving a site between databases, and for checking that a backup
really restores.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .models import PublishedVersion
from .publishing import KINDS, LAYOUT, TamperedFile, read_verified

FORMAT = 1
# Made again by migrate (and referred to by natural key), or transient: sessions and login throttling.
EXCLUDED_MODELS = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
)
# Uploads waiting between an import's preview and its apply belong to sessions, which are not kept.
TRANSIENT_DIRECTORIES = ("imports",)


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why, for the administrator."""


@dataclass(frozen=True)
class BackupSummary:
    objects: int  # database rows in the archive
    files: int
    bytes: int
    versions: int = 0  # published versions whose stored files were verified after a restore


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def stored_names(directory=""):
    """Return the names of every file of the default storage, sorted, leaving out TRANSIENT_DIRECTORIES."""
    try:
        directories, files = default_storage.listdir(directory)
    except FileNotFoundError:  # nothing stored yet: the media root does not exist
        return []
    names = [str(PurePosixPath(directory, name)) if directory else name for name in files]
    for sub in directories:
        path = str(PurePosixPath(directory, sub)) if directory else sub
        if path not in TRANSIENT_DIRECTORIES:
            names += stored_names(path)
    return sorted(names)


def applied_migrations(using=DEFAULT_DB_ALIAS):
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connections[using]).applied_migrations())


def _add(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _dump_database(using):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "database.json"
        call_command(
            "dumpdata",
            exclude=list(EXCLUDED_MODELS),
            natural_foreign=True,
            use_base_manager=True,
            output=str(path),
            database=using,
            verbosity=0,
            stdout=io.StringIO(),
        )
        return path.read_bytes()


def backup_site(output, *, using=DEFAULT_DB_ALIAS):
    """Write the archive of the database and the stored files to `output` (a path); return a BackupSummary.

    The database is read in one transaction (REPEATABLE READ on PostgreSQL), so it is one consistent
    state; the files are listed after it, so every file a dumped row names is there (a version's files
    are stored before its row commits). Files stored after the dump are taken too and are harmless.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        # Only the transaction's first statement may set its isolation; inside a caller's transaction
        # (a test's), that transaction's snapshot is what is read.
        if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        database = _dump_database(using)
        migrations = applied_migrations(using)
        recorded = recorded_hashes(using)
    names = stored_names()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "migrations": migrations,
        "database_sha256": sha256(database),
        "files": {},
    }
    # Every file is read and checked before the archive is begun: a published file that no longer
    # matches the SHA-256 its version recorded (altered or damaged in the storage) would otherwise be
    # archived with a fresh hash of its own, and the damage restored as if it were the original.
    contents = {}
    for name in names:
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
        if name in recorded and sha256(data) != recorded[name]:
            raise BackupError(f"存储文件 {name} 与公开时记录的 SHA-256 不符（已被改动或损坏），未写入备份。")
        contents[name] = data
        manifest["files"][name] = sha256(data)
    missing = sorted(set(recorded) - set(contents))
    if missing:
        raise BackupError(f"公开版本的存储文件 {missing[0]} 缺失，未写入备份。")
    # Written beside the target and renamed into place: a failure leaves no half archive at `output`.
    output = Path(output)
    partial = output.with_name(f".{output.name}.partial")
    try:
        with tarfile.open(partial, "w:gz") as archive:
            _add(archive, "database.json", database)
            for name, data in contents.items():
                _add(archive, f"files/{name}", data)
            _add(archive, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    total = sum(len(data) for data in contents.values())
    return BackupSummary(objects=len(json.loads(database)), files=len(names), bytes=total)


def recorded_hashes(using=DEFAULT_DB_ALIAS):
    """Return {stored name: SHA-256} of every file a published version names, as recorded at publication."""
    recorded = {}
    for version in PublishedVersion.objects.using(using).order_by("pk"):
        for kind in (*KINDS, LAYOUT):
            name = getattr(version, f"{kind}_file")
            if name:
                recorded[name] = getattr(version, f"{kind}_sha256")
    return recorded


def _read_archive(path):
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {member.name: member for member in archive.getmembers() if member.isfile()}
            if "manifest.json" not in members or "database.json" not in members:
                raise BackupError(f"{path} 不是本系统的备份文件（缺少 manifest.json 或 database.json）。")
            manifest = json.loads(archive.extractfile(members["manifest.json"]).read())
            database = archive.extractfile(members["database.json"]).read()
            files = {
                name: archive.extractfile(members[f"files/{name}"]).read()
                for name in manifest.get("files", {})
                if f"files/{name}" in members
            }
    except (OSError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"无法读取备份文件 {path}：{error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份文件格式 {manifest.get('format')!r} 不受支持（本版本读取格式 {FORMAT}）。")
    if sha256(database) != manifest["database_sha256"]:
        raise BackupError("备份文件中的数据库部分校验失败，文件已损坏。")
    for name, expected in manifest["files"].items():
        if name not in files:
            raise BackupError(f"备份文件缺少存储文件 {name}。")
        if sha256(files[name]) != expected:
            raise BackupError(f"备份文件中的存储文件 {name} 校验失败，文件已损坏。")
    return manifest, database, files


def _check_empty(using):
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError("数据库尚未迁移到最新结构：请先运行 python manage.py migrate，再恢复。")
    excluded = {label for label in EXCLUDED_MODELS if "." in label}
    excluded_apps = {label for label in EXCLUDED_MODELS if "." not in label}
    occupied = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded
        and model._meta.managed
        and not model._meta.proxy
        and model._base_manager.using(using).exists()
    ]
    if occupied:
        raise BackupError(
            f"数据库不是空的（已有 {'、'.join(occupied[:5])} 等数据），只能恢复到新建的空数据库。"
        )
    existing = stored_names()
    if existing:
        raise BackupError(
            f"文件存储不是空的（已有 {existing[0]} 等 {len(existing)} 个文件），只能恢复到空的存储。"
        )


def restore_site(path, *, using=DEFAULT_DB_ALIAS):
    """Restore an archive of backup_site into an empty, migrated database and an empty storage.

    Every member is checked against the manifest before anything is written; the files are stored
    first, then the rows are loaded and every published version's files read back through
    read_verified in one transaction. All or nothing: if the rows or a check fail (or anything else,
    down to an interrupt), the transaction rolls back and the stored files are removed again. An
    archive made by a newer release (with migrations this one lacks) is refused.
    """
    manifest, database, files = _read_archive(path)
    missing = sorted(set(manifest["migrations"]) - set(applied_migrations(using)))
    if missing:
        raise BackupError(
            f"备份来自更新的版本（本版本没有迁移 {'、'.join(missing[:3])}），请用相同或更新的版本恢复。"
        )
    _check_empty(using)
    stored = []
    try:
        for name, data in sorted(files.items()):
            saved = default_storage.save(name, ContentFile(data))
            stored.append(saved)
            if saved != name:
                raise BackupError(f"存储文件 {name} 被保存为 {saved}，恢复中止。")
        with tempfile.TemporaryDirectory() as directory:
            fixture = Path(directory) / "database.json"
            fixture.write_bytes(database)
            # The rows and their check in one transaction: a version whose files fail their recorded
            # SHA-256 rolls everything back, and the files stored above are removed below.
            with transaction.atomic(using=using):
                call_command("loaddata", str(fixture), database=using, verbosity=0, stdout=io.StringIO())
                versions = list(PublishedVersion.objects.using(using).order_by("pk"))
                for version in versions:
                    for kind in KINDS:
                        _verified(version, kind)
                    if version.layout_file:
                        _verified(version, LAYOUT)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return BackupSummary(
        objects=len(json.loads(database)),
        files=len(files),
        bytes=sum(len(data) for data in files.values()),
        versions=len(versions),
    )


def _verified(version, kind):
    try:
        read_verified(version, kind)
    except TamperedFile as error:
        raise BackupError(f"恢复中止，未留下任何数据：{error}") from error
