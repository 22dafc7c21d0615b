from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.final_accounts import use_format, variant_name
from accounts.models import FinalAccount, ReportFormat


class Command(BaseCommand):
    help = "把一份草稿决算改用同一年度、地区的另一版本或变体的报表格式，并记录原因。已公开的版本不受影响。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="财政局标识/部门标识，如 dongxihu/hrss。")
        parser.add_argument("year", type=int, help="决算年度。")
        # Not "--version": every command has that one (it prints Django's version).
        parser.add_argument("--format-version", dest="version", type=int, help="格式版本号；不写为最新版本。")
        parser.add_argument("--variant", help="格式变体；不写为决算现用的变体（空字符串为通用格式）。")
        parser.add_argument("--reason", required=True, help="更换原因，记入格式变更记录。")
        parser.add_argument("--by", help="记为操作人的用户名；不写则不记操作人。")

    def handle(self, *args, path, year, version, variant, reason, by, **options):
        bureau, _, department = path.partition("/")
        final_account = (
            FinalAccount.objects.select_related("report_format", "department__bureau")
            .filter(department__bureau__slug=bureau, department__slug=department, year=year)
            .first()
        )
        if final_account is None:
            raise CommandError(f"没有 {path} {year} 年度的决算。")
        current = final_account.report_format
        variant = current.variant if variant is None else variant
        candidates = ReportFormat.objects.filter(year=current.year, region=current.region, variant=variant)
        if version is not None:
            candidates = candidates.filter(version=version)
        target = candidates.order_by("-version").first()
        if target is None:
            versions = ReportFormat.objects.filter(year=current.year, region=current.region).order_by(
                "variant", "version"
            )
            existing = "、".join(f"{variant_name(f.variant)} 第 {f.version} 版" for f in versions)
            raise CommandError(
                f"{current.region} {current.year} 年没有变体“{variant_name(variant)}”"
                f"{'' if version is None else f'第 {version} 版'}的报表格式（现有：{existing}）。"
            )
        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"没有用户“{by}”。")
        try:
            change = use_format(final_account, target, by=user, reason=reason)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        if change is None:
            self.stdout.write(f"{final_account}已使用“{target}”（第 {target.version} 版），未作修改。")
        else:
            self.stdout.write(
                f"{final_account}已改用“{target}”（{variant_name(target.variant)} 第 {target.version} 版），"
                f"原为第 {current.version} 版。"
            )
