"""A synthetic province for benchmarks: bureaus, departments and final accounts whose figures keep the rules.

`generate_province` creates a bureau hierarchy (one province bureau, city bureaus, district bureaus under
them), departments under every bureau with their units, and one final account per department and year.
Every figure is drawn at random (reproducibly from a seed) and then derived so that the identities hold
exactly in 元: per fund, income + opening balance = expenditure + closing balance (and 使用非财政拨款结余 /
结余分配 for other funds); 表5 基本支出 = 表6; year-start budgets cover the spending and add up by subject
and by kind; each 三公 actual is at least its 表6 code and at most its budget; 机关运行经费 = 表6 公用经费;
opening balances are last year's closing balances, and prior-year figures are last year's figures. A
chosen share of the final accounts then gets one deliberate inconsistency each (INJECTIONS), which one
rule reports and no other. Every final account has the content its format requires (complete before
submit): the texts, and, through the apps registered with `register_synthetic_extension`, the
department-wide self-evaluation that `performance` keeps.

Subjects and the report format are those a final account of the last year takes (final_accounts), for
every year: the project ships only the 2022 edition and format, and a benchmark measures the shape and
size of the data (subjects per account, rows per table), which the subject list of each year would not
change.

Rows are written with bulk_create in batches, not through accounts.editing: editing locks, checks and
records each final account's figures (a FigureChange per fact), which would take hours for a province,
and synthetic figures have no history to record. Published versions are frozen without rendering:
their JSON (facts, statements, findings) and PublishedCell rows are the real ones, built by the same
functions as a real publication, but their HTML and PDF are one shared placeholder page, because
rendering a PDF takes seconds per final account. `render_sample` final accounts are published through
the real freeze instead, HTML and PDF included.
"""

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from . import final_accounts, publishing
from .choices import ExpenditureKind, FreeTextKey, Fund, IncomeSource, NamedFigure, OfficialExpenseItem
from .choices import StatedCount as StatedCountKey
from .choices import StatedFigure as StatedFigureKey
from .models import (
    Balance,
    BasicExpenditureDetail,
    Budget,
    Department,
    EconomicSubject,
    ExpenditureFact,
    FinalAccount,
    FinanceBureau,
    FreeText,
    FunctionalSubject,
    IncomeFact,
    OfficialExpense,
    PublishedCell,
    PublishedVersion,
    StatedCount,
    StatedFigure,
    Transition,
    Unit,
)
from .models import PriorYearFigure as PriorYearFigureRow

EDITION = 2022
REGION = "national"
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
YUAN = Decimal("1")
TEN_THOUSAND = Decimal("10000")
BATCH_SIZE = 2000
CHUNK = 200  # final accounts written (and published) per transaction

# Each injection changes one stored figure of one final account; exactly one finding of `rule` follows.
INJECTIONS = {
    "basic_detail": "R23",  # a 表6 人员经费 款 raised: 表5 基本支出 ≠ 表6 人员经费 + 公用经费
    "closing_balance": "R5",  # other funds' closing balance raised: 收入总计 ≠ 支出总计
    "reception": "R26",  # 三公 reception actual below 表6 30217
    "subject_budget": "P2",  # one subject's budget below its spending (the total kept)
    "narrative": "N1",  # the amount written in 项目支出主要用途 differs from the tables
}

PROVINCE = "江汉省"
CITIES = ("东湖", "西岭", "南川", "北塘", "云泽", "青崖", "白鹭", "金沙", "玉泉", "石门", "临江", "望海")
DISTRICTS = ("城东", "城西", "江南", "江北", "新港", "高新", "临湖", "青山", "桃源", "凤栖", "松岗", "柳溪")

# Social security, health and housing items every department pays for its staff (all 一般公共预算 基本支出).
STAFF_ITEMS = ("2080505", "2101101", "2210201")
OPTIONAL_STAFF_ITEMS = (("2080501", 0.6), ("2080506", 0.7), ("2101103", 0.5), ("2210202", 0.5))
GENERAL_SERVICE = ("2010601", "2010602", "2010607")


@dataclass(frozen=True)
class DepartmentKind:
    """A kind of department: slug, name at city/district level, name at province level, short stem, items."""

    slug: str
    name: str
    province_name: str
    short: str  # the stem of the short name: 人社 → 区人社局, 省人社厅
    items: tuple  # item codes of its own work; the first are 行政运行/事业运行 (基本支出)
    basic_items: int = 1
    function: str = "贯彻执行国家和省、市有关方针政策和法律法规，拟订并组织实施本领域发展规划和政策措施"


DEPARTMENT_KINDS = (
    DepartmentKind(
        "hrss",
        "人力资源和社会保障局",
        "人力资源和社会保障厅",
        "人社",
        ("2080101", "2080102", "2080106", "2080109", "2080110", "2080199", "2080704", "2080705", "2080799"),
        function="统筹推进就业创业、社会保险、人事人才和劳动关系工作",
    ),
    DepartmentKind(
        "finance",
        "财政局",
        "财政厅",
        "财政",
        ("2010601", "2010602", "2010607", "2010608"),
        function="拟订财政发展规划和政策，编制并执行预算，管理财政收支和政府债务",
    ),
    DepartmentKind(
        "civil-affairs",
        "民政局",
        "民政厅",
        "民政",
        ("2013901", "2013950", "2013999", "2082501"),
        2,
        function="负责社会救助、养老服务、社会组织和社会工作管理",
    ),
    DepartmentKind(
        "education",
        "教育局",
        "教育厅",
        "教育",
        ("2010601", "2050205", "2050399", "2010607"),
        function="统筹管理各级各类教育事业，推进教育改革发展",
    ),
    DepartmentKind(
        "health",
        "卫生健康委员会",
        "卫生健康委员会",
        "卫健",
        ("2010601", "2101199", "2109999", "2101102"),
        function="组织实施卫生健康政策，推进医药卫生体制改革和公共卫生服务",
    ),
    DepartmentKind(
        "urban",
        "城市管理执法局",
        "城市管理执法监督局",
        "城管",
        ("2120101", "2120201"),
        function="负责城乡社区管理、市容环境和城市管理综合执法",
    ),
    DepartmentKind(
        "natural-resources",
        "自然资源和规划局",
        "自然资源厅",
        "自然资源",
        ("2200150", "2200199"),
        function="履行自然资源资产管理和国土空间用途管制职责",
    ),
    DepartmentKind(
        "civil-defence",
        "人民防空办公室",
        "人民防空办公室",
        "人防",
        ("2010601", "2030699"),
        function="负责人民防空和国防动员相关工作",
    ),
    DepartmentKind("development", "发展和改革局", "发展和改革委员会", "发改", GENERAL_SERVICE),
    DepartmentKind("audit", "审计局", "审计厅", "审计", GENERAL_SERVICE),
    DepartmentKind("statistics", "统计局", "统计局", "统计", GENERAL_SERVICE),
    DepartmentKind("justice", "司法局", "司法厅", "司法", GENERAL_SERVICE),
    DepartmentKind("commerce", "商务局", "商务厅", "商务", GENERAL_SERVICE),
    DepartmentKind("science", "科学技术局", "科学技术厅", "科技", GENERAL_SERVICE),
    DepartmentKind("culture", "文化和旅游局", "文化和旅游厅", "文旅", GENERAL_SERVICE),
    DepartmentKind("agriculture", "农业农村局", "农业农村厅", "农业", GENERAL_SERVICE),
    DepartmentKind("water", "水务局", "水利厅", "水务", GENERAL_SERVICE),
    DepartmentKind("transport", "交通运输局", "交通运输厅", "交通", GENERAL_SERVICE),
    DepartmentKind("environment", "生态环境局", "生态环境厅", "生态", GENERAL_SERVICE),
    DepartmentKind("market", "市场监督管理局", "市场监督管理局", "市场监管", GENERAL_SERVICE),
    DepartmentKind("emergency", "应急管理局", "应急管理厅", "应急", GENERAL_SERVICE),
    DepartmentKind("veterans", "退役军人事务局", "退役军人事务厅", "退役军人", ("2010601", "2082501")),
    DepartmentKind("medical-insurance", "医疗保障局", "医疗保障局", "医保", ("2010601", "2101199")),
    DepartmentKind("housing", "住房和城乡建设局", "住房和城乡建设厅", "住建", ("2120101", "2210203")),
    DepartmentKind("forestry", "林业局", "林业局", "林业", ("2200150", "2200199")),
    DepartmentKind("archives", "档案馆", "档案馆", "档案", GENERAL_SERVICE),
    DepartmentKind("administration", "机关事务服务中心", "机关事务管理局", "机关事务", GENERAL_SERVICE),
    DepartmentKind(
        "data", "政务服务和大数据管理局", "政务服务和大数据管理局", "数据", ("2010601", "2010607")
    ),
    DepartmentKind("petitions", "信访局", "信访局", "信访", GENERAL_SERVICE),
    DepartmentKind("ethnic-affairs", "民族宗教事务局", "民族宗教事务委员会", "民宗", GENERAL_SERVICE),
    DepartmentKind("sports", "体育局", "体育局", "体育", GENERAL_SERVICE),
    DepartmentKind("trade-union", "总工会", "总工会", "总工", GENERAL_SERVICE),
    DepartmentKind("youth-league", "共青团委员会", "共青团委员会", "团", GENERAL_SERVICE),
    DepartmentKind("women", "妇女联合会", "妇女联合会", "妇", GENERAL_SERVICE),
    DepartmentKind("disabled", "残疾人联合会", "残疾人联合会", "残", ("2010601", "2013999")),
    DepartmentKind("tax-service", "国库支付中心", "国库支付中心", "国库", ("2010601", "2010608")),
    DepartmentKind("employment", "就业服务中心", "就业服务局", "就业", ("2080109", "2080704", "2080705"), 1),
    DepartmentKind(
        "social-insurance", "社会保险服务中心", "社会保险事业局", "社保", ("2080109", "2080199"), 1
    ),
    DepartmentKind("welfare", "社会福利院", "社会福利院", "福利", ("2013950", "2082501"), 1),
    DepartmentKind("planning-survey", "规划勘测设计院", "国土测绘院", "测绘", ("2200150", "2200199"), 1),
    DepartmentKind("vocational", "职业教育中心", "职业技术学院", "职教", ("2050399", "2050205"), 1),
    DepartmentKind("finance-services", "财政评审中心", "财政评审中心", "评审", ("2010608", "2010602"), 1),
    DepartmentKind("community", "街道办事处", "机关工作委员会", "街道", ("2120101", "2013901", "2013999")),
    DepartmentKind("mediation", "公共法律服务中心", "法律援助中心", "法援", GENERAL_SERVICE),
    DepartmentKind("information", "信息中心", "信息中心", "信息", ("2010607", "2010602"), 1),
    DepartmentKind("training", "干部培训中心", "行政学院", "培训", ("2010602", "2080199"), 1),
    DepartmentKind(
        "labour-inspection", "劳动保障监察大队", "劳动保障监察总队", "劳动监察", ("2080110", "2080101")
    ),
    DepartmentKind("talent", "人才服务中心", "人才服务局", "人才", ("2080199", "2080102"), 1),
    DepartmentKind("survey", "社会经济调查队", "社会经济调查总队", "调查", GENERAL_SERVICE),
    DepartmentKind("urban-planning", "城乡规划服务中心", "城乡规划研究院", "规划", ("2120201", "2120101"), 1),
)

# The short form of a name's ending: 人力资源和社会保障局 → 人社局, 卫生健康委员会 → 卫健委.
SHORT_ENDINGS = (("委员会", "委"), ("办公室", "办"), ("办事处", "办"), ("联合会", "联"), ("中心", "中心"))

UNIT_SUFFIXES = ("信息中心", "服务中心", "培训中心", "综合执法大队", "事务中心")
PERSONNEL = (
    "30101",
    "30102",
    "30103",
    "30106",
    "30107",
    "30108",
    "30109",
    "30110",
    "30111",
    "30112",
    "30113",
    "30114",
    "30199",
    "30301",
    "30302",
    "30305",
    "30307",
    "30399",
)
OPERATING = (
    "30201",
    "30202",
    "30205",
    "30206",
    "30207",
    "30209",
    "30211",
    "30213",
    "30214",
    "30215",
    "30216",
    "30218",
    "30226",
    "30227",
    "30228",
    "30229",
    "30239",
    "30299",
    "31002",
    "31003",
    "31007",
)
# 三公 items and the 表6 款 each must cover (rules.md R26).
OFFICIAL_CODES = {
    OfficialExpenseItem.OUTBOUND_TRAVEL: "30212",
    OfficialExpenseItem.VEHICLE_PURCHASE: "31013",
    OfficialExpenseItem.VEHICLE_OPERATION: "30231",
    OfficialExpenseItem.RECEPTION: "30217",
}
NON_APPROPRIATION_SOURCES = (IncomeSource.PUBLIC_SERVICE, IncomeSource.OTHER, IncomeSource.SUPERIOR_SUBSIDY)
CHANGE_REASONS = (
    FreeTextKey.TOTAL_CHANGE_REASON,
    FreeTextKey.INCOME_CHANGE_REASON,
    FreeTextKey.EXPENDITURE_CHANGE_REASON,
    FreeTextKey.APPROPRIATION_CHANGE_REASON,
    FreeTextKey.GENERAL_BUDGET_CHANGE_REASON,
    FreeTextKey.OFFICIAL_EXPENSES_CHANGE_REASON,
    FreeTextKey.OPERATING_COSTS_CHANGE_REASON,
)
CHANGE_REASON_TEXT = "主要是业务工作量变化、人员结构调整以及部分项目执行进度变化。"
# Other apps complete a generated final account here (performance adds the department-wide
# self-evaluation a format may require, from its AppConfig.ready()), so that accounts never imports them.
# Each is called with the final accounts of a chunk, saved with their facts and not yet published.
SYNTHETIC_EXTENSIONS: list[Callable[[list[FinalAccount]], object]] = []
PLACEHOLDER_HTML = (
    '<section class="synthetic-placeholder"><h2>合成数据</h2>'
    "<p>本部门决算是为性能测试生成的合成数据，未渲染公开文档；各表数据见本版本的 JSON 下载。</p></section>"
)


@dataclass(frozen=True)
class Injection:
    """A deliberate inconsistency: the final account, what was changed, and the rule that reports it."""

    final_account_id: int
    kind: str
    rule_id: str


@dataclass(frozen=True)
class Province:
    """What generate_province created."""

    root: FinanceBureau
    bureaus: int
    departments: int
    units: int
    final_accounts: int
    facts: int
    published: int
    rendered: int
    injections: tuple
    seconds: float


def register_synthetic_extension(fn):
    """Register fn(final accounts) to complete generated final accounts; return fn (usable as a decorator)."""
    if fn not in SYNTHETIC_EXTENSIONS:
        SYNTHETIC_EXTENSIONS.append(fn)
    return fn


# --- money ------------------------------------------------------------------------------------------


def amount_between(rng, low, high):
    """Return a random amount in 元 between `low` and `high` (Decimals), to the fen."""
    fen = rng.randint(int(low * 100), int(high * 100))
    return Decimal(fen).scaleb(-2)


def split(total, weights):
    """Return `total` split in proportion to `weights` (positive), each to the fen, adding up exactly."""
    weights = [Decimal(w) for w in weights]
    whole = sum(weights)
    parts = [(total * w / whole).quantize(CENT, ROUND_DOWN) for w in weights]
    parts[-1] += total - sum(parts)
    return parts


def scaled(amount, factor, rounding=ROUND_HALF_UP):
    return (amount * Decimal(str(factor))).quantize(CENT, rounding)


def wanyuan(amount):
    """Return `amount` (元) as written in a sentence: 万元 with two decimals, half up."""
    return (amount / TEN_THOUSAND).quantize(CENT, ROUND_HALF_UP)


# --- the hierarchy ----------------------------------------------------------------------------------


@dataclass
class _Bureau:
    slug: str
    name: str
    short_name: str
    level: str  # province, city, district
    parent: "_Bureau | None"
    place: str  # 江汉省, 东湖市, 东湖市城东区
    model: FinanceBureau | None = None


def _bureau_plan(count, prefix):
    """Return the bureaus to create: the province, then cities, then districts spread over the cities."""
    province = _Bureau(prefix, f"{PROVINCE}财政厅", "省财政厅", "province", None, PROVINCE)
    bureaus = [province]
    if count == 1:
        return bureaus
    cities_count = max(1, round((count - 1) / 5))
    cities = []
    for i in range(cities_count):
        city = f"{CITIES[i % len(CITIES)]}{'' if i < len(CITIES) else i // len(CITIES) + 1}市"
        cities.append(_Bureau(f"{prefix}-c{i + 1:02d}", f"{city}财政局", "市财政局", "city", province, city))
    bureaus += cities
    for i in range(count - 1 - cities_count):
        city = cities[i % len(cities)]
        n = i // len(cities)
        district = f"{city.place}{DISTRICTS[n % len(DISTRICTS)]}{'' if n < len(DISTRICTS) else n // len(DISTRICTS) + 1}区"
        bureaus.append(
            _Bureau(f"{city.slug}-d{n + 1:02d}", f"{district}财政局", "区财政局", "district", city, district)
        )
    return bureaus


def _short_name(bureau, kind, stem):
    """Return a department's short name: 区人社局, 市卫健委, 省人防办."""
    ending = next((short for long, short in SHORT_ENDINGS if stem.endswith(long)), stem[-1])
    return {"province": "省", "city": "市", "district": "区"}[bureau.level] + kind.short + ending


@dataclass
class _Profile:
    """What a department spends on, kept over the years; drawn once from the department's generator."""

    items: list
    basic_items: set
    weights: dict
    scale: Decimal
    growth: float
    non_appropriation: dict  # (code, kind) → share of the department's spending
    government_fund: dict  # code → share
    state_capital: dict  # code → share
    personnel: dict  # economic code → weight
    operating: dict
    personnel_share: float
    official: dict  # item → share of basic spending held by its 表6 款 (0 when the department has none)
    distribution: bool
    surplus_used: bool
    public_institutions: bool


def _profile(kind, level, rng):
    items = list(kind.items[: max(1, rng.randint(len(kind.items) // 2 + 1, len(kind.items)))])
    items += list(STAFF_ITEMS) + [code for code, p in OPTIONAL_STAFF_ITEMS if rng.random() < p]
    items = list(dict.fromkeys(items))
    basic_items = (
        set(kind.items[: kind.basic_items]) | set(STAFF_ITEMS) | {c for c, _ in OPTIONAL_STAFF_ITEMS}
    )
    weights = {code: rng.uniform(0.3, 3.0) * (2.5 if code == kind.items[0] else 1.0) for code in items}
    level_factor = {"province": 2.5, "city": 1.5, "district": 1.0}[level]
    scale = Decimal(str(round(10 ** rng.uniform(6.4, 8.2) * level_factor, 2)))
    own = [code for code in items if code not in STAFF_ITEMS]
    non_appropriation = {}
    if rng.random() < 0.45:
        for code in rng.sample(own, min(len(own), rng.randint(1, 3))):
            kind_ = rng.choice((ExpenditureKind.BASIC, ExpenditureKind.PROJECT, ExpenditureKind.PROJECT))
            if rng.random() < 0.1:
                kind_ = rng.choice(
                    (ExpenditureKind.BUSINESS, ExpenditureKind.AFFILIATE_SUBSIDY, ExpenditureKind.REMITTANCE)
                )
            non_appropriation[(code, kind_)] = rng.uniform(0.03, 0.12)
    government_fund = {}
    if rng.random() < 0.12:
        for code in rng.sample(own, min(len(own), rng.randint(1, 2))):
            government_fund[code] = rng.uniform(0.05, 0.2)
    state_capital = {}
    if rng.random() < 0.04:
        state_capital[rng.choice(own)] = rng.uniform(0.02, 0.08)
    personnel = {code: rng.uniform(0.2, 3.0) for code in rng.sample(PERSONNEL, rng.randint(6, 12))}
    personnel["30101"] = rng.uniform(2.0, 4.0)
    operating = {code: rng.uniform(0.2, 2.0) for code in rng.sample(OPERATING, rng.randint(6, 14))}
    official = {
        OfficialExpenseItem.RECEPTION: rng.uniform(0.001, 0.006) if rng.random() < 0.85 else 0.0,
        OfficialExpenseItem.VEHICLE_OPERATION: rng.uniform(0.004, 0.015) if rng.random() < 0.5 else 0.0,
        OfficialExpenseItem.OUTBOUND_TRAVEL: rng.uniform(0.001, 0.004) if rng.random() < 0.08 else 0.0,
        OfficialExpenseItem.VEHICLE_PURCHASE: 0.0,  # decided per year: a car is bought now and then
    }
    return _Profile(
        items=items,
        basic_items=basic_items,
        weights=weights,
        scale=scale,
        growth=rng.uniform(-0.04, 0.08),
        non_appropriation=non_appropriation,
        government_fund=government_fund,
        state_capital=state_capital,
        personnel=personnel,
        operating=operating,
        personnel_share=rng.uniform(0.72, 0.9),
        official=official,
        distribution=bool(non_appropriation) and rng.random() < 0.1,
        surplus_used=bool(non_appropriation) and rng.random() < 0.1,
        public_institutions=kind.basic_items > 1 or rng.random() < 0.5,
    )


# --- the figures of one year ------------------------------------------------------------------------


@dataclass
class _Figures:
    """The facts of one final account, keyed as accounts.statements.Facts keys them (元)."""

    income: dict = field(default_factory=dict)
    expenditure: dict = field(default_factory=dict)
    balances: dict = field(default_factory=dict)  # (fund, code or "") → (opening, closing)
    basic_detail: dict = field(default_factory=dict)
    official: dict = field(default_factory=dict)  # item → (budget, actual)
    budget_total: Decimal = ZERO
    budget_by_kind: dict = field(default_factory=dict)
    budget_by_subject: dict = field(default_factory=dict)
    stated_figures: dict = field(default_factory=dict)
    stated_counts: dict = field(default_factory=dict)
    prior_year: dict = field(default_factory=dict)  # NamedFigure → (元, source)
    free_texts: dict = field(default_factory=dict)  # (key, code or "") → text

    def named_figures(self):
        """Return this year's value of each NamedFigure (what next year's prior-year figures are)."""
        appropriation = {Fund.GENERAL_BUDGET, Fund.GOVERNMENT_FUND, Fund.STATE_CAPITAL}
        income_total = sum(self.income.values(), ZERO)
        appropriation_income = sum((a for (_c, s), a in self.income.items() if s in appropriation), ZERO)
        opening = sum((o for o, _c in self.balances.values()), ZERO)
        appropriation_opening = sum(
            (o for (f, _c), (o, _cl) in self.balances.items() if f in appropriation), ZERO
        )
        surplus_used = self.stated_figures.get(StatedFigureKey.NON_APPROPRIATION_SURPLUS_USED, ZERO)
        official = {item: actual for item, (_budget, actual) in self.official.items()}
        return {
            NamedFigure.INCOME_TOTAL: income_total,
            NamedFigure.EXPENDITURE_TOTAL: sum(self.expenditure.values(), ZERO),
            NamedFigure.GRAND_TOTAL: income_total + surplus_used + opening,
            NamedFigure.APPROPRIATION_INCOME_TOTAL: appropriation_income,
            NamedFigure.APPROPRIATION_EXPENDITURE_TOTAL: sum(
                (a for (_c, f, k), a in self.expenditure.items() if f in appropriation), ZERO
            ),
            NamedFigure.APPROPRIATION_GRAND_TOTAL: appropriation_income + appropriation_opening,
            NamedFigure.GENERAL_BUDGET_INCOME: sum(
                (a for (_c, s), a in self.income.items() if s == IncomeSource.GENERAL_BUDGET), ZERO
            ),
            NamedFigure.GENERAL_BUDGET_EXPENDITURE: sum(
                (
                    a
                    for (_c, f, k), a in self.expenditure.items()
                    if f == Fund.GENERAL_BUDGET and k in (ExpenditureKind.BASIC, ExpenditureKind.PROJECT)
                ),
                ZERO,
            ),
            NamedFigure.OFFICIAL_EXPENSES_TOTAL: sum(official.values(), ZERO),
            NamedFigure.RECEPTION: official.get(OfficialExpenseItem.RECEPTION, ZERO),
            NamedFigure.OPERATING_COSTS: self.stated_figures.get(StatedFigureKey.OPERATING_COSTS, ZERO),
        }


def _year_figures(profile, names, year, index, previous, rng):
    """Return the _Figures of one year: spending drawn, then income, balances, 表6, budgets derived."""
    figures = _Figures()
    size = profile.scale * Decimal(str(round((1 + profile.growth) ** index * rng.uniform(0.92, 1.08), 6)))
    weight_sum = sum(profile.weights.values())
    other_share = sum(profile.non_appropriation.values()) + sum(profile.government_fund.values())
    other_share += sum(profile.state_capital.values())
    general = size * Decimal(str(round(max(0.3, 1 - other_share), 6)))
    expenditure = {}
    for code in profile.items:
        amount = scaled(general, profile.weights[code] / weight_sum * rng.uniform(0.9, 1.1))
        kind = ExpenditureKind.BASIC if code in profile.basic_items else ExpenditureKind.PROJECT
        expenditure[(code, Fund.GENERAL_BUDGET, kind)] = amount
    for (code, kind), share in profile.non_appropriation.items():
        expenditure[(code, Fund.NON_APPROPRIATION, kind)] = scaled(size, share * rng.uniform(0.85, 1.15))
    for code, share in profile.government_fund.items():
        expenditure[(code, Fund.GOVERNMENT_FUND, ExpenditureKind.PROJECT)] = scaled(
            size, share * rng.uniform(0.8, 1.2)
        )
    for code, share in profile.state_capital.items():
        expenditure[(code, Fund.STATE_CAPITAL, ExpenditureKind.PROJECT)] = scaled(
            size, share * rng.uniform(0.8, 1.2)
        )
    figures.expenditure = {key: amount for key, amount in expenditure.items() if amount > ZERO}

    def spent(fund, code=None):
        return sum(
            (a for (c, f, _k), a in figures.expenditure.items() if f == fund and (code is None or c == code)),
            ZERO,
        )

    def opening_of(fund, code=""):
        if previous is not None:
            return previous.balances.get((fund, code), (ZERO, ZERO))[1]
        return scaled(spent(fund, code or None), rng.uniform(0.0, 0.08))

    # Per fund: income = spending + closing − opening (and 结余分配 − 使用非财政拨款结余 for other funds).
    general_spent = spent(Fund.GENERAL_BUDGET)
    opening = opening_of(Fund.GENERAL_BUDGET)
    closing = max(scaled(general_spent, rng.uniform(0.0, 0.08)), opening - general_spent)
    figures.balances[(Fund.GENERAL_BUDGET, "")] = (opening, closing)
    _spread_income(
        figures, Fund.GENERAL_BUDGET, IncomeSource.GENERAL_BUDGET, general_spent + closing - opening
    )
    for code in profile.government_fund:
        code_spent = spent(Fund.GOVERNMENT_FUND, code)
        opening = opening_of(Fund.GOVERNMENT_FUND, code)
        closing = max(scaled(code_spent, rng.uniform(0.0, 0.3)), opening - code_spent)
        figures.balances[(Fund.GOVERNMENT_FUND, code)] = (opening, closing)
        income = code_spent + closing - opening
        if income > ZERO:
            figures.income[(code, IncomeSource.GOVERNMENT_FUND)] = income
    if profile.state_capital:
        capital_spent = spent(Fund.STATE_CAPITAL)
        opening = opening_of(Fund.STATE_CAPITAL)
        closing = max(scaled(capital_spent, rng.uniform(0.0, 0.1)), opening - capital_spent)
        figures.balances[(Fund.STATE_CAPITAL, "")] = (opening, closing)
        _spread_income(
            figures, Fund.STATE_CAPITAL, IncomeSource.STATE_CAPITAL, capital_spent + closing - opening
        )
    if profile.non_appropriation:
        other_spent = spent(Fund.NON_APPROPRIATION)
        opening = opening_of(Fund.NON_APPROPRIATION)
        surplus_used = scaled(other_spent, rng.uniform(0.01, 0.05)) if profile.surplus_used else ZERO
        distribution = scaled(other_spent, rng.uniform(0.01, 0.03)) if profile.distribution else ZERO
        closing = max(
            scaled(other_spent, rng.uniform(0.02, 0.15)), opening + surplus_used - other_spent - distribution
        )
        figures.balances[(Fund.NON_APPROPRIATION, "")] = (opening, closing)
        if surplus_used:
            figures.stated_figures[StatedFigureKey.NON_APPROPRIATION_SURPLUS_USED] = surplus_used
        if distribution:
            figures.stated_figures[StatedFigureKey.SURPLUS_DISTRIBUTION] = distribution
        income = other_spent + distribution + closing - opening - surplus_used
        sources = (
            [NON_APPROPRIATION_SOURCES[1]]
            + ([NON_APPROPRIATION_SOURCES[0]] if profile.public_institutions else [])
            + ([NON_APPROPRIATION_SOURCES[2]] if rng.random() < 0.3 else [])
        )
        for source, part in zip(sources, split(income, [rng.uniform(1, 3) for _ in sources]), strict=True):
            _spread_income(figures, Fund.NON_APPROPRIATION, source, part)

    _basic_detail(figures, profile, rng)
    _budgets(figures, profile, rng)
    _stated(figures, rng)
    if previous is not None:
        source = f"{year - 1}年度部门决算（系统内数据）"
        figures.prior_year = {key: (value, source) for key, value in previous.named_figures().items()}
    _texts(figures, profile, names, rng)
    return figures


def _spread_income(figures, fund, source, total):
    """Add income of `source` (`total` 元) over the subjects the fund is spent on, in proportion."""
    if total <= ZERO:
        return
    spending = defaultdict(lambda: ZERO)
    for (code, f, _kind), amount in figures.expenditure.items():
        if f == fund:
            spending[code] += amount
    codes = sorted(spending)
    for code, part in zip(codes, split(total, [spending[c] for c in codes]), strict=True):
        if part > ZERO:
            figures.income[(code, source)] = figures.income.get((code, source), ZERO) + part


def _basic_detail(figures, profile, rng):
    """表6: 一般公共预算 基本支出 split by economic 款, with the 三公 款 each 三公 actual covers (R23, R26)."""
    basic = sum(
        (
            a
            for (_c, f, k), a in figures.expenditure.items()
            if f == Fund.GENERAL_BUDGET and k == ExpenditureKind.BASIC
        ),
        ZERO,
    )
    personnel_total = scaled(basic, profile.personnel_share * rng.uniform(0.97, 1.03))
    personnel_total = min(personnel_total, basic)
    operating_total = basic - personnel_total
    official = {}
    for item, share in profile.official.items():
        if share:
            official[item] = min(scaled(basic, share * rng.uniform(0.7, 1.3)), operating_total / 10)
    if rng.random() < 0.08 and profile.official[OfficialExpenseItem.VEHICLE_OPERATION]:
        official[OfficialExpenseItem.VEHICLE_PURCHASE] = min(
            amount_between(rng, Decimal(150000), Decimal(280000)), operating_total / 5
        )
    official = {item: amount.quantize(CENT, ROUND_DOWN) for item, amount in official.items()}
    rest = operating_total - sum(official.values(), ZERO)
    codes = list(profile.personnel)
    details = dict(
        zip(
            codes,
            split(personnel_total, [profile.personnel[c] * rng.uniform(0.9, 1.1) for c in codes]),
            strict=True,
        )
    )
    codes = list(profile.operating)
    details.update(
        zip(codes, split(rest, [profile.operating[c] * rng.uniform(0.8, 1.2) for c in codes]), strict=True)
    )
    for item, amount in official.items():
        details[OFFICIAL_CODES[item]] = amount
    figures.basic_detail = {code: amount for code, amount in sorted(details.items()) if amount > ZERO}
    for item, in_basic in official.items():
        project_part = scaled(in_basic, rng.uniform(0.0, 0.6)) if rng.random() < 0.3 else ZERO
        actual = in_basic + project_part
        budget = scaled(actual, rng.uniform(1.0, 1.35), ROUND_CEILING).quantize(YUAN, ROUND_CEILING)
        if actual > ZERO:
            figures.official[item] = (budget, actual)
    figures.stated_figures[StatedFigureKey.OPERATING_COSTS] = sum(
        (a for code, a in figures.basic_detail.items() if code[:3] in ("302", "310")), ZERO
    )


def _budgets(figures, profile, rng):
    """年初预算 of 一般公共预算: per subject and kind at least the spending, adding up to the kinds and the total."""
    by_kind = {ExpenditureKind.BASIC: ZERO, ExpenditureKind.PROJECT: ZERO}
    by_subject = defaultdict(lambda: ZERO)
    for (code, fund, kind), amount in sorted(figures.expenditure.items()):
        if fund != Fund.GENERAL_BUDGET:
            continue
        budget = scaled(amount, rng.uniform(1.0, 1.12), ROUND_CEILING).quantize(YUAN, ROUND_CEILING)
        by_kind[kind] += budget
        by_subject[code] += budget
    unspent = [code for code in profile.items if code not in by_subject]
    if unspent and rng.random() < 0.2:
        # A budgeted project that was not carried out this year: its row in 表5 shows no spending.
        code = rng.choice(unspent)
        budget = amount_between(rng, Decimal(20000), Decimal(200000)).quantize(YUAN)
        by_kind[ExpenditureKind.PROJECT] += budget
        by_subject[code] += budget
    figures.budget_by_kind = {kind: amount for kind, amount in by_kind.items() if amount > ZERO}
    figures.budget_by_subject = dict(sorted(by_subject.items()))
    figures.budget_total = sum(by_kind.values(), ZERO)


def _stated(figures, rng):
    """Other stated figures and counts: 政府采购, 国内公务接待, vehicles held."""
    project = sum((a for (_c, _f, k), a in figures.expenditure.items() if k == ExpenditureKind.PROJECT), ZERO)
    if project > ZERO and rng.random() < 0.8:
        goods, services = scaled(project, rng.uniform(0.02, 0.1)), scaled(project, rng.uniform(0.05, 0.25))
        goods_sme, services_sme = (
            scaled(goods, rng.uniform(0.5, 1.0)),
            scaled(services, rng.uniform(0.5, 1.0)),
        )
        figures.stated_figures.update(
            {
                StatedFigureKey.PROCUREMENT_GOODS: goods,
                StatedFigureKey.PROCUREMENT_SERVICES: services,
                StatedFigureKey.PROCUREMENT_GOODS_SME: goods_sme,
                StatedFigureKey.PROCUREMENT_SERVICES_SME: services_sme,
                StatedFigureKey.PROCUREMENT_SMALL_MICRO: scaled(
                    goods_sme + services_sme, rng.uniform(0.6, 1.0)
                ),
            }
        )
    reception = figures.official.get(OfficialExpenseItem.RECEPTION)
    if reception:
        figures.stated_figures[StatedFigureKey.RECEPTION_DOMESTIC] = reception[1]
        groups = rng.randint(3, 60)
        figures.stated_counts[StatedCountKey.DOMESTIC_RECEPTION_GROUPS] = groups
        figures.stated_counts[StatedCountKey.DOMESTIC_RECEPTION_PEOPLE] = groups * rng.randint(3, 9)
    if OfficialExpenseItem.VEHICLE_OPERATION in figures.official:
        held = rng.randint(1, 6)
        figures.stated_counts[StatedCountKey.VEHICLES_HELD] = held
        figures.stated_counts[StatedCountKey.ASSET_VEHICLES_OTHER] = held
    if OfficialExpenseItem.VEHICLE_PURCHASE in figures.official:
        figures.stated_counts[StatedCountKey.VEHICLES_PURCHASED] = 1
    if OfficialExpenseItem.OUTBOUND_TRAVEL in figures.official:
        # Spending on outbound travel goes with its groups and people (S2); taken from the amount, not
        # from `rng`, so that every later figure of the province stays what the seed gave before.
        groups = 1 + int(figures.official[OfficialExpenseItem.OUTBOUND_TRAVEL][1]) % 3
        figures.stated_counts[StatedCountKey.OUTBOUND_GROUPS] = groups
        figures.stated_counts[StatedCountKey.OUTBOUND_PEOPLE] = groups * 3
    figures.stated_counts[StatedCountKey.ASSET_EQUIPMENT_OVER_1M] = rng.choice((0, 0, 0, 1, 2))


def _texts(figures, profile, names, rng):
    """Free texts without counts or percentages, and one amount that the tables give (N1 checks it)."""
    texts = figures.free_texts
    texts[(FreeTextKey.MAIN_FUNCTIONS, "")] = "\n".join(
        (
            f"{names['function']}；",
            "承担本级相关行政审批和公共服务事项；",
            "完成上级交办的其他任务。",
        )
    )
    texts[(FreeTextKey.UNIT_COMPOSITION, "")] = (
        f"从单位构成看，{names['short_name']}部门决算由本级及所属单位决算汇总组成。"
    )
    categories = sorted({code[:3] for code, _f, _k in figures.expenditure})
    for category in categories:
        texts[(FreeTextKey.CATEGORY_USE, category)] = (
            f"主要用于保障{names['short_name']}履行职能和开展相关业务工作。"
        )
    project = sum((a for (_c, _f, k), a in figures.expenditure.items() if k == ExpenditureKind.PROJECT), ZERO)
    if project > ZERO:
        main = max(
            ((code, a) for (code, _f, k), a in figures.expenditure.items() if k == ExpenditureKind.PROJECT),
            key=lambda pair: pair[1],
        )[0]
        texts[(FreeTextKey.PROJECT_OUTCOMES, "")] = (
            f"项目支出主要用于{names['subjects'][main]}等方面，共计{wanyuan(project)}万元，"
            "主要成效：各项业务工作按计划推进，服务对象满意度稳步提升。"
        )
    # Every year, the first too: the format expects the reasons (C2) whether or not last year is known.
    for key in CHANGE_REASONS:
        texts[(key, "")] = CHANGE_REASON_TEXT
    if OfficialExpenseItem.RECEPTION in figures.official:
        texts[(FreeTextKey.RECEPTION_USE, "")] = "主要用于接待上级部门检查指导和兄弟单位考察交流。"
    texts[(FreeTextKey.OFFICIAL_EXPENSES_BUDGET_REASON, "")] = (
        "严格执行中央八项规定精神，厉行节约，压减一般性支出。"
    )
    texts[(FreeTextKey.PERFORMANCE_MANAGEMENT, "")] = (
        "按要求开展预算绩效自评，评价结果用于改进管理和安排预算。"
    )
    texts[(FreeTextKey.KEY_WORK, "")] = "\n\n".join(
        (
            "一、扎实推进重点工作。围绕年度目标任务，细化措施，压实责任，各项工作有序开展。",
            "二、加强预算管理。严格预算执行，规范资金使用，提高财政资金使用效益。",
        )
    )
    if rng.random() < 0.3:
        figures.free_texts[(FreeTextKey.ASSETS_NOTE, "")] = "资产管理规范，账实相符。"


# --- deliberate inconsistencies ---------------------------------------------------------------------


def _inject(figures, kind, rng):
    """Change one figure so that the rule INJECTIONS[kind] reports it; return False when it cannot apply."""
    if kind == "basic_detail":
        code = next(c for c in sorted(figures.basic_detail) if c.startswith("301"))
        figures.basic_detail[code] += amount_between(rng, Decimal(1000), Decimal(50000))
    elif kind == "closing_balance":
        opening, closing = figures.balances.get((Fund.NON_APPROPRIATION, ""), (ZERO, ZERO))
        figures.balances[(Fund.NON_APPROPRIATION, "")] = (
            opening,
            closing + amount_between(rng, Decimal(1000), Decimal(50000)),
        )
    elif kind == "reception":
        in_basic = figures.basic_detail.get(OFFICIAL_CODES[OfficialExpenseItem.RECEPTION], ZERO)
        if in_basic < Decimal("200.00"):
            return False
        budget, _actual = figures.official[OfficialExpenseItem.RECEPTION]
        lowered = (in_basic * Decimal("0.8")).quantize(CENT)
        figures.official[OfficialExpenseItem.RECEPTION] = (budget, lowered)
        # Its 国内 part follows, so that only R26 (not S1, 接待费 = 国内 + 外事) reports the change.
        figures.stated_figures[StatedFigureKey.RECEPTION_DOMESTIC] = lowered
    elif kind == "subject_budget":
        spent = defaultdict(lambda: ZERO)
        for (code, fund, _k), amount in figures.expenditure.items():
            if fund == Fund.GENERAL_BUDGET:
                spent[code] += amount
        codes = sorted(code for code in spent if spent[code] > Decimal("1000.00"))
        if len(codes) < 2:
            return False
        short, other = codes[0], codes[1]
        lowered = (spent[short] * Decimal("0.9")).quantize(YUAN, ROUND_DOWN)
        # The total and the other subjects keep adding up: only P2's per-subject comparison fails.
        figures.budget_by_subject[other] += figures.budget_by_subject[short] - lowered
        figures.budget_by_subject[short] = lowered
    elif kind == "narrative":
        key = (FreeTextKey.PROJECT_OUTCOMES, "")
        text = figures.free_texts.get(key)
        if not text:
            return False
        start, end = text.index("共计") + 2, text.index("万元")
        wrong = Decimal(text[start:end]) + Decimal("1.37")
        figures.free_texts[key] = f"{text[:start]}{wrong}{text[end:]}"
    return True


# --- writing ----------------------------------------------------------------------------------------


def _fact_rows(final_account, figures, functional, economic):
    """Return {model: [unsaved rows]} of the figures of `final_account`."""
    fa = final_account
    rows = defaultdict(list)
    rows[IncomeFact] = [
        IncomeFact(final_account=fa, subject_id=functional[c], source=s, amount=a)
        for (c, s), a in figures.income.items()
    ]
    rows[ExpenditureFact] = [
        ExpenditureFact(final_account=fa, subject_id=functional[c], fund=f, kind=k, amount=a)
        for (c, f, k), a in figures.expenditure.items()
    ]
    rows[Balance] = [
        Balance(final_account=fa, fund=f, subject_id=functional[c] if c else None, opening=o, closing=cl)
        for (f, c), (o, cl) in figures.balances.items()
    ]
    rows[BasicExpenditureDetail] = [
        BasicExpenditureDetail(final_account=fa, subject_id=economic[c], amount=a)
        for c, a in figures.basic_detail.items()
    ]
    rows[OfficialExpense] = [
        OfficialExpense(final_account=fa, item=i, budget=b, actual=a)
        for i, (b, a) in figures.official.items()
    ]
    rows[Budget] = [Budget(final_account=fa, amount=figures.budget_total)]
    rows[Budget] += [Budget(final_account=fa, kind=k, amount=a) for k, a in figures.budget_by_kind.items()]
    rows[Budget] += [
        Budget(final_account=fa, subject_id=functional[c], amount=a)
        for c, a in figures.budget_by_subject.items()
    ]
    rows[StatedFigure] = [
        StatedFigure(final_account=fa, key=k, amount=a) for k, a in figures.stated_figures.items()
    ]
    rows[StatedCount] = [
        StatedCount(final_account=fa, key=k, count=n) for k, n in figures.stated_counts.items()
    ]
    rows[PriorYearFigureRow] = [
        PriorYearFigureRow(final_account=fa, key=k, amount=a, source=s)
        for k, (a, s) in figures.prior_year.items()
    ]
    rows[FreeText] = [
        FreeText(final_account=fa, key=k, subject_id=functional[c] if c else None, text=t)
        for (k, c), t in figures.free_texts.items()
    ]
    return rows


def _placeholder_files(prefix):
    """Store the shared placeholder HTML and PDF of unrendered versions; return {kind: (name, bytes)}."""
    import weasyprint  # only here: loading pango is slow

    html = PLACEHOLDER_HTML.encode("utf-8")
    pdf = weasyprint.HTML(string=f"<html><body>{PLACEHOLDER_HTML}</body></html>").write_pdf()
    files = {}
    for kind, data in (("html", html), ("pdf", pdf)):
        name = default_storage.save(f"published/{prefix}/placeholder.{kind}", ContentFile(data))
        files[kind] = (name, data)
    return files


def _publish_unrendered(final_accounts, placeholder):
    """Record version 1 of each final account from its facts, with the placeholder HTML and PDF.

    The JSON and its PublishedCell rows are built by accounts.publishing, as for a real publication
    (findings included); only the HTML and PDF are not rendered.
    """
    from .rules.engine import checked_final_accounts

    (html_name, html), (pdf_name, pdf) = placeholder["html"], placeholder["pdf"]
    versions, cells = [], []
    for fa, facts, statements, findings in checked_final_accounts(final_accounts):
        data = publishing.version_data(
            fa,
            number=1,
            reason="",
            disclosure_date=fa.disclosure_date,
            html=html,
            pdf=pdf,
            facts=facts,
            statements=statements.values(),
            findings=findings,
            explanations=(),
        )
        payload = publishing.json_bytes(data)
        department = fa.department
        base = f"published/{department.bureau.slug}/{department.slug}/{fa.year}/v1"
        json_name = default_storage.save(f"{base}/document.json", ContentFile(payload))
        published_at = timezone.make_aware(datetime.datetime(fa.year + 1, 9, 28, 9, 0))
        versions.append(
            PublishedVersion(
                final_account=fa,
                number=1,
                published_at=published_at,
                reason="",
                html_file=html_name,
                html_sha256=publishing.sha256(html),
                pdf_file=pdf_name,
                pdf_sha256=publishing.sha256(pdf),
                json_file=json_name,
                json_sha256=publishing.sha256(payload),
            )
        )
        cells.append(publishing.cell_values(data))
    PublishedVersion.objects.bulk_create(versions, batch_size=BATCH_SIZE)
    # The rows record_cells writes for one version, written for all of them at once.
    PublishedCell.objects.bulk_create(
        [
            PublishedCell(version=version, **fields)
            for version, values in zip(versions, cells, strict=True)
            for fields in values
        ],
        batch_size=BATCH_SIZE,
    )
    publishing.announce_publication()


def _publish_rendered(final_account):
    """Publish version 1 through the real freeze (HTML and PDF rendered) and record its cells."""
    published_at = timezone.make_aware(datetime.datetime(final_account.year + 1, 9, 28, 9, 0))
    frozen = publishing.freeze(final_account, number=1, published_on=published_at.date())
    publishing.store_version(final_account, number=1, frozen=frozen, by=None, published_at=published_at)


@transaction.atomic
def _write_chunk(chunk, functional, economic, placeholder):
    """Write the final accounts of `chunk` [(final account, figures, publish, render)] and their facts."""
    FinalAccount.objects.bulk_create([fa for fa, _f, _p, _r in chunk], batch_size=BATCH_SIZE)
    rows = defaultdict(list)
    for fa, figures, _publish, _render in chunk:
        for model, model_rows in _fact_rows(fa, figures, functional, economic).items():
            rows[model].extend(model_rows)
    for model, model_rows in rows.items():
        model.objects.bulk_create(model_rows, batch_size=BATCH_SIZE)
    for extension in SYNTHETIC_EXTENSIONS:
        extension([fa for fa, _f, _p, _r in chunk])
    published = [fa for fa, _f, publish, render in chunk if publish and not render]
    if published:
        _publish_unrendered(published, placeholder)
    for fa, _figures, _publish, render in chunk:
        if render:
            _publish_rendered(fa)
    Transition.objects.bulk_create(
        [
            Transition(
                final_account=fa,
                version=1,
                from_status=FinalAccount.Status.APPROVED,
                to_status=FinalAccount.Status.PUBLISHED,
                reason="合成数据：按公开状态生成。",
            )
            for fa, _f, publish, _r in chunk
            if publish
        ],
        batch_size=BATCH_SIZE,
    )
    return sum(len(model_rows) for model_rows in rows.values())


def generate_province(
    *,
    bureaus=20,
    departments=50,
    years=5,
    last_year=EDITION,
    seed=1,
    inconsistent=0.02,
    publish_fraction=0.0,
    render_sample=0,
    prefix="syn",
    progress=None,
):
    """Create a synthetic province and return what was created (a Province).

    `bureaus` finance bureaus (one province bureau, about a fifth of the rest city bureaus, the others
    district bureaus under the cities), `departments` departments under each bureau, one final account
    per department for each of the `years` years up to `last_year`. A share `inconsistent` of the final
    accounts (at least one when it is above zero) gets one deliberate inconsistency each, listed in
    `Province.injections`; a share `publish_fraction` is published (version 1, frozen JSON and
    PublishedCell rows, placeholder HTML and PDF), `render_sample` of those with HTML and PDF rendered.
    The same arguments give the same figures. Bureau slugs start with `prefix`; a prefix in use is
    refused (ValidationError). Writes one transaction per CHUNK final accounts; `progress(text)` is
    called after each.
    """
    started = time.perf_counter()
    if min(bureaus, departments, years) < 1:
        raise ValidationError("财政局、部门和年度数均须至少为 1。", code="size")
    if not 0 <= inconsistent <= 1 or not 0 <= publish_fraction <= 1:
        raise ValidationError("比例须在 0 与 1 之间。", code="fraction")
    if FinanceBureau.objects.filter(slug__in=[prefix, f"{prefix}-c01"]).exists():
        raise ValidationError(
            f"标识前缀“{prefix}”已被使用：请换一个前缀，或在新的数据库中生成。", code="prefix"
        )
    # Chosen once, for the last year, by the same rule as every new final account (final_accounts), and
    # used for every year: the shipped reference data has one format and one edition (module docstring).
    report_format, edition = final_accounts.format_and_edition(REGION, last_year)
    functional = dict(FunctionalSubject.objects.filter(edition=edition).values_list("code", "pk"))
    subject_names = dict(FunctionalSubject.objects.filter(edition=edition).values_list("code", "name"))
    economic = dict(EconomicSubject.objects.filter(edition=edition).values_list("code", "pk"))
    rng = random.Random(f"province:{seed}")

    plan = _bureau_plan(bureaus, prefix)
    with transaction.atomic():
        for bureau in plan:  # one by one: each needs its parent's id
            bureau.model = FinanceBureau.objects.create(
                slug=bureau.slug,
                name=bureau.name,
                short_name=bureau.short_name,
                parent=bureau.parent.model if bureau.parent else None,
            )
        department_rows, kinds = [], []
        for bureau_index, bureau in enumerate(plan):
            for index in range(departments):
                kind = DEPARTMENT_KINDS[index % len(DEPARTMENT_KINDS)]
                cycle = index // len(DEPARTMENT_KINDS)
                stem = kind.province_name if bureau.level == "province" else kind.name
                suffix = f"（{cycle + 1}）" if cycle else ""
                department_rows.append(
                    Department(
                        bureau=bureau.model,
                        slug=kind.slug + (f"-{cycle + 1}" if cycle else ""),
                        name=f"{bureau.place}{stem}{suffix}",
                        short_name=f"{_short_name(bureau, kind, stem)}{suffix}",
                    )
                )
                kinds.append((bureau, kind, f"{bureau_index}:{index}"))
        Department.objects.bulk_create(department_rows, batch_size=BATCH_SIZE)
        unit_rows = []
        profiles = []
        for department, (bureau, kind, place) in zip(department_rows, kinds, strict=True):
            # Seeded by position, not by slug: another prefix gives the same figures.
            department_rng = random.Random(f"department:{seed}:{place}")
            profile = _profile(kind, bureau.level, department_rng)
            profiles.append((department, kind, profile, department_rng))
            unit_type = Unit.Type.CIVIL_SERVICE_MANAGED if kind.basic_items > 1 else Unit.Type.ADMINISTRATIVE
            unit_rows.append(Unit(department=department, name=department.name, unit_type=unit_type))
            if profile.public_institutions:
                for suffix in department_rng.sample(UNIT_SUFFIXES, department_rng.randint(1, 3)):
                    unit_rows.append(
                        Unit(
                            department=department,
                            name=f"{department.name}{suffix}",
                            unit_type=Unit.Type.PUBLIC_INSTITUTION,
                        )
                    )
        Unit.objects.bulk_create(unit_rows, batch_size=BATCH_SIZE)

    total = len(profiles) * years
    injected_count = 0 if inconsistent == 0 else max(1, round(total * inconsistent))
    injected_slots = set(rng.sample(range(total), min(total, injected_count)))
    published_slots = set(rng.sample(range(total), round(total * publish_fraction)))
    rendered_slots = set(sorted(published_slots)[: max(0, render_sample)])
    kinds_cycle = list(INJECTIONS)
    first_year = last_year - years + 1
    placeholder = _placeholder_files(prefix) if len(published_slots) > len(rendered_slots) else None

    injections, chunk, slot, facts_written, accounts_written = [], [], 0, 0, 0
    pending_injections = []
    for department, kind, profile, department_rng in profiles:
        names = {"function": kind.function, "short_name": department.short_name, "subjects": subject_names}
        previous = None
        for index, year in enumerate(range(first_year, last_year + 1)):
            figures = _year_figures(profile, names, year, index, previous, department_rng)
            clean = figures
            publish, render = slot in published_slots, slot in rendered_slots
            status = FinalAccount.Status.PUBLISHED if publish else FinalAccount.Status.DRAFT
            final_account = FinalAccount(
                department=department,
                year=year,
                status=status,
                report_format=report_format,
                edition=edition,
                disclosure_date=datetime.date(year + 1, 9, 28) if publish else None,
            )
            if slot in injected_slots:
                figures = _copy(clean)
                # Try the kinds in turn from this account's place in the cycle: not every account has
                # other funds' balances, a reception budget or project spending to change.
                for offset in range(len(kinds_cycle)):
                    injection_kind = kinds_cycle[(len(pending_injections) + offset) % len(kinds_cycle)]
                    if _inject(figures, injection_kind, department_rng):
                        pending_injections.append((final_account, injection_kind))
                        break
            chunk.append((final_account, figures, publish, render))
            previous = clean
            slot += 1
            if len(chunk) >= CHUNK:
                facts_written += _write_chunk(chunk, functional, economic, placeholder)
                accounts_written += len(chunk)
                chunk = []
                if progress:
                    progress(f"{accounts_written}/{total} 份部门决算")
    if chunk:
        facts_written += _write_chunk(chunk, functional, economic, placeholder)
        accounts_written += len(chunk)
        if progress:
            progress(f"{accounts_written}/{total} 份部门决算")
    injections = tuple(Injection(fa.pk, kind, INJECTIONS[kind]) for fa, kind in pending_injections)
    return Province(
        root=plan[0].model,
        bureaus=len(plan),
        departments=len(profiles),
        units=len(unit_rows),
        final_accounts=accounts_written,
        facts=facts_written,
        published=len(published_slots),
        rendered=len(rendered_slots),
        injections=injections,
        seconds=time.perf_counter() - started,
    )


def _copy(figures):
    """Return a copy of `figures` whose mappings can be changed without touching the original."""
    return _Figures(
        **{
            name: dict(value) if isinstance(value, dict) else value
            for name, value in figures.__dict__.items()
        }
    )
