from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.document import build_document
from accounts.document.pdf import render_html, render_pdf
from accounts.models import FinalAccount
from accounts.publishing import draft_version_data, json_bytes


class Command(BaseCommand):
    help = (
        "把一个部门决算的公开文件输出为 HTML、PDF 或 JSON（与公开版本冻结的 JSON 同一结构：事实、九张表的"
        "每个单元格、审核发现、说明，可逐数比对）。"
        " / Write the disclosure of one final account as HTML, PDF or JSON (the JSON a publication would"
        " freeze: facts, every cell of the tables, findings and explanations, to compare figure by figure)."
        " 例 / e.g.: manage.py render_disclosure dongxihu/hrss 2022 --format json --output hrss-2022.json"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "department",
            help="部门，写作 <财政局标识>/<部门标识>，如 dongxihu/hrss。 / The department as <bureau>/<department>.",
        )
        parser.add_argument("year", type=int, help="决算年度，如 2022。 / The fiscal year.")
        parser.add_argument(
            "--format",
            choices=["html", "pdf", "json"],
            default="pdf",
            help="输出格式（默认 pdf）；json 为公开版本冻结的数据，金额以元为单位的文本。"
            " / Output format (default pdf); json holds amounts in 元 as exact text.",
        )
        parser.add_argument(
            "--output",
            "-o",
            help="输出文件路径；不写或写作 - 时 HTML、JSON 输出到标准输出（PDF 须指定文件）。"
            " / The file to write; without it (or with -) HTML and JSON go to standard output.",
        )

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
        to_stdout = output in (None, "-")
        if to_stdout and format == "pdf":
            raise CommandError("PDF 须用 --output 指定输出文件。")
        if format == "json":
            content = json_bytes(draft_version_data(final_account))
        else:
            document = build_document(final_account)
            draft = not final_account.is_published
            if format == "pdf":
                content = render_pdf(document, draft=draft)
            else:
                content = render_html(document, draft=draft).encode("utf-8")
        if to_stdout:
            # Only the document on standard output, so that it can be piped or redirected.
            self.stdout.write(content.decode("utf-8"), ending="" if content.endswith(b"\n") else "\n")
            return
        Path(output).write_bytes(content)
        self.stdout.write(f"已输出 {final_account}（{format.upper()}）到 {output}")
