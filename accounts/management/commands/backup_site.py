from django.core.management.base import BaseCommand, CommandError

from accounts.backup import BackupError, backup_site


class Command(BaseCommand):
    help = (
        "把整个站点备份为一个 .tar.gz 文件：数据库（dumpdata JSON）和存储中的全部文件（公开版本的 HTML、PDF、JSON 等），"
        "附每个部分的 SHA-256。适用于小型安装；生产环境的 PostgreSQL 请用 pg_dump（见 docs/backup.md）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="备份文件路径，如 backup-2024-03-01.tar.gz（已存在时覆盖）。")

    def handle(self, *args, output, **options):
        try:
            summary = backup_site(output)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"已备份到 {output}：数据库 {summary.objects} 条记录，存储文件 {summary.files} 个"
            f"（{summary.bytes / 1024 / 1024:.1f} MB）。"
        )
