from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.document import build_document
from accounts.document.pdf import render_html, render_pdf
from accounts.models import FinalAccount


class Command(BaseCommand):
    help = "把一个部门决算的公开文件输出为 HTML 或 PDF。"

    def add_arguments(self, parser):
        parser.add_argument("department", help="部门，写作 <财政局标识>/<部门标识>，如 dongxihu/hrss。")
        parser.add_argument("year", type=int, help="决算年度，如 2022。")
        parser.add_argument("--format", choices=["html", "pdf"], default="pdf", help="输出格式（默认 pdf）。")
        parser.add_argument("--output", required=True, help="输出文件路径。")

    def handle(self, *args, department, year, format, output, **options):
        bureau_slug, _, department_slug = department.partition("/")
        if not department_slug:
            raise CommandError(f"部门“{department}”应写作 <财政局标识>/<部门标识>。")
        final_account = (
            FinalAccount.objects.select_related("department__bureau", "report_format")
            .filter(department__bureau__slug=bureau_slug, department__slug=department_slug, year=year)
            .first()
        )
        if final_account is None:
            raise CommandError(f"找不到 {department} 的 {year} 年度部门决算。")
        document = build_document(final_account)
        draft = not final_account.is_published
        if format == "pdf":
            Path(output).write_bytes(render_pdf(document, draft=draft))
        else:
            Path(output).write_text(render_html(document, draft=draft), encoding="utf-8")
        self.stdout.write(f"已输出 {final_account}（{format.upper()}）到 {output}")
