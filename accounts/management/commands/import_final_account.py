from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.importing import ImportRefused, WorkbookError, apply_import, prepare_import, read_upload
from accounts.importing.applying import draft_final_account
from accounts.importing.pdf import MAX_PDF_BYTES, is_pdf
from accounts.importing.presentation import file_unit, finding_line
from accounts.models import Department


class Command(BaseCommand):
    help = (
        "从 Excel 工作簿（.xlsx，每表一张工作表）按印制的样子导入部门决算的九张表：按标题识别各表，按表头文字"
        "识别各栏，按项目名称或行次识别各行（有无行次、栏次，科目编码合一或按类/款/项分列，“三公”按块或成对，"
        "均可），印制数原样保留并公开；打印审核发现（如印制数与明细的尾数误差）。无法定位的单元格逐一指出，"
        "有错误时不保存任何数据。"
        " / Import the nine tables of a final account from an .xlsx workbook as the department printed them"
        " (one sheet per table, found by its title; columns by their headers, rows by their labels or 行次);"
        " the printed figures are kept and published as printed. Nothing is saved when there is an error,"
        " and each cell that cannot be placed is named."
        " 也可从公开的部门决算 PDF（文字层）导入：按同样的规则读取其中的各表。"
        " / A published disclosure PDF (its text layer) is read by the same rules."
        " 例 / e.g.: manage.py import_final_account tables.xlsx --department dongxihu/hrss --year 2022 --dry-run"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            help="要导入的 .xlsx 工作簿或部门决算 PDF。 / The .xlsx workbook or disclosure PDF to import.",
        )
        parser.add_argument(
            "--department",
            required=True,
            help="部门，写作 <财政局标识>/<部门标识>，如 dongxihu/hrss（create_department 所建）。"
            " / The department as <bureau>/<department>.",
        )
        parser.add_argument(
            "--year",
            required=True,
            type=int,
            help="决算年度，如 2022；尚无该年度部门决算时新建草稿，使用该年度该地区的报表格式。"
            " / The fiscal year; a draft is created in the year's format when there is none.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="只检查并打印结果，不保存。 / Check and report only; save nothing.",
        )
        parser.add_argument(
            "--accept-new-subjects",
            action="store_true",
            help="把科目版本中没有的科目编码按工作簿中的名称新增到该年度科目中（参考数据管理员使用）。"
            " / Add subject codes the edition lacks, with the workbook's names.",
        )
        parser.add_argument(
            "--user", help="记录为修改人的用户名（可省略）。 / The username recorded as the changes' author."
        )

    def handle(self, *args, file, department, year, dry_run, accept_new_subjects, user, **options):
        bureau_slug, _, department_slug = department.partition("/")
        found = (
            Department.objects.select_related("bureau")
            .filter(bureau__slug=bureau_slug, slug=department_slug)
            .first()
        )
        if found is None:
            raise CommandError(f"找不到部门“{department}”（应写作 <财政局标识>/<部门标识>）。")
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"找不到用户“{user}”。")
        path = Path(file)
        try:
            with path.open("rb") as handle:
                head = handle.read(1024)
                handle.seek(0)
                # A published PDF embeds its fonts: it may be larger than any workbook of the tables.
                data = read_pdf_file(handle) if is_pdf(head) else read_upload(handle)
        except OSError as error:
            raise CommandError(f"无法读取文件 {file}：{error.strerror or error}。") from None
        except WorkbookError as error:
            raise CommandError(str(error)) from None
        # A final account created for a dry run is rolled back with everything else.
        with transaction.atomic():
            try:
                final_account, created = draft_final_account(found, year)
            except ValidationError as error:
                raise CommandError(error.messages[0]) from None
            if dry_run:
                result = prepare_import(
                    final_account, data, filename=path.name, accept_new_subjects=accept_new_subjects
                )
                transaction.set_rollback(True)
            else:
                try:
                    result = apply_import(
                        final_account,
                        data,
                        by=by,
                        filename=path.name,
                        accept_new_subjects=accept_new_subjects,
                    )
                except ImportRefused as refused:
                    result = refused.result
                    transaction.set_rollback(True)
        self.report(result, created=created, dry_run=dry_run)

    def report(self, result, *, created, dry_run):
        write = self.stdout.write
        from_pdf = bool(result.printed_texts) or result.filename.lower().endswith(".pdf")
        for table in result.tables.values():
            unit = "万元" if table.unit == "wanyuan" else "元"
            where = f"PDF {table.sheet}" if from_pdf else f"工作表“{table.sheet}”"
            write(f"{where} → 表{table.number} {table.title}（{unit}，{len(table.figures)} 个金额单元格）")
        if result.printed_texts:
            write(f"PDF 印制的说明文字 {len(result.printed_texts)} 节。")
        for notice in result.notices:
            write(f"说明：{notice}")
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"错误：{error}")
            raise CommandError(f"导入失败：{len(result.errors)} 处错误，未保存任何数据。")
        if created:
            write(f"{result.final_account} 尚不存在，{'将' if dry_run else '已'}新建为草稿。")
        write(f"数据变动 {len(result.changes)} 项；审核发现 {len(result.findings)} 条：")
        for finding in result.findings:
            write(f"  {finding_line(finding, file_unit(result))}")
        if dry_run:
            write("试运行：未保存任何数据。")
        else:
            write(f"已导入 {result.final_account}，保存印制单元格 {len(result.figures)} 个。")


def read_pdf_file(handle):
    data = handle.read(MAX_PDF_BYTES + 1)
    if len(data) > MAX_PDF_BYTES:
        raise WorkbookError(f"PDF 文件超过上限 {MAX_PDF_BYTES // 1024 // 1024} MB。")
    return data
