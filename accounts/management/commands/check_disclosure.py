import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.disclosure_checks import DocumentCheck, check_document
from accounts.final_accounts import region_name
from accounts.importing.reading import MAX_FILE_BYTES, too_large_message
from accounts.rules import Severity
from accounts.rules.presentation import figure_text


class Command(BaseCommand):
    help = (
        "读取并审核已公开的部门决算文件（PDF 或 .xlsx），不保存任何数据：逐个文件列出所识别的格式、部门、"
        "年度和审核发现的问题。存在“错误”级别的问题或文件无法读取时以非零状态退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="部门决算文件（.pdf 或 .xlsx）。")
        parser.add_argument(
            "--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json。"
        )

    def handle(self, *args, files, format, **options):
        checks = [self._check(Path(name)) for name in files]
        if format == "json":
            self.stdout.write(json.dumps([check.as_dict() for check in checks], ensure_ascii=False, indent=2))
        else:
            for check in checks:
                self._write_text(check)
        failed = [c for c in checks if c.problems or any(f["severity"] == Severity.ERROR for f in c.findings)]
        if failed:
            raise CommandError(
                f"{len(failed)} 个文件无法读取或存在错误：{'、'.join(c.filename for c in failed)}。",
                returncode=1,
            )

    def _check(self, path):
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                return DocumentCheck(filename=path.name, problems=[too_large_message(size)])
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror or error}。") from None
        return check_document(data, path.name)

    def _write_text(self, check):
        counts = check.counts
        summary = "，".join(f"{Severity(key).label} {counts[key]}" for key in counts)
        where = "、".join(
            part
            for part in (
                check.format_name and f"格式“{check.format_name}”（{region_name(check.region)}）",
                check.department and f"部门“{check.department}”",
                check.year and f"{check.year} 年度",
            )
            if part
        )
        self.stdout.write(f"{check.filename}：{where or '未能识别'}；{summary}")
        for problem in check.problems:
            self.stdout.write(f"  [无法读取] {problem}")
        for finding in check.findings:
            line = f"  [{Severity(finding['severity']).label}] {finding['rule_id']} {finding['target']}：{finding['message']}"
            figures = [
                f"{label} {figure_text(Decimal(finding[key]), finding['unit'])}"
                for label, key in (("应为", "expected"), ("实际", "actual"), ("差额", "difference"))
                if finding[key] is not None
            ]
            self.stdout.write(line + (f"（{'，'.join(figures)}）" if figures else ""))
