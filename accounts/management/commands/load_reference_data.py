import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import reference_data


class Command(BaseCommand):
    help = "载入科目（功能分类、经济分类）和报表格式。默认载入项目自带的 2022 年数据。"

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, default=2022, help="科目版本年度（默认 2022）。")
        parser.add_argument("--functional", help="功能分类科目 CSV（列：code,name,parent,explanation）。")
        parser.add_argument("--economic", help="经济分类科目 CSV（列：code,name,parent,group）。")
        parser.add_argument("--format", dest="format_file", help="报表格式 JSON。")

    def handle(self, *args, edition, functional, economic, format_file, **options):
        functional = functional or reference_data.default_functional_file(edition)
        economic = economic or reference_data.default_economic_file(edition)
        format_file = format_file or reference_data.default_format_file(edition)
        try:
            n_functional = reference_data.load_functional_subjects(
                edition, reference_data.read_csv(functional)
            )
            n_economic = reference_data.load_economic_subjects(edition, reference_data.read_csv(economic))
            with open(format_file, encoding="utf-8") as handle:
                report_format = reference_data.load_report_format(json.load(handle))
        except FileNotFoundError as exc:
            raise CommandError(f"找不到文件：{exc.filename}") from exc
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(
            f"{edition} 年版科目：功能分类 {n_functional} 个，经济分类 {n_economic} 个；报表格式“{report_format}”。"
        )
