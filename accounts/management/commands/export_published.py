from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory

from accounts.open_data.export import export_published
from accounts.open_data.frozen import LayoutMissing, TamperedFile


class Command(BaseCommand):
    help = (
        "把每个已公开版本导出为静态文件（HTML、PDF、JSON、CSV、XLSX），目录结构与网址一致，"
        "可由 nginx 或 CDN 直接提供；另写出 nginx 配置示例 nginx.conf.example。"
    )

    def add_arguments(self, parser):
        parser.add_argument("output_dir", help="导出目录（不存在时创建；已有文件被覆盖）。")
        parser.add_argument("--listen", default="8080", help="nginx 配置示例中的监听地址，默认 8080。")

    def handle(self, *args, output_dir, listen, **options):
        try:
            # Pages are rendered as an anonymous visitor sees them, without a web server.
            result = export_published(output_dir, request_factory=RequestFactory(), listen=listen)
        # A damaged file, an old version whose layout is not frozen yet, or a page that could not be served.
        except (TamperedFile, LayoutMissing, RuntimeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"导出了 {result.versions} 个公开版本：{result.files} 个文件，共 {result.bytes / 1024 / 1024:.1f} MB，"
            f"位于 {output_dir}。"
        )
