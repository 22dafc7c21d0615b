from django.core.management.base import BaseCommand, CommandError

from accounts.open_data.layout import freeze_missing_layouts
from accounts.publishing import TamperedFile


class Command(BaseCommand):
    help = (
        "为表格版式未随 JSON 冻结的旧公开版本（表头、跨列、注释）按其公开时所用的报表格式生成一次版式补充文件，"
        "连同 SHA-256 保存；原 JSON 不变，此后下载与接口只读冻结的文件。已有版式的版本不变，可重复运行。"
    )

    def handle(self, *args, **options):
        try:
            versions = freeze_missing_layouts()
        except TamperedFile as error:
            raise CommandError(str(error)) from error
        for version in versions:
            self.stdout.write(f"{version}：已冻结报表版式。")
        self.stdout.write(f"补全了 {len(versions)} 个公开版本的报表版式。")
