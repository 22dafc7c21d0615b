import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import FinalAccount
from accounts.rules import Severity, check_final_accounts, has_errors
from accounts.rules.presentation import figure_text, severity_counts

CHUNK = 500


class Command(BaseCommand):
    help = "审核部门决算：运行全部审核规则并列出发现的问题。存在“错误”级别的问题时以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument(
            "department", nargs="?", help="部门，格式为 <财政局标识>/<部门标识>，例如 dongxihu/hrss。"
        )
        parser.add_argument("year", nargs="?", type=int, help="决算年度，例如 2022。")
        parser.add_argument(
            "--all", action="store_true", dest="all_accounts", help="审核系统中的全部部门决算。"
        )
        parser.add_argument(
            "--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json。"
        )

    def handle(self, *args, department, year, all_accounts, format, **options):
        final_accounts = self._final_accounts(department, year, all_accounts)
        results = []
        # Checked set-based, a chunk at a time: the queries do not grow with the accounts, and only one
        # chunk's facts are in memory.
        for start in range(0, len(final_accounts), CHUNK):
            chunk = final_accounts[start : start + CHUNK]
            found = check_final_accounts(chunk)
            results += [(final_account, found[final_account.pk]) for final_account in chunk]
        if format == "json":
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "final_account": f"{fa.department.path}/{fa.year}",
                            "name": str(fa),
                            "counts": {item.severity: item.count for item in severity_counts(findings)},
                            "findings": [finding.as_dict() for finding in findings],
                        }
                        for fa, findings in results
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            for fa, findings in results:
                self._write_text(fa, findings)
        failed = [fa for fa, findings in results if has_errors(findings)]
        if failed:
            raise CommandError(
                f"{len(failed)} 份部门决算存在错误：{'、'.join(str(fa) for fa in failed)}。", returncode=1
            )

    def _final_accounts(self, department, year, all_accounts):
        queryset = FinalAccount.objects.select_related("department__bureau", "report_format")
        if all_accounts:
            if department or year:
                raise CommandError("使用 --all 时不能再指定部门和年度。")
            return list(queryset.order_by("department__bureau__slug", "department__slug", "year"))
        if not department or not year:
            raise CommandError("请指定 <财政局标识>/<部门标识> <年度>，或使用 --all。")
        bureau, _, slug = department.partition("/")
        final_account = queryset.filter(
            department__bureau__slug=bureau, department__slug=slug, year=year
        ).first()
        if final_account is None:
            raise CommandError(f"找不到 {department} {year} 年度的部门决算。")
        return [final_account]

    def _write_text(self, final_account, findings):
        summary = "，".join(f"{item.label} {item.count}" for item in severity_counts(findings))
        self.stdout.write(
            f"{final_account}（{final_account.department.path} {final_account.year}）：{summary}"
        )
        for finding in findings:
            line = f"  [{Severity(finding.severity).label}] {finding.rule_id} {finding.target}：{finding.message}"
            figures = [
                f"{label} {figure_text(value, finding.unit)}"
                for label, value in (
                    ("应为", finding.expected),
                    ("实际", finding.actual),
                    ("差额", finding.difference),
                )
                if value is not None
            ]
            self.stdout.write(line + (f"（{'，'.join(figures)}）" if figures else ""))
