from django.core.management.base import BaseCommand

from accounts.open_data.search import index_missing


class Command(BaseCommand):
    help = (
        "为公开搜索切分已公开版本的文字（标题、段落、表格行）。每个版本公开时自动切分；"
        "本命令补齐此前公开、尚未切分的现行版本，可重复运行。"
    )

    def handle(self, *args, **options):
        self.stdout.write(f"已切分 {index_missing()} 个公开版本的文字。")
