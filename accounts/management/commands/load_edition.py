from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import editions


class Command(BaseCommand):
    help = (
        "载入财政部门的《政府收支分类科目》科目表（.xlsx 或 CSV，列：科目编码、科目名称、说明），"
        "列出相对上一版本新增、改名、删除的科目，然后载入（--dry-run 只列出）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="科目表文件（.xlsx，或 UTF-8 / GB18030 编码的 CSV）。")
        parser.add_argument("--edition", type=int, required=True, help="版本年度，如 2024。")
        parser.add_argument(
            "--kind",
            choices=["functional", "economic"],
            help="科目类别（默认按编码判断：2 开头为功能分类）。",
        )
        parser.add_argument("--from", dest="base", type=int, help="对比的版本年度（默认为前一个已有版本）。")
        parser.add_argument(
            "--partial", action="store_true", help="文件只含部分科目：载入后版本仍标为不完整。"
        )
        parser.add_argument("--dry-run", action="store_true", help="只列出变化，不载入。")

    def handle(self, *args, file, edition, kind, base, partial, dry_run, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise CommandError(f"找不到文件：{file}") from exc
        try:
            edition_file = editions.read_edition_file(data, filename=path.name, kind=kind)
            changes = editions.compare_edition(edition_file, edition, base=base)
            label = editions.KIND_LABELS[edition_file.kind]
            self.stdout.write(
                f"{path.name}：{edition_file.layout}共 {len(edition_file.lines)} 个{label}科目。"
            )
            against = f"{changes.base} 年版" if changes.base is not None else "空版本"
            self.stdout.write(
                f"相对{against}：新增 {len(changes.added)} 个，改名 {len(changes.renamed)} 个，"
                f"删除 {len(changes.retired)} 个，不变 {changes.unchanged + changes.explained} 个。"
            )
            for code, old, new in changes.renamed[:50]:
                self.stdout.write(f"  改名 {code}：{old} → {new}")
            for code, name in changes.retired[:50]:
                self.stdout.write(f"  删除 {code} {name}")
            if dry_run:
                return
            applied = editions.apply_edition(edition_file, edition, partial=partial, source=path.name)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        text = (
            f"已载入 {edition} 年版{label}科目：新增 {len(applied.added)} 个，改名 {len(applied.renamed)} 个，"
            f"删除 {len(applied.retired)} 个"
        )
        if applied.kept_in_use:
            codes = "、".join(code for code, _name in applied.kept_in_use)
            text += f"；仍被部门决算使用而保留 {len(applied.kept_in_use)} 个：{codes}"
        self.stdout.write(text + "。")
