from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.final_accounts import set_up_department, variant_name


class Command(BaseCommand):
    help = "新建部门（财政局不存在时一并新建）。重复运行不作修改；部门已存在时按所给信息更新名称、简称和格式变体。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="财政局标识/部门标识，如 dongxihu/hrss。")
        parser.add_argument("--bureau-name", required=True, help="财政局名称，如 东西湖区财政局。")
        parser.add_argument("--name", required=True, help="部门全称。")
        parser.add_argument("--short-name", required=True, help="部门简称，如 区人社局。")
        parser.add_argument(
            "--region", required=True, help="财政局所在地区的格式标识，如 national 或 shanghai。"
        )
        parser.add_argument(
            "--format", dest="variant", default="", help="部门所用的报表格式变体，如 26类；不写为通用格式。"
        )

    def handle(self, *args, path, bureau_name, name, short_name, region, variant, **options):
        try:
            result = set_up_department(
                path,
                bureau_name=bureau_name,
                name=name,
                short_name=short_name,
                region=region,
                variant=variant,
            )
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        department = result.department
        if result.bureau_created:
            self.stdout.write(
                f"已新建财政局“{department.bureau.name}”（{department.bureau.slug}），地区 {region}。"
            )
        if result.department_created:
            self.stdout.write(
                f"已新建部门“{department.name}”（{department.path}），格式变体：{variant_name(variant)}。"
            )
        elif result.changes:
            self.stdout.write(
                f"已更新部门“{department.name}”（{department.path}）：{'；'.join(result.changes)}。"
            )
        else:
            self.stdout.write(
                f"部门“{department.name}”（{department.path}）已存在且与所给信息一致，未作修改。"
            )
