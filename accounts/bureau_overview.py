"""The bureau at a glance, for its reviewers: every department's state, the findings across the bureau,
and the bureau's internal 汇总 over the drafts submitted and approved.

Everything is read set-based: the number of queries does not grow with the number of departments
(the rule engine checks all the accounts together, `check_final_accounts`). The 汇总 here sums live
facts of final accounts not yet published: it is internal, never public (the public 汇总 sums frozen
published versions only, accounts.open_data.summary), and it is summed per report format, since
departments of different formats do not print the same tables.
"""

import io
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from .models import (
    Department,
    ExpenditureFact,
    Explanation,
    FinalAccount,
    FunctionalSubject,
    IncomeFact,
    Membership,
    ReviewerAssignment,
    SubmissionDeadline,
)
from .rules import Severity, check_final_accounts

Status = FinalAccount.Status
ZERO = Decimal("0.00")
SUMMED_STATUSES = (Status.SUBMITTED, Status.APPROVED)
# Overdue first, then what waits for the reviewer, then the rest.
STATUS_ORDER = {
    Status.SUBMITTED: 1,
    Status.APPROVED: 2,
    Status.RETURNED: 3,
    Status.DRAFT: 4,
    None: 5,  # not started
    Status.PUBLISHED: 6,
}


@dataclass(frozen=True)
class DepartmentRow:
    department: Department
    final_account: object  # None when the department has not started the year
    reviewer: object  # the assigned reviewer (a user), or None
    due_on: object
    overdue: bool
    errors: int
    unexplained: int

    @property
    def status_label(self):
        return self.final_account.get_status_display() if self.final_account else "未开始"


@dataclass(frozen=True)
class RuleCount:
    rule_id: str
    message: str  # the message of one of its findings, as an example
    severity: str
    findings: int
    departments: int


@dataclass(frozen=True)
class Overview:
    bureau: object
    year: int
    rows: tuple  # DepartmentRow, overdue first
    rules: tuple  # RuleCount, most findings first
    unexplained: tuple  # DepartmentRow with warnings not explained
    counts: dict  # departments by status label


def overview(bureau, year, *, today=None):
    """Return the Overview of the departments of `bureau` (itself, not its children) for `year`."""
    today = today or timezone.localdate()
    departments = list(Department.objects.filter(bureau=bureau).order_by("name"))
    accounts = {
        fa.department_id: fa
        for fa in FinalAccount.objects.filter(department__bureau=bureau, year=year).select_related(
            "department__bureau", "report_format"
        )
    }
    assigned = {
        a.department_id: a.reviewer
        for a in ReviewerAssignment.objects.filter(department__bureau=bureau).select_related("reviewer")
    }
    deadline = SubmissionDeadline.objects.filter(bureau=bureau, year=year).first()
    found = check_final_accounts(list(accounts.values())) if accounts else {}
    explained = set(
        Explanation.objects.filter(final_account__in=list(accounts.values()))
        .exclude(text="")
        .values_list("final_account_id", "rule_id", "target")
    )
    rows = []
    per_rule = Counter()
    departments_per_rule = {}
    example = {}
    for department in departments:
        fa = accounts.get(department.pk)
        findings = found.get(fa.pk, []) if fa else []
        for finding in findings:
            per_rule[finding.rule_id] += 1
            departments_per_rule.setdefault(finding.rule_id, set()).add(department.pk)
            example.setdefault(finding.rule_id, finding)
        status = fa.status if fa else None
        rows.append(
            DepartmentRow(
                department=department,
                final_account=fa,
                reviewer=assigned.get(department.pk),
                due_on=deadline.due_on if deadline else None,
                overdue=bool(
                    deadline and today > deadline.due_on and status in (None, Status.DRAFT, Status.RETURNED)
                ),
                errors=sum(1 for f in findings if f.severity == Severity.ERROR),
                unexplained=sum(
                    1
                    for f in findings
                    if f.severity == Severity.WARNING and (fa.pk, f.rule_id, f.target) not in explained
                ),
            )
        )
    rows.sort(
        key=lambda row: (
            not row.overdue,
            STATUS_ORDER[row.final_account.status if row.final_account else None],
        )
    )
    rules = sorted(
        (
            RuleCount(
                rule_id,
                example[rule_id].message,
                str(Severity(example[rule_id].severity).label),
                count,
                len(departments_per_rule[rule_id]),
            )
            for rule_id, count in per_rule.items()
        ),
        key=lambda rule: (-rule.findings, rule.rule_id),
    )
    counts = Counter(row.status_label for row in rows)
    return Overview(
        bureau=bureau,
        year=year,
        rows=tuple(rows),
        rules=tuple(rules),
        unexplained=tuple(row for row in rows if row.unexplained),
        counts=dict(counts),
    )


@dataclass(frozen=True)
class SummaryRow:
    code: str  # the 类 code, "" for the total
    name: str
    income: Decimal
    appropriation: Decimal  # 一般公共预算财政拨款收入
    expenditure: Decimal
    basic: Decimal
    project: Decimal


@dataclass(frozen=True)
class FormatSummary:
    report_format: object
    departments: tuple  # the departments summed, by name
    rows: tuple  # SummaryRow per 类, then the total


def internal_summary(bureau, year):
    """Return [FormatSummary] of the departments of `bureau` whose `year` is submitted or approved.

    Income and expenditure are summed by 类 (the first three digits of the item subject) in two
    queries, grouped by the accounts' report format; the names of the 类 in a third.
    """
    accounts = FinalAccount.objects.filter(department__bureau=bureau, year=year, status__in=SUMMED_STATUSES)
    listed = list(accounts.select_related("department", "report_format").order_by("department__name"))
    if not listed:
        return []
    ids = [fa.pk for fa in listed]
    category = Substr("subject__code", 1, 3)
    income = (
        IncomeFact.objects.filter(final_account_id__in=ids)
        .annotate(category=category)
        .values("final_account__report_format_id", "category")
        .annotate(
            total=Sum("amount", default=ZERO),
            appropriation=Sum("amount", filter=Q(source="general_budget"), default=ZERO),
        )
    )
    spending = (
        ExpenditureFact.objects.filter(final_account_id__in=ids)
        .annotate(category=category)
        .values("final_account__report_format_id", "category")
        .annotate(
            total=Sum("amount", default=ZERO),
            basic=Sum("amount", filter=Q(kind="basic"), default=ZERO),
            project=Sum("amount", filter=Q(kind="project"), default=ZERO),
        )
    )
    sums = {}
    for row in income:
        key = (row["final_account__report_format_id"], row["category"])
        sums.setdefault(
            key, dict.fromkeys(("income", "appropriation", "expenditure", "basic", "project"), ZERO)
        )
        sums[key]["income"], sums[key]["appropriation"] = row["total"], row["appropriation"]
    for row in spending:
        key = (row["final_account__report_format_id"], row["category"])
        sums.setdefault(
            key, dict.fromkeys(("income", "appropriation", "expenditure", "basic", "project"), ZERO)
        )
        sums[key].update(expenditure=row["total"], basic=row["basic"], project=row["project"])
    editions = {fa.edition for fa in listed}
    names = dict(
        FunctionalSubject.objects.filter(
            edition__in=editions, code__in={code for _f, code in sums}
        ).values_list("code", "name")
    )
    result = []
    for report_format in sorted({fa.report_format for fa in listed}, key=lambda f: f.pk):
        rows = [
            SummaryRow(code, names.get(code, ""), **values)
            for (format_id, code), values in sorted(sums.items())
            if format_id == report_format.pk
        ]
        total = SummaryRow(
            "",
            "合计",
            *(
                sum((getattr(r, field) for r in rows), ZERO)
                for field in ("income", "appropriation", "expenditure", "basic", "project")
            ),
        )
        result.append(
            FormatSummary(
                report_format=report_format,
                departments=tuple(fa.department for fa in listed if fa.report_format_id == report_format.pk),
                rows=(*rows, total),
            )
        )
    return result


SUMMARY_COLUMNS = (
    "类",
    "科目名称",
    "收入合计",
    "一般公共预算财政拨款收入",
    "支出合计",
    "基本支出",
    "项目支出",
)


def summary_workbook(bureau, year, summaries):
    """Return the internal 汇总 as .xlsx bytes: one sheet per format, amounts in 元, marked internal."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, summary in enumerate(summaries, start=1):
        sheet = workbook.create_sheet(f"格式{index}")
        sheet.append([f"{year}年度{bureau.name}部门决算内部汇总（未公开，仅供审核使用）"])
        sheet["A1"].font = Font(bold=True, color="B3261E")
        sheet.append(
            [
                f"报表格式：{summary.report_format}；汇总已报送和已审核通过的 {len(summary.departments)} 个部门："
                + "、".join(d.name for d in summary.departments)
            ]
        )
        sheet.append(["金额单位：元"])
        sheet.append(list(SUMMARY_COLUMNS))
        for row in summary.rows:
            sheet.append(
                [row.code, row.name, row.income, row.appropriation, row.expenditure, row.basic, row.project]
            )
        for column in "CDEFG":
            for cell in sheet[column][4:]:
                cell.number_format = "#,##0.00"
    if not summaries:
        sheet = workbook.create_sheet("汇总")
        sheet.append([f"{year}年度{bureau.name}：尚无已报送或已审核通过的部门决算。"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def assign_department(department, *, reviewer_id, by):
    """Assign `department` to the reviewer `reviewer_id` of its bureau (None: to nobody).

    Raises ValidationError when the user is not a reviewer of the department's bureau.
    """
    if reviewer_id is None:
        ReviewerAssignment.objects.filter(department=department).delete()
        return None
    reviewer = (
        Membership.objects.filter(
            bureau=department.bureau, role=Membership.Role.REVIEWER, user_id=reviewer_id
        )
        .select_related("user")
        .first()
    )
    if reviewer is None:
        raise ValidationError("只能分配给本财政局的审核人员。", code="not_a_reviewer")
    assignment, _created = ReviewerAssignment.objects.update_or_create(
        department=department, defaults={"reviewer": reviewer.user}
    )
    return assignment
