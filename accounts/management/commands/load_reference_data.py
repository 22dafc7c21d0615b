from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import reference_data


class Command(BaseCommand):
    help = (
        "载入科目（功能分类、经济分类）和报表格式。不带参数时载入项目自带的全部科目版本（2022–2025，均为不完整版本）"
        "和报表格式；财政部门的完整科目表用 load_edition 载入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, help="只载入此版本年度的科目（默认载入全部自带版本）。")
        parser.add_argument("--functional", help="功能分类科目 CSV（列：code,name,parent,explanation）。")
        parser.add_argument("--economic", help="经济分类科目 CSV（列：code,name,parent,group）。")
        parser.add_argument(
            "--format",
            dest="format_file",
            help="只载入这一个报表格式 JSON（格式见 docs/formats.md）；不写则载入项目自带的全部格式。",
        )

    def handle(self, *args, edition, functional, economic, format_file, **options):
        try:
            if edition is None and not (functional or economic or format_file):
                self._load_everything()
                return
            edition = edition or 2022
            self._load_edition(edition, functional, economic, format_file)
        except FileNotFoundError as exc:
            raise CommandError(f"找不到文件：{exc.filename}") from exc
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc

    def _load_everything(self):
        for year, n_functional, n_economic in reference_data.load_shipped_editions():
            self.stdout.write(
                f"{year} 年版科目：功能分类 {n_functional} 个，经济分类 {n_economic} 个（不完整）。"
            )
        for loaded in reference_data.load_shipped_formats():
            self.stdout.write(f"{loaded}。")

    def _load_edition(self, edition, functional, economic, format_file):
        functional = functional or reference_data.default_functional_file(edition)
        economic = economic or reference_data.default_economic_file(edition)
        n_functional = reference_data.load_functional_subjects(edition, reference_data.read_csv(functional))
        n_economic = reference_data.load_economic_subjects(edition, reference_data.read_csv(economic))
        text = f"{edition} 年版科目：功能分类 {n_functional} 个，经济分类 {n_economic} 个"
        # A format named is loaded (or its absence reported); the shipped one only where the year has one.
        if format_file is None and reference_data.default_format_file(edition).exists():
            format_file = reference_data.default_format_file(edition)
        if format_file:
            loaded = reference_data.load_format_file(reference_data.read_format_file(format_file))
            text += f"；{loaded}"
        self.stdout.write(text + "。")
