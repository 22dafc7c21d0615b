"""The accounts catalogue: every rule of rules.md that applies to figures held here, as data.

Ids: R<n> are the numbers of rules.md §4 (in-table, hierarchy, inter-table, plausibility of the
tables); F1 a 类 the format does not list; P<n> plausibility (negative amounts, 完成率, 三公 over budget,
large changes, subjects without a budget, budget details); N<n> figures in free texts (texts.py).

Most formulas are `Compare(lhs, op, rhs)` over named quantities (quantities.py); per-row and hierarchy
rules use the formulas of formulas.py. Tolerance “comparison” is exact for figures entered in 元 and the
rounding allowance for figures from 万元 tables, where a difference within it is a 尾数误差 notice.

Because the tables are derived from the facts, the in-table identities (R1–R4, R6–R15) and most
inter-table ones (R17–R22, R24) hold by construction for entered data; they are kept because they are
cheap, guard the builders, and apply unchanged to statements built from printed tables. R3/R18 fail when
spending falls under a 类 the format does not list; R5, R11, R21, R23, R25–R27 and the P and N rules
compare independent facts and can fail on entered data.

Not here: R16's “same code, same name in 表2/表3/表5” holds by construction (one name per code);
R29–R37 compare generated sentences, which are built from the facts; R38–R41 are the 绩效自评 rules the
performance app registers.
"""

from decimal import Decimal

from django.db.models import Q

from ..addresses import OFFICIAL_ITEMS, Address, printed_cell
from ..choices import FreeTextKey, Fund, NamedFigure
from ..formatting import ratio_percent
from ..models import FinalAccount, Unit
from ..statements import load_facts, load_facts_many
from . import consistency, hygiene
from .carried import carried_figures
from .engine import Compare, Rule, Severity
from .formulas import EachRow, Hierarchy, RowsAgree, all_of
from .quantities import NAMED_FIGURE_QUANTITIES, TABLE_KINDS, has_quantity
from .registry import register, register_loader
from .texts import contradicting_figures, imprecise_percentages, unmatched_counts, unmatched_figures
from .tolerances import THRESHOLDS

ZERO = Decimal("0.00")
ERROR, WARNING, NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE
INCOME_SOURCES = (
    "general_budget",
    "government_fund",
    "state_capital",
    "superior_subsidy",
    "public_service",
    "business",
    "affiliate_remittance",
    "other",
)


def equal(lhs, rhs, **options):
    return Compare(tuple(_names(lhs)), "=", tuple(_names(rhs)), **options)


def at_most(lhs, rhs, **options):
    return Compare(tuple(_names(lhs)), "<=", tuple(_names(rhs)), **options)


def at_least(lhs, rhs, **options):
    return Compare(tuple(_names(lhs)), ">=", tuple(_names(rhs)), **options)


def _names(side):
    return (side,) if isinstance(side, str) else side


def present(*names):
    """Return a `when` condition: every named quantity resolves (e.g. a budget was entered)."""
    return lambda context: all(has_quantity(context, name) for name in names)


# --- Data loaded once per check besides the facts --------------------------------------------------


def unit_types(final_account):
    """The types (行政, 参公, 事业) of the department's units, for R27."""
    return list(
        Unit.objects.filter(department_id=final_account.department_id).values_list("unit_type", flat=True)
    )


def unit_types_many(final_accounts):
    """{final account id: unit_types(final account)} in one query."""
    by_department = {}
    for department_id, unit_type in Unit.objects.filter(
        department_id__in={fa.department_id for fa in final_accounts}
    ).values_list("department_id", "unit_type"):
        by_department.setdefault(department_id, []).append(unit_type)
    return {fa.pk: list(by_department.get(fa.department_id, [])) for fa in final_accounts}


register_loader("unit_types", unit_types, many=unit_types_many)


SETTLED = ("approved", "published")  # last year's figures are final once approved


def previous_year(final_account):
    """Last year's CarriedFigures when its final account is in the system and settled, else None (for P7)."""
    previous = FinalAccount.objects.filter(
        department_id=final_account.department_id, year=final_account.year - 1, status__in=SETTLED
    ).first()
    return None if previous is None else carried_figures(previous, facts=load_facts(previous))


def previous_year_many(final_accounts):
    """{final account id: previous_year(final account)}, in a constant number of queries."""
    wanted = {(fa.department_id, fa.year - 1): fa.pk for fa in final_accounts}
    result = dict.fromkeys((fa.pk for fa in final_accounts), None)
    if not wanted:
        return result
    condition = Q(pk__in=[])
    for department_id, year in wanted:
        condition |= Q(department_id=department_id, year=year)
    previous = list(FinalAccount.objects.filter(condition, status__in=SETTLED))
    facts = load_facts_many(previous) if previous else {}
    for fa in previous:
        result[wanted[(fa.department_id, fa.year)]] = carried_figures(fa, facts=facts[fa.pk])
    return result


register_loader("previous_year", previous_year, many=previous_year_many)


def only_administrative_units(context):
    types = context.extra.get("unit_types") or []
    allowed = {Unit.Type.ADMINISTRATIVE, Unit.Type.CIVIL_SERVICE_MANAGED}
    return bool(types) and all(unit_type in allowed for unit_type in types)


# --- Formulas written as functions -----------------------------------------------------------------


def no_negative_amounts(context, rule):
    """P1: facts are non-negative (database constraints); figures from elsewhere may not be."""
    for statement in context.statements.values():
        for cell in context.amount_cells(statement.kind):
            if cell.value < ZERO:
                yield context.finding(
                    rule, cells=(statement.address(cell),), expected=ZERO, actual=cell.value
                )
    facts = context.facts
    others = [(Address("budget", ("total", "")), facts.budget_total)]
    others += [
        (Address("budget", ("subject", code)), amount) for code, amount in facts.budget_by_subject.items()
    ]
    others += [(Address("stated", (key,)), amount) for key, amount in facts.stated_figures.items()]
    for address, amount in others:
        if amount is not None and amount < ZERO:
            yield context.finding(rule, cells=(address,), expected=ZERO, actual=amount)


def subjects_within_budget(context, rule):
    """P2, per 项: 表5 决算 ≤ the subject's 年初预算."""
    for code in sorted(context.facts.budget_by_subject):
        finding = context.compare(
            rule,
            [context.quantity(f"T5.{code}.c1")],
            "<=",
            [context.quantity(f"budget.{code}")],
            message=f"{rule.message}（{code} {context.facts.subject_name(code)}）",
        )
        if finding is not None:
            yield finding


def subjects_without_budget(context, rule):
    """P5: a 项 of 表5 with spending but no year-start budget."""
    statement = context.statements.get(TABLE_KINDS["T5"])
    if statement is None:
        return
    budgets = context.facts.budget_by_subject
    for row in statement.rows:
        if row.kind != "item" or row.code in budgets:
            continue
        cell = next(cell for cell in row.cells if cell.is_amount and cell.key == "total")
        if cell.value > ZERO:
            yield context.finding(
                rule,
                cells=(statement.address(cell),),
                actual=cell.value,
                message=f"项级科目 {row.code} {context.facts.subject_name(row.code)} 有支出但未填报年初预算",
            )


def subject_budgets_add_up(context, rule):
    """P6, per subject: when every 项 of 表5 has a budget, the subject budgets add up to the total."""
    facts = context.facts
    statement = context.statements.get(TABLE_KINDS["T5"])
    if facts.budget_total is None or not facts.budget_by_subject or statement is None:
        return
    if any(row.kind == "item" and row.code not in facts.budget_by_subject for row in statement.rows):
        return
    finding = context.compare(
        rule,
        [context.quantity(f"budget.{code}") for code in sorted(facts.budget_by_subject)],
        "=",
        [context.quantity("budget.total")],
        message="各项级科目年初预算之和应等于年初预算总额",
        target="年初预算/项级科目合计",
    )
    if finding is not None:
        yield finding


# Which written reasons answer a large change of each named figure (情况说明 一、四、五(一)、九、十).
CHANGE_REASONS = {
    NamedFigure.INCOME_TOTAL: (FreeTextKey.INCOME_CHANGE_REASON, FreeTextKey.TOTAL_CHANGE_REASON),
    NamedFigure.EXPENDITURE_TOTAL: (FreeTextKey.EXPENDITURE_CHANGE_REASON, FreeTextKey.TOTAL_CHANGE_REASON),
    NamedFigure.GRAND_TOTAL: (FreeTextKey.TOTAL_CHANGE_REASON,),
    NamedFigure.APPROPRIATION_INCOME_TOTAL: (FreeTextKey.APPROPRIATION_CHANGE_REASON,),
    NamedFigure.APPROPRIATION_EXPENDITURE_TOTAL: (FreeTextKey.APPROPRIATION_CHANGE_REASON,),
    NamedFigure.APPROPRIATION_GRAND_TOTAL: (FreeTextKey.APPROPRIATION_CHANGE_REASON,),
    NamedFigure.GENERAL_BUDGET_INCOME: (FreeTextKey.APPROPRIATION_CHANGE_REASON,),
    NamedFigure.GENERAL_BUDGET_EXPENDITURE: (FreeTextKey.GENERAL_BUDGET_CHANGE_REASON,),
    NamedFigure.OFFICIAL_EXPENSES_TOTAL: (FreeTextKey.OFFICIAL_EXPENSES_CHANGE_REASON,),
    NamedFigure.RECEPTION: (FreeTextKey.OFFICIAL_EXPENSES_CHANGE_REASON,),
    NamedFigure.OPERATING_COSTS: (FreeTextKey.OPERATING_COSTS_CHANGE_REASON,),
}


def agrees_with_last_year(context, rule):
    """P7: the opening balances and the prior-year figures are last year's, as last year's final account
    in the system now has them (it may have been corrected since this year's was created)."""
    carried = context.extra.get("previous_year")
    if carried is None:
        return
    facts = context.facts
    openings = {}
    for (fund, _code), (opening, _closing) in facts.balances.items():
        openings[fund] = openings.get(fund, ZERO) + opening
    closings = carried.closing_by_fund()
    for fund in Fund:
        opening, closing = openings.get(fund, ZERO), closings.get(fund, ZERO)
        if opening != closing:
            yield context.finding(
                rule,
                cells=(Address("balance", (fund.value, "", "opening")),),
                expected=closing,
                actual=opening,
                message=f"{fund.label}年初结转和结余应等于上年度决算的年末结转和结余",
            )
    for key, amount in carried.named.items():
        stated = facts.prior_year.get(key)
        if stated is not None and stated[0] != amount:
            label = str(NamedFigure(key).label)
            yield context.finding(
                rule,
                cells=(Address("prior", (key, "amount")),),
                expected=amount,
                actual=stated[0],
                message=f"上年数“{label}”应等于上年度决算的数字",
            )


def large_changes_explained(context, rule):
    """P4: a named figure that changed by more than 30 % against last year needs a written reason."""
    facts, threshold = context.facts, THRESHOLDS["large_change"]
    for key, name in NAMED_FIGURE_QUANTITIES.items():
        if key not in facts.prior_year:
            continue
        current, prior = context.quantity(name), context.quantity(f"prior.{key}")
        if prior.value == ZERO:
            change = None if current.value == ZERO else "上年为0"
        else:
            rate = (current.value - prior.value) / prior.value
            change = ratio_percent(rate) if abs(rate) > threshold else None
        if change is None or any(facts.free_text(reason).strip() for reason in CHANGE_REASONS[key]):
            continue
        yield context.finding(
            rule,
            cells=current.cells + prior.cells,
            expected=prior.value,
            actual=current.value,
            target=f"上年数/{key.label}",
            message=f"{key.label}较上年变动{change}，超过{ratio_percent(threshold)}，未填写变动原因",
        )


def codes_in_edition(context, rule):
    """R16: every subject code of the facts is a 项 of the account's edition, with its 款 and 类."""
    facts = context.facts
    edition = getattr(facts.final_account, "edition", "")
    codes = {code for code, _source in facts.income} | {code for code, _f, _k in facts.expenditure}
    codes |= set(facts.budget_by_subject) | {code for _fund, code in facts.balances if code}
    codes |= {code for _key, code in facts.free_texts if code and len(code) == 7}
    for code in sorted(codes):
        missing = [part for part in (code[:3], code[:5], code) if not facts.subject_name(part)]
        if len(code) != 7 or missing:
            yield context.finding(
                rule,
                cells=(Address("subject", ("functional", code)),),
                target=f"功能分类科目/{code}",
                message=f"功能分类科目 {code} 不是{edition}年《政府收支分类科目》中的项级科目（或缺少其类、款）",
            )
    for code in sorted(facts.basic_detail):
        if len(code) != 5 or code not in facts.economic_subjects or code[:3] not in facts.economic_subjects:
            yield context.finding(
                rule,
                cells=(Address("subject", ("economic", code)),),
                target=f"经济分类科目/{code}",
                message=f"经济分类科目 {code} 不是{edition}年表6所列的款级科目",
            )


def categories_in_format(context, rule):
    """F1: spending under a 类 the format's 表1/表4 do not list is reported, never silently dropped."""
    listed = {row.code for row in context.facts.category_rows}
    spent = {}
    for (code, _fund, _kind), amount in context.facts.expenditure.items():
        spent[code[:3]] = spent.get(code[:3], ZERO) + amount
    statement = context.statements.get(TABLE_KINDS["T1"])
    for category in sorted(set(spent) - listed):
        if spent[category] == ZERO:
            continue
        name = context.facts.subject_name(category)
        yield context.finding(
            rule,
            cells=(printed_cell(statement.kind, code=category),) if statement else (),
            expected=ZERO,
            actual=spent[category],
            message=f"类级科目 {' '.join(filter(None, (category, name)))} 有支出，但本年报表格式的表1、表4未列示该类",
        )


def empty_tables_say_so(context, rule):
    """R28: an empty 表7/表8 is published with the “无…” sentence under it, which the format must give."""
    for table in ("T7", "T8"):
        statement = context.statements.get(TABLE_KINDS[table])
        if statement is not None and statement.is_empty and not statement.empty_sentence:
            yield context.finding(
                rule,
                cells=(Address("table", (statement.kind,)),),
                target=f"{statement.label}/表下说明",
                message=f"{statement.label}无数据，但报表格式未给出表下“无……”说明",
            )


# --- The catalogue ---------------------------------------------------------------------------------

T1_INCOME = tuple(f"T1.{source}" for source in INCOME_SOURCES)
T4_FUNDS = ((3, "general_budget"), (4, "government_fund"), (5, "state_capital"))

CATALOGUE = (
    # In-table (rules.md R1–R13).
    Rule(
        "R1",
        "表1 本年收入合计（行27）应等于行1至行8之和",
        ERROR,
        equal("T1.income_total", T1_INCOME),
        "comparison",
        "rules.md R1",
    ),
    Rule(
        "R2",
        "表1 收入总计（行31）应等于本年收入合计、使用非财政拨款结余与年初结转和结余之和",
        ERROR,
        equal(
            "T1.@income_grand_total",
            ("T1.income_total", "T1.non_appropriation_surplus_used", "T1.opening_balance"),
        ),
        "comparison",
        "rules.md R2",
    ),
    Rule(
        "R3",
        "表1 本年支出合计（行58）应等于各类级科目支出（行32至行57）之和",
        ERROR,
        equal("T1.expenditure_total", "T1.category.*"),
        "comparison",
        "rules.md R3",
    ),
    Rule(
        "R4",
        "表1 支出总计（行62）应等于本年支出合计、结余分配与年末结转和结余之和",
        ERROR,
        equal(
            "T1.@expenditure_grand_total",
            ("T1.expenditure_total", "T1.surplus_distribution", "T1.closing_balance"),
        ),
        "comparison",
        "rules.md R4",
    ),
    Rule(
        "R5",
        "表1 收入总计应等于支出总计（收入+使用非财政拨款结余+年初结转和结余=支出+结余分配+年末结转和结余）",
        ERROR,
        equal("T1.@income_grand_total", "T1.@expenditure_grand_total"),
        "comparison",
        "rules.md R5",
    ),
    Rule(
        "R6",
        "表2 每行本年收入合计（栏1）应等于栏2至栏7之和",
        ERROR,
        EachRow("T2", (1,), (2, 3, 4, 5, 6, 7)),
        "comparison",
        "rules.md R6",
    ),
    Rule(
        "R7",
        "表3 每行本年支出合计（栏1）应等于栏2至栏6之和",
        ERROR,
        EachRow("T3", (1,), (2, 3, 4, 5, 6)),
        "comparison",
        "rules.md R7",
    ),
    Rule(
        "R8",
        "表4 收入支出合计与总计应等于其组成部分之和，收入总计应等于支出总计",
        ERROR,
        all_of(
            equal("T4.income_total", ("T4.general_budget", "T4.government_fund", "T4.state_capital")),
            equal(
                "T4.opening_balance",
                ("T4.opening_general_budget", "T4.opening_government_fund", "T4.opening_state_capital"),
            ),
            equal("T4.@income_grand_total", ("T4.income_total", "T4.opening_balance")),
            *(equal(f"T4.expenditure_total.c{c}", f"T4.category.c{c}.*") for c in (2, 3, 4, 5)),
            *(
                equal(
                    f"T4.@expenditure_grand_total.c{c}",
                    (f"T4.expenditure_total.c{c}", f"T4.closing_balance.c{c}"),
                )
                for c in (2, 3, 4, 5)
            ),
            Compare(
                ("T4.@income_grand_total",),
                "=",
                ("T4.@expenditure_grand_total.c2",),
                target="表4/收入总计=支出总计",
            ),
        ),
        "comparison",
        "rules.md R8",
    ),
    Rule(
        "R9",
        "表4 每个支出行的小计（栏2）应等于栏3至栏5之和",
        ERROR,
        EachRow("T4", (2,), (3, 4, 5)),
        "comparison",
        "rules.md R9",
    ),
    Rule(
        "R10",
        "表5 每行小计（栏1）应等于基本支出与项目支出之和",
        ERROR,
        EachRow("T5", (1,), (2, 3)),
        "comparison",
        "rules.md R10",
    ),
    Rule(
        "R11",
        "表7 每行年末结转和结余应等于年初结转和结余加本年收入减本年支出，本年支出小计应等于基本支出与项目支出之和",
        ERROR,
        all_of(EachRow("T7", (6, 3), (1, 2)), EachRow("T7", (3,), (4, 5))),
        "comparison",
        "rules.md R11",
    ),
    Rule(
        "R12",
        "表8 每行合计（栏1）应等于基本支出与项目支出之和",
        ERROR,
        EachRow("T8", (1,), (2, 3)),
        "comparison",
        "rules.md R12",
    ),
    Rule(
        "R13",
        "表9 合计应等于各项之和，公务用车小计应等于购置费与运行维护费之和",
        ERROR,
        all_of(
            equal("T9.c1", ("T9.c2", "T9.c3", "T9.c6")),
            equal("T9.c3", ("T9.c4", "T9.c5")),
            equal("T9.c7", ("T9.c8", "T9.c9", "T9.c12")),
            equal("T9.c9", ("T9.c10", "T9.c11")),
        ),
        "comparison",
        "rules.md R13",
    ),
    # Hierarchy and detail (R14–R16).
    Rule(
        "R14",
        "类应等于其所属款之和，款应等于其所属项之和，合计应等于各类之和",
        ERROR,
        all_of(
            *(Hierarchy(table) for table in ("T2", "T3", "T5", "T7", "T8")),
        ),
        "comparison",
        "rules.md R14",
    ),
    Rule(
        "R15",
        "表6 各类应等于其所属款之和，人员经费合计应等于301与303之和，公用经费合计应等于302与310之和",
        ERROR,
        all_of(
            Hierarchy("T6", total=False),
            equal("T6.personnel_total", ("T6.301", "T6.303")),
            equal("T6.operating_total", ("T6.302", "T6.310")),
        ),
        "comparison",
        "rules.md R15",
    ),
    Rule(
        "R16",
        "科目编码应为本年度《政府收支分类科目》中的科目",
        ERROR,
        codes_in_edition,
        "exact",
        "rules.md R16",
    ),
    Rule(
        "F1",
        "支出所属类级科目未在本年报表格式中列示",
        ERROR,
        categories_in_format,
        "exact",
        "DESIGN.md §1：格式未列示的类级支出须报告",
    ),
    # Inter-table (R17–R27).
    Rule(
        "R17",
        "表1 收入各行应等于表2 合计行对应栏",
        ERROR,
        all_of(
            equal("T1.income_total", "T2.total.c1"),
            equal(("T1.general_budget", "T1.government_fund", "T1.state_capital"), "T2.total.c2"),
            *(
                equal(f"T1.{source}", f"T2.total.c{column}")
                for column, source in enumerate(INCOME_SOURCES[3:], start=3)
            ),
        ),
        "comparison",
        "rules.md R17",
    ),
    Rule(
        "R18",
        "表1 本年支出合计及各类级科目支出应等于表3 对应的本年支出合计",
        ERROR,
        all_of(
            equal("T1.expenditure_total", "T3.total.c1"),
            RowsAgree(("T1", {"key": "category"}), ("T3", {"key": "total"})),
        ),
        "comparison",
        "rules.md R18",
    ),
    Rule(
        "R19",
        "表4 财政拨款收入应等于表1 对应收入，表4 本年收入合计应等于表2 财政拨款收入合计",
        ERROR,
        all_of(
            *(equal(f"T4.{source}", f"T1.{source}") for source in INCOME_SOURCES[:3]),
            equal("T4.income_total", "T2.total.c2"),
        ),
        "comparison",
        "rules.md R19",
    ),
    Rule(
        "R20",
        "表4 一般公共预算财政拨款支出（栏3）合计及各类应等于表5 对应小计",
        ERROR,
        all_of(
            equal("T4.expenditure_total.c3", "T5.total.c1"),
            RowsAgree(("T4", {"key": "category", "column": 3}), ("T5", {"key": "total"})),
        ),
        "comparison",
        "rules.md R20",
    ),
    Rule(
        "R21",
        "表4 政府性基金预算财政拨款的收入、支出、年初和年末结转和结余应等于表7 合计行",
        ERROR,
        all_of(
            equal("T4.expenditure_total.c4", "T7.total.c3"),
            equal("T4.government_fund", "T7.total.c2"),
            equal("T4.opening_government_fund", "T7.total.c1"),
            equal("T4.closing_balance.c4", "T7.total.c6"),
        ),
        "comparison",
        "rules.md R21",
    ),
    Rule(
        "R22",
        "表4 国有资本经营预算财政拨款支出（栏5）应等于表8 合计",
        ERROR,
        equal("T4.expenditure_total.c5", "T8.total.c1"),
        "comparison",
        "rules.md R22",
    ),
    Rule(
        "R23",
        "表5 基本支出合计应等于表6 人员经费合计与公用经费合计之和",
        ERROR,
        equal("T5.total.c2", ("T6.personnel_total", "T6.operating_total")),
        "comparison",
        "rules.md R23",
    ),
    Rule(
        "R24",
        "表5 各行不应大于表3 同一科目对应栏（一般公共预算是全部支出的一部分）",
        ERROR,
        all_of(
            *(
                RowsAgree(("T5", {"key": key}), ("T3", {"key": key}), op="<=", length=None)
                for key in ("total", "basic", "project")
            ),
        ),
        "comparison",
        "rules.md R24",
    ),
    Rule(
        "R25",
        "表4 年初、年末财政拨款结转和结余不应大于表1 年初、年末结转和结余",
        ERROR,
        all_of(
            at_most("T4.opening_balance", "T1.opening_balance"),
            at_most("T4.closing_balance.c2", "T1.closing_balance"),
        ),
        "comparison",
        "rules.md R25",
    ),
    Rule(
        "R25.1",
        "财政拨款年末结转和结余应等于年初结转和结余加本年收入减本年支出（分资金性质；如有缴回等调整请说明）",
        WARNING,
        all_of(
            *(
                equal(
                    (f"T4.closing_balance.c{column}", f"T4.expenditure_total.c{column}"),
                    (f"T4.opening_{fund}", f"T4.{fund}"),
                )
                for column, fund in T4_FUNDS
            )
        ),
        "comparison",
        "rules.md R25",
    ),
    Rule(
        "R26",
        "表9 “三公”经费决算数不应小于表6 对应经济分类科目的基本支出（因公出国30212、公务接待30217、"
        "公务用车运行维护30231、公务用车购置31013）",
        ERROR,
        all_of(
            at_least("T9.actual_outbound_travel", "T6.30212"),
            at_least("T9.actual_reception", "T6.30217"),
            at_least("T9.actual_vehicle_operation", "T6.30231"),
            at_least("T9.actual_vehicle_purchase", "T6.31013"),
        ),
        "comparison",
        "rules.md R26",
    ),
    Rule(
        "R27",
        "机关运行经费应等于表6 公用经费合计（部门所属单位均为行政单位或参公事业单位）",
        WARNING,
        equal("stated.operating_costs", "T6.operating_total", when=only_administrative_units),
        "comparison",
        "rules.md R27",
    ),
    Rule("R28", "表7、表8 无数据时须在表下说明", WARNING, empty_tables_say_so, "exact", "rules.md R28"),
    # Plausibility.
    Rule("P1", "金额不能为负数", ERROR, no_negative_amounts, "exact", "DESIGN.md §3"),
    Rule(
        "P2",
        "一般公共预算财政拨款支出决算数超过年初预算（完成率超过100%）",
        WARNING,
        all_of(
            at_most("T5.total.c1", "budget.total", when=present("budget.total")),
            at_most("T5.total.c2", "budget.basic", when=present("budget.basic")),
            at_most("T5.total.c3", "budget.project", when=present("budget.project")),
            subjects_within_budget,
        ),
        "comparison",
        "情况说明 五(三)",
    ),
    Rule(
        "P3",
        "“三公”经费决算数超过预算数",
        WARNING,
        all_of(
            *(at_most(f"T9.actual_{item}", f"T9.budget_{item}") for item in OFFICIAL_ITEMS),
        ),
        "comparison",
        "情况说明 九",
    ),
    Rule(
        "P4",
        "较上年变动超过30%，须填写变动原因",
        WARNING,
        large_changes_explained,
        "exact",
        "情况说明 一、四、五、九、十",
    ),
    Rule(
        "P5", "项级科目有支出但未填报年初预算", WARNING, subjects_without_budget, "exact", "情况说明 五(三)"
    ),
    Rule(
        "P6",
        "年初预算的基本支出与项目支出之和应等于年初预算总额",
        ERROR,
        all_of(
            equal(
                ("budget.basic", "budget.project"),
                "budget.total",
                when=present("budget.basic", "budget.project", "budget.total"),
            ),
            subject_budgets_add_up,
        ),
        "comparison",
        "DESIGN.md §2 年初预算",
    ),
    Rule(
        "P7",
        "年初结转和结余、上年数应与系统内上年度决算一致（上年度决算可能已更正）",
        WARNING,
        agrees_with_last_year,
        "exact",
        "表1 行29 与上年 行60；情况说明 一、四、九、十的上年数",
    ),
    # Last year's figures against each other; stated figures against each other (consistency.py).
    Rule(
        "Y1",
        "上年数中的部分不应大于其所属的合计",
        ERROR,
        consistency.prior_parts_within_wholes,
        "exact",
        "表1/表4 行次关系适用于上年数；情况说明 一、三、四、五(一)、九",
    ),
    Rule(
        "Y2",
        "本年相等的两个数字，上年数不一致，文字说明中的较上年增减将互相矛盾",
        WARNING,
        consistency.prior_figures_agree,
        "exact",
        "情况说明 三与五(一)、二与四的较上年增减",
    ),
    Rule(
        "S1",
        "表9 公务接待费应等于国内公务接待费与外事接待费之和",
        ERROR,
        consistency.reception_parts_add_up,
        "comparison",
        "情况说明 九(二)3",
    ),
    Rule(
        "S2",
        "“三公”经费支出与团组、人次、车辆数应相互对应",
        WARNING,
        consistency.counts_match_spending,
        "exact",
        "情况说明 九(二)",
    ),
    Rule(
        "S3",
        "公务用车保有量与上年、本年购置数及国有资产所列车辆不相称",
        WARNING,
        consistency.vehicles_still_held,
        "exact",
        "情况说明 九(二)2、十二",
    ),
    Rule(
        "S4",
        "机关运行经费与表6 公用经费不相称（按单位类型）",
        WARNING,
        consistency.operating_costs_by_unit_type,
        "comparison",
        "情况说明 十；名词解释 机关运行经费",
    ),
    Rule(
        "S5",
        "政府采购授予中小企业、小微企业的合同金额不应大于其所属采购金额",
        ERROR,
        consistency.procurement_parts_within_wholes,
        "comparison",
        "情况说明 十一",
    ),
    # Text hygiene (hygiene.py).
    Rule("H1", "文字中留有模板用语", ERROR, hygiene.template_residue, "exact", "情况说明各部分"),
    Rule("H2", "文字中词语重复", WARNING, hygiene.repeated_words, "exact", "情况说明各部分"),
    Rule("H3", "文字中的金额未写单位", WARNING, hygiene.amounts_without_unit, "exact", "情况说明各部分"),
    Rule("H4", "文字中的年份与决算年度不符", WARNING, hygiene.years_out_of_range, "exact", "情况说明各部分"),
    # Figures in free texts (texts.py).
    Rule(
        "N1",
        "文字说明中的金额与报表数字及填报数字都不符（多为工作成果，供审阅）",
        NOTICE,
        unmatched_figures("amount"),
        "narrative_amount",
        "DESIGN.md §3",
    ),
    Rule(
        "N2",
        "文字说明中的百分比无法由报表数字算得",
        WARNING,
        unmatched_figures("percent"),
        "narrative_percent",
        "DESIGN.md §3",
    ),
    Rule("N3", "文字说明中的数量无法与填报数核对", NOTICE, unmatched_counts, "exact", "DESIGN.md §3"),
    Rule(
        "N4",
        "文字中的数字与其所指的科目、数字或绩效指标不符",
        WARNING,
        contradicting_figures,
        "narrative_amount",
        "rules.md R41；DESIGN.md §3",
    ),
    Rule(
        "N5",
        "文字中的百分比未按两位小数书写或舍去了尾数，与同一比率的精确值不一致（显示差异）",
        NOTICE,
        imprecise_percentages,
        "narrative_percent",
        "DESIGN.md §2 句中百分比保留两位小数",
    ),
)

for _rule in CATALOGUE:
    register(_rule)
