from django.core.management.base import BaseCommand, CommandError

from accounts.publishing import TamperedFile, fill_missing_cells


class Command(BaseCommand):
    help = "为发布时尚无公开数据单元格的版本补录单元格（读取其已校验的 JSON）；已有单元格的版本不变。"

    def handle(self, *args, **options):
        try:
            filled = fill_missing_cells()
        except TamperedFile as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"补录了 {filled} 个公开版本的数据单元格。")
