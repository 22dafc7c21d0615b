"""Creating a final account: the one place that chooses its report format and subject edition.

A final account of `year` uses its region's newest format not later than the year (a format stays in
force until the region's next one) and the newest edition of 《政府收支分类科目》 not later than the year
(the year's own once it is loaded). The region is the bureau's: departments have none of their own.
There is no falling back to the national format for a region without one: the regions' tables differ in
order and layout (上海 prints 三公 as 表7), and a final account laid out in the wrong format would be
published so, so the missing format is refused by name instead.

Variants: a department may use a variant of its region's format (`Department.format_variant`, e.g. the
上海 documents that list 24 类). The format year is chosen first (the region's newest year not later than
the account's), then the variant within it, newest version. A department whose variant that year lacks
is refused, naming the variants that exist: falling back to the usual layout would print the other 类
list. A draft changes format (a new version, another variant) only through `use_format`, which records
who did it and why.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from .models import (
    Department,
    FinalAccount,
    FinanceBureau,
    FormatChange,
    FunctionalSubject,
    PrintedCell,
    ReportFormat,
)

NATIONAL = "national"
MOVABLE_STATUSES = (FinalAccount.Status.DRAFT, FinalAccount.Status.RETURNED)


def variant_name(variant):
    """Return the Chinese name of a variant: "通用" for the usual one."""
    return variant or "通用"


def region_name(region):
    return "全国通用" if region == NATIONAL else f"地区“{region}”"


def format_year(region, year):
    """Return the year of the formats in force for `year` in `region` (its newest not later), or None."""
    return ReportFormat.objects.filter(region=region, year__lte=year).aggregate(top=Max("year"))["top"]


def formats_for(year, region):
    """Return the newest version of every variant of `region`'s formats in force for `year`.

    The usual variant comes first, then the others by name. The importer matches a workbook against
    these to find the variant it prints. Empty when the region has no format for the year or earlier.
    """
    in_force = format_year(region, year)
    newest = {}
    for report_format in ReportFormat.objects.filter(region=region, year=in_force).order_by(
        "variant", "-version"
    ):
        newest.setdefault(report_format.variant, report_format)
    return list(newest.values())


def format_and_edition(region, year, variant=""):
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
    formats = {f.variant: f for f in formats_for(year, region)}
    if not formats:
        raise ValidationError(
            f"没有{region_name(region)} {year} 年或更早的报表格式，请先运行 python manage.py load_reference_data 载入。",
            code="no_format",
        )
    if variant not in formats:
        in_force = next(iter(formats.values())).year
        existing = "、".join(variant_name(v) for v in formats)
        raise ValidationError(
            f"{region_name(region)} {in_force} 年的报表格式没有变体“{variant_name(variant)}”（现有：{existing}）。"
            "请载入该变体，或在管理后台把部门的格式变体改为现有的一个。",
            code="no_variant",
        )
    return formats[variant], edition


def create_final_account(department, year, **fields):
    """Create and return the draft final account of `department` for `year`, with its format and edition.

    `fields` sets other fields of the new final account (entry_unit, provenance, disclosure_date).
    Raises ValidationError when the year exists already or no format or edition is loaded for it.
    """
    if FinalAccount.objects.filter(department=department, year=year).exists():
        raise ValidationError(f"{department.display_name} {year} 年度的决算已存在。", code="exists")
    report_format, edition = format_and_edition(department.bureau.region, year, department.format_variant)
    return FinalAccount.objects.create(
        department=department, year=year, report_format=report_format, edition=edition, **fields
    )


@transaction.atomic
def use_format(final_account, report_format, *, by, reason):
    """Move a draft `final_account` to `report_format` (a newer version or another variant); record it.

    Only a draft or returned final account moves: a submitted one is under review as it is laid out,
    and a published version keeps the format it was frozen with. The new format must be of the
    account's region and in force for its year. Return the FormatChange, or None when nothing changed.
    """
    given = final_account
    final_account = (
        FinalAccount.objects.select_for_update()
        .select_related("department__bureau", "report_format")
        .get(pk=given.pk)
    )
    if final_account.status not in MOVABLE_STATUSES:
        raise ValidationError(
            f"{final_account}状态为“{final_account.get_status_display()}”，只有草稿或已退回的决算可以更换报表格式。",
            code="not_draft",
        )
    region = final_account.department.bureau.region
    if report_format.region != region or report_format.year > final_account.year:
        raise ValidationError(
            f"报表格式“{report_format}”（{report_format.region} {report_format.year} 年）不适用于"
            f"{region_name(region)} {final_account.year} 年度的决算。",
            code="wrong_format",
        )
    if not reason.strip():
        raise ValidationError("请写明更换报表格式的原因。", code="no_reason")
    old = final_account.report_format
    if old.pk == report_format.pk:
        return None
    FinalAccount.objects.filter(pk=final_account.pk).update(report_format=report_format)
    given.report_format = report_format
    _release_lined_printed_cells(final_account, old, report_format)
    return FormatChange.objects.create(
        final_account=final_account, old_format=old, new_format=report_format, user=by, reason=reason.strip()
    )


# The tables whose printed cells are addressed by 行次, which formats number differently (上海's
# compact lines, 24 or 26 类): a printed cell of one format is no cell of the other.
LINED_KINDS = ("income_expenditure_summary", "appropriation_summary")


def _lines(report_format):
    rows = list(report_format.category_rows.values_list("code", "summary_line", "appropriation_line"))
    layouts = dict(report_format.tables.filter(kind__in=LINED_KINDS).values_list("kind", "layout"))
    return rows, layouts


def _release_lined_printed_cells(final_account, old, new):
    """Drop the printed 表1/表4 cells of a draft moved to a format whose lines differ (their totals are
    then derived from the facts, as after any change beneath them); cells addressed by code stay."""
    if _lines(old) == _lines(new):
        return
    PrintedCell.objects.filter(
        final_account=final_account,
        address__regex=r"^cell\|(" + "|".join(LINED_KINDS) + r")\|",
    ).delete()


def move_drafts(report_format, *, by, reason):
    """Move every draft using an older version of `report_format`'s variant to it; return the changes."""
    drafts = FinalAccount.objects.filter(
        status__in=MOVABLE_STATUSES,
        report_format__year=report_format.year,
        report_format__region=report_format.region,
        report_format__variant=report_format.variant,
        report_format__version__lt=report_format.version,
    )
    return [use_format(draft, report_format, by=by, reason=reason) for draft in drafts]


@dataclass(frozen=True)
class DepartmentSetUp:
    """What `set_up_department` did: the department, whether it and its bureau were created, what changed."""

    department: Department
    bureau_created: bool
    department_created: bool
    changes: tuple


def _refuse_unknown_region_or_variant(region, variant):
    regions = sorted(set(ReportFormat.objects.values_list("region", flat=True)))
    if region not in regions:
        raise ValidationError(
            f"没有地区“{region}”的报表格式（现有地区：{'、'.join(regions) or '无'}）。",
            code="unknown_region",
        )
    variants = sorted(set(ReportFormat.objects.filter(region=region).values_list("variant", flat=True)))
    if variant not in variants:
        raise ValidationError(
            f"地区“{region}”没有报表格式变体“{variant_name(variant)}”"
            f"（现有：{'、'.join(variant_name(v) for v in variants)}）。",
            code="unknown_variant",
        )


def _full_clean(instance, what):
    """Validate `instance`, naming each refused field and its value ("部门标识“上海”：…")."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        messages = []
        for field, errors in exc.message_dict.items():
            if field == "__all__":
                messages.extend(errors)
                continue
            label, value = instance._meta.get_field(field).verbose_name, getattr(instance, field)
            messages.extend(
                error if f"“{value}”" in error else f"{what}{label}“{value}”：{error}" for error in errors
            )
        raise ValidationError(messages, code="invalid") from exc


@transaction.atomic
def set_up_department(path, *, bureau_name, name, short_name, region, variant=""):
    """Create the department at `path` ("<bureau>/<department>") and its bureau if missing; return a DepartmentSetUp.

    Running it again with the same values changes nothing. An existing department takes the given
    name, short name and variant; an existing bureau must have the given name and region (changing a
    bureau's region changes the format of all its departments, so that is done in the admin). The region
    and the variant must be those of a loaded format.
    """
    bureau_slug, _, department_slug = path.partition("/")
    if not bureau_slug or not department_slug or "/" in department_slug:
        raise ValidationError(f"“{path}”应写作 财政局标识/部门标识，如 dongxihu/hrss。", code="bad_path")
    _refuse_unknown_region_or_variant(region, variant)
    bureau = FinanceBureau.objects.filter(slug=bureau_slug).first()
    bureau_created = bureau is None
    if bureau_created:
        bureau = FinanceBureau(slug=bureau_slug, name=bureau_name, region=region)
        _full_clean(bureau, "财政局")
        bureau.save()
    elif (bureau.name, bureau.region) != (bureau_name, region):
        raise ValidationError(
            f"财政局“{bureau_slug}”已存在，名称为“{bureau.name}”、地区为“{bureau.region}”，"
            f"与所给的“{bureau_name}”“{region}”不同；请核对，或在管理后台修改财政局。",
            code="bureau_differs",
        )
    department = Department.objects.filter(bureau=bureau, slug=department_slug).first()
    department_created = department is None
    wanted = {"name": name, "short_name": short_name, "format_variant": variant}
    changes = []
    if department_created:
        department = Department(bureau=bureau, slug=department_slug, **wanted)
    else:
        for field, value in wanted.items():
            old = getattr(department, field)
            if old != value:
                label = Department._meta.get_field(field).verbose_name
                changes.append(f"{label}：“{old}” → “{value}”")
                setattr(department, field, value)
    if department_created or changes:
        _full_clean(department, "部门")
        department.save()
    return DepartmentSetUp(department, bureau_created, department_created, tuple(changes))
