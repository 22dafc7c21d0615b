"""Creating a final account: the one place that chooses its report format and subject edition.

A final account of `year` uses its region's newest format not later than the year (a format stays in
force until the region's next one) and the newest edition of 《政府收支分类科目》 not later than the year
(the year's own once it is loaded). The region is the bureau's: departments have none of their own.
There is no falling back to the national format for a region without one: the regions' tables differ in
order and layout (上海 prints 三公 as 表7), and a final account laid out in the wrong format would be
published so, so the missing format is refused by name instead.
"""

from django.core.exceptions import ValidationError

from .models import FinalAccount, FunctionalSubject, ReportFormat

NATIONAL = "national"


def format_and_edition(region, year):
    """Return (report format, edition) a final account of `year` in `region` uses, or raise ValidationError."""
    edition = (
        FunctionalSubject.objects.filter(edition__lte=year)
        .order_by("-edition")
        .values_list("edition", flat=True)
        .first()
    )
    if edition is None:
        raise ValidationError(
            f"没有 {year} 年或更早的《政府收支分类科目》，请先载入科目。", code="no_edition"
        )
    report_format = (
        ReportFormat.objects.filter(year__lte=year, region=region, variant="")
        .order_by("-year", "-version")
        .first()
    )
    if report_format is None:
        where = "全国通用" if region == NATIONAL else f"地区“{region}”"
        raise ValidationError(
            f"没有{where} {year} 年或更早的报表格式，请先运行 python manage.py load_reference_data 载入。",
            code="no_format",
        )
    return report_format, edition


def create_final_account(department, year, **fields):
    """Create and return the draft final account of `department` for `year`, with its format and edition.

    `fields` sets other fields of the new final account (entry_unit, provenance, disclosure_date).
    Raises ValidationError when the year exists already or no format or edition is loaded for it.
    """
    if FinalAccount.objects.filter(department=department, year=year).exists():
        raise ValidationError(f"{department.display_name} {year} 年度的决算已存在。", code="exists")
    report_format, edition = format_and_edition(department.bureau.region, year)
    return FinalAccount.objects.create(
        department=department, year=year, report_format=report_format, edition=edition, **fields
    )
