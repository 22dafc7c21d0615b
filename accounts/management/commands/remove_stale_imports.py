"""Delete uploaded workbooks that were previewed but never applied (media/imports/).

An upload is kept in the storage between its preview and its apply; one never applied stays behind
(a closed tab, a replaced upload in a session that expired). Run daily (docs/deployment.md). A preview
older than a day is refused when confirmed anyway (accounts/views/imports.py), so deleting its file
takes nothing from anyone.
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

DIRECTORY = "imports"


class Command(BaseCommand):
    help = "删除超过指定时间仍未导入的上传工作簿（media/imports/）。"

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="保留时间（小时），默认 24。")

    def handle(self, *, hours, **options):
        cutoff = timezone.now() - timedelta(hours=hours)
        try:
            _directories, files = default_storage.listdir(DIRECTORY)
        except FileNotFoundError:
            files = []
        removed = 0
        for name in files:
            path = f"{DIRECTORY}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
        self.stdout.write(f"已删除 {removed} 个超过 {hours} 小时未导入的工作簿。")
        return None
