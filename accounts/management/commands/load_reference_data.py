from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import reference_data


class Command(BaseCommand):
    help = (
        "载入科目（功能分类、经济分类）和报表格式。默认载入项目自带的 2022 年科目和 "
        "accounts/data/formats/ 下的全部报表格式。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, default=2022, help="科目版本年度（默认 2022）。")
        parser.add_argument("--functional", help="功能分类科目 CSV（列：code,name,parent,explanation）。")
        parser.add_argument("--economic", help="经济分类科目 CSV（列：code,name,parent,group）。")
        parser.add_argument(
            "--format",
            dest="format_file",
            help="只载入这一个报表格式 JSON（格式见 docs/formats.md）；不写则载入项目自带的全部格式。",
        )

    def handle(self, *args, edition, functional, economic, format_file, **options):
        functional = functional or reference_data.default_functional_file(edition)
        economic = economic or reference_data.default_economic_file(edition)
        try:
            n_functional = reference_data.load_functional_subjects(
                edition, reference_data.read_csv(functional)
            )
            n_economic = reference_data.load_economic_subjects(edition, reference_data.read_csv(economic))
            if format_file:
                formats = [reference_data.load_format_file(reference_data.read_format_file(format_file))]
            else:
                formats = reference_data.load_shipped_formats()
        except FileNotFoundError as exc:
            raise CommandError(f"找不到文件：{exc.filename}") from exc
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(f"{edition} 年版科目：功能分类 {n_functional} 个，经济分类 {n_economic} 个。")
        for loaded in formats:
            self.stdout.write(f"{loaded}。")
