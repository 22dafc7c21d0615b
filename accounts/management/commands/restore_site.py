from django.core.management.base import BaseCommand, CommandError

from accounts.backup import BackupError, restore_site
from accounts.publishing import TamperedFile


class Command(BaseCommand):
    help = (
        "从 backup_site 生成的 .tar.gz 文件恢复站点：只能恢复到已迁移（manage.py migrate）的空数据库和空的文件存储。"
        "先校验备份中每个部分的 SHA-256，恢复后再逐一校验每个公开版本的文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="backup_site 生成的备份文件路径。")

    def handle(self, *args, archive, **options):
        try:
            summary = restore_site(archive)
        except (BackupError, TamperedFile) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"已从 {archive} 恢复：数据库 {summary.objects} 条记录，存储文件 {summary.files} 个，"
            f"{summary.versions} 个公开版本的文件校验无误。"
        )
