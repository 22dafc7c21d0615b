"""情况说明 generated from the demo: each figure from its table's cell, as the department printed it."""

import re
from decimal import Decimal

import pytest

from accounts.document import build_document


@pytest.fixture
def narrative(demo):
    return {section.number: section for section in build_document(demo).narrative}


def texts(section):
    return [block.text for block in section.blocks if block.kind != "figure"]


def test_one_states_the_grand_totals_and_the_change_of_the_totals_known_for_last_year(narrative):
    # The reference states 12341.98 (本年合计, called 总计); 表1 总计 is printed 12,931.30. Last
    # year's 总计 is unknown but its 本年收入合计 and 本年支出合计 are: 一 states their change, named,
    # as 二 and 三 do, and never says a figure was not provided. Each is 表1's cell as printed: 本年支出合计
    # 12341.98 there (表3 prints 12341.99), so 一 states +8940.08 as the reference does, where 三 states
    # +8940.09 from 表3.
    assert texts(narrative[1]) == [
        "2022年度收入总计12931.30万元，支出总计12931.30万元。与2021年度相比，本年收入合计增加8946.48万元，"
        "增长263.48%；本年支出合计增加8940.08万元，增长262.80%。主要原因是就业补助资金、人力资源服务费"
        "2021年未纳入我部门预算，自2022年起纳入我部门预算。"
    ]


def test_two_compares_income_total_with_the_same_named_figure_of_last_year(narrative):
    # 2021 本年收入合计 3395.50 (from the reference's stated change); 表1 prints 12,341.98, and
    # 12341.98 − 3395.50 = 8946.48, as the reference writes.
    assert texts(narrative[2]) == [
        "2022年度收入合计12341.98万元。与2021年度相比，本年收入合计增加8946.48万元，增长263.48%。"
        "其中：财政拨款收入12341.98万元，占本年收入100.00%。"
    ]


def test_three_states_basic_and_project_with_shares(narrative):
    assert texts(narrative[3]) == [
        "2022年度支出合计12341.99万元。与2021年度相比，本年支出合计增加8940.09万元，增长262.80%。"
        "其中：基本支出1568.60万元，占本年支出12.71%；项目支出10773.39万元，占本年支出87.29%。"
    ]


def test_four_states_the_table_4_grand_totals(narrative):
    first, second = texts(narrative[4])
    assert first == "2022年度财政拨款收入总计12476.45万元，支出总计12476.45万元。"
    assert second == (
        "2022年度财政拨款收入中，一般公共预算财政拨款收入12341.98万元。与2021年度相比，一般公共预算财政拨款收入增加8946.48万元，"
        "增长263.48%。主要原因是就业补助资金、人力资源服务费2021年未纳入我部门预算，自2022年起纳入我部门预算。"
        "政府性基金预算财政拨款收入0.00万元；国有资本经营预算财政拨款收入0.00万元。"
    )


def test_five_structure_states_each_category_with_its_share(narrative):
    blocks = texts(narrative[5])
    structure = [text for text in blocks if text[:2] in {"1.", "2.", "3.", "4."}][:4]
    # The reference writes 社会保障和就业支出 11592.63; the facts give 11596.64.
    assert structure[0].startswith(
        "1. 社会保障和就业支出11596.64万元，占93.96%。主要是用于全力稳定公共就业形势"
    )
    assert structure[1].startswith("2. 教育支出395.00万元，占3.20%。")
    assert structure[2].startswith("3. 卫生健康支出202.86万元，占1.64%。")
    assert structure[3].startswith("4. 住房保障支出147.49万元，占1.20%。")


def test_five_details_every_item_subject_and_states_only_the_figures_provided(narrative):
    items = [text for text in texts(narrative[5]) if "(项)" in text]
    assert len(items) == 19
    assert items[0] == "1. 教育支出(类)职业教育(款)其他职业教育支出(项)。支出决算为395.00万元。"
    assert items[1] == (
        "2. 社会保障和就业支出(类)人力资源和社会保障管理事务(款)行政运行(项)。"
        "年初预算为1700.55万元，支出决算为1673.43万元，完成年初预算的98.41%。"
    )
    overall = [
        text for text in texts(narrative[5]) if text.startswith("2022年度一般公共预算财政拨款支出年初预算")
    ]
    assert overall[0].startswith(
        "2022年度一般公共预算财政拨款支出年初预算为15448.27万元，支出决算为12341.99万元，完成年初预算的79.89%。"
        "其中：基本支出1568.60万元，项目支出10773.39万元。"
    )


def test_six_states_personnel_and_operating_from_table_6(narrative):
    # The reference writes 人员经费 449.17 and 公用经费 1119.43; 表6 gives 1369.67 and 198.94.
    intro, personnel, operating = texts(narrative[6])
    assert intro == "2022年度一般公共预算财政拨款基本支出1568.60万元，其中："
    assert personnel == (
        "人员经费1369.67万元，主要包括：基本工资、津贴补贴、奖金、绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、"
        "职工基本医疗保险缴费、公务员医疗补助缴费、其他社会保障缴费、住房公积金、退休费、医疗费补助、其他对个人和家庭的补助。"
    )
    assert operating == (
        "公用经费198.94万元，主要包括：办公费、印刷费、邮电费、差旅费、维修（护）费、培训费、公务接待费、劳务费、委托业务费、"
        "工会经费、福利费、其他交通费用、其他商品和服务支出、办公设备购置。"
    )


def test_seven_and_eight_carry_the_official_sentences(narrative):
    assert texts(narrative[7]) == ["本部门当年无政府性基金预算财政拨款收入支出。"]
    assert texts(narrative[8]) == ["本部门当年无国有资本经营预算财政拨款支出。"]


def test_nine_states_budget_actual_and_counts(narrative):
    blocks = texts(narrative[9])
    assert blocks[1].startswith(
        "2022年度“三公”经费财政拨款支出预算为2.00万元，支出决算为0.35万元，完成预算的17.50%。"
        "与2021年度相比，“三公”经费支出增加0.20万元，增长133.33%。决算数小于预算数的主要原因："
    )
    assert blocks[5].startswith("3. 公务接待费预算为2.00万元，支出决算为0.35万元，完成预算的17.50%。")
    assert "全年共接待国内来访团组16个、111人次（不包括陪同人员）" in blocks[5]


def test_ten_eleven_twelve(narrative):
    assert texts(narrative[10])[0].startswith(
        "2022年度区人社局机关运行经费支出198.94万元。与2021年度相比，机关运行经费减少487.57万元，下降71.02%。主要原因是"
    )
    assert texts(narrative[11]) == [
        "2022年度区人社局政府采购支出总额780.00万元，其中：政府采购货物支出135.35万元、政府采购工程支出0.00万元、"
        "政府采购服务支出644.65万元。授予中小企业合同金额780.00万元，占政府采购支出总额的100.00%，其中：授予小微企业合同金额"
        "780.00万元，占授予中小企业合同金额的100.00%；货物采购授予中小企业合同金额占货物支出金额的100.00%，"
        "服务采购授予中小企业合同金额占服务支出金额的100.00%。"
    ]
    assert texts(narrative[12]) == [
        "截至2022年12月31日，区人社局共有车辆1辆，其中，其他用车1辆，属于历史遗留问题。单价100万元（含）以上设备0台（套）。"
    ]


def test_every_figure_stated_in_the_narrative_is_a_printed_cell_or_a_change_between_them(demo):
    """DESIGN §2 (c): each 万元 figure of 一–十三 is a statement cell as printed, a figure the department
    stated (budgets, 机关运行经费, 政府采购, 接待), a self-evaluation's 执行数 (十三), or the change
    between a printed figure and last year's same named figure."""
    from accounts.formatting import sentence_amount
    from accounts.statements import build_statements, load_facts
    from performance.models import Evaluation

    facts = load_facts(demo)
    statements = build_statements(facts)
    document = build_document(demo, facts=facts, statements=statements)
    printed = {cell.value for statement in statements.values() for cell in statement.amount_cells()}
    stated = set(facts.stated_figures.values()) | set(facts.budget_by_subject.values())
    stated |= {facts.budget_total} - {None}
    evaluations = list(Evaluation.objects.filter(final_account=demo))
    # 十三 reads the self-evaluation tables as printed: every amount of an evaluation, and the 资金 of
    # the projects together.
    evaluated = {v for e in evaluations for v in vars(e).values() if isinstance(v, Decimal)}
    evaluated.add(sum(e.executed for e in evaluations if not e.is_department_wide))
    prior = {value for value, _source in facts.prior_year.values()}
    changes = {abs(current - last) for current in printed | stated for last in prior}
    allowed = {sentence_amount(v) for v in printed | stated | evaluated | changes}
    # Figures inside the department's own words (its texts, its self-evaluation's summaries) are its own.
    written = [text for text in facts.free_texts.values() if isinstance(text, str)]
    written += [v for e in evaluations for v in vars(e).values() if isinstance(v, str)]
    allowed |= {figure for text in written for figure in re.findall(r"(\d+\.\d{2})万", text)}

    texts = [block.text for section in document.narrative for block in section.blocks if block.text]
    texts += [block.text for block in document.performance_summary.context["blocks"]]  # 十三
    stated_figures = [figure for text in texts for figure in re.findall(r"(\d+\.\d{2})万元", text)]
    assert len(stated_figures) > 60
    assert sorted({figure for figure in stated_figures if figure not in allowed}) == []


# DESIGN §2 (c): the table each section of 第三部分 takes its figures from (十三 ← 表5).
DESIGNATED = {
    1: "income_expenditure_summary",
    2: "income_expenditure_summary",  # 二 reads 本年收入合计 and its sources as 表1 prints them
    3: "expenditure",
    4: "appropriation_summary",
    5: "general_budget_expenditure",
    6: "basic_expenditure_detail",
    7: "government_fund",
    8: "state_capital",
    9: "official_expenses",
    13: "general_budget_expenditure",
}
FIGURE = re.compile(r"([^，。；：、\d]{0,14}?)(\d+\.\d{2})万元")


def test_every_figure_stated_in_the_narrative_equals_its_designated_cell_as_printed(demo):
    """Each section's figures are its designated table's cells as printed (or a change of one against
    last year's same figure, a figure the department stated, or the department's own words); the named
    totals (合计, 基本支出, 项目支出, 人员经费, 公用经费) are exactly their cell, in 十三 too."""
    from accounts.formatting import sentence_amount
    from accounts.statements import build_statements, load_facts
    from performance.models import Evaluation

    facts = load_facts(demo)
    statements = build_statements(facts)
    document = build_document(demo, facts=facts, statements=statements)
    sections = {section.number: [b.text for b in section.blocks if b.text] for section in document.narrative}
    sections[13] = [block.text for block in document.performance_summary.context["blocks"]]

    stated = set(facts.stated_figures.values()) | set(facts.budget_by_subject.values()) | {facts.budget_total}
    stated = {sentence_amount(v) for v in stated - {None}}
    prior = {value for value, _source in facts.prior_year.values()}
    stated_changes = {
        sentence_amount(abs(facts.stated_figures[key] - value))
        for key, (value, _source) in facts.prior_year.items()
        if facts.stated_figures.get(key) is not None and value is not None
    }
    written = [text for text in facts.free_texts.values() if isinstance(text, str)]
    evaluations = list(Evaluation.objects.filter(final_account=demo))
    written += [v for e in evaluations for v in vars(e).values() if isinstance(v, str)]
    words = {figure for text in written for figure in re.findall(r"(\d+\.\d{2})万", text)}
    # 十三's project sentences read each project's self-evaluation table as printed, and its 资金 adds them up.
    projects = [e for e in evaluations if not e.is_department_wide]
    project_figures = {sentence_amount(v) for e in projects for v in (e.budget, e.executed)}
    project_figures.add(sentence_amount(sum(e.executed for e in projects)))

    def cell(kind, key, code=""):
        return sentence_amount(statements[kind].value(code=code, key=key))

    named = {
        3: {
            "年度支出合计": cell("expenditure", "total"),
            "基本支出": cell("expenditure", "basic"),
            "项目支出": cell("expenditure", "project"),
        },
        5: {
            "年度一般公共预算财政拨款支出": cell("general_budget_expenditure", "total"),
            "基本支出": cell("general_budget_expenditure", "basic"),
            "项目支出": cell("general_budget_expenditure", "project"),
        },
        6: {
            "一般公共预算财政拨款基本支出": cell(
                "general_budget_expenditure", "basic"
            ),  # 表6 prints no total
            "人员经费": cell("basic_expenditure_detail", "personnel_total"),
            "公用经费": cell("basic_expenditure_detail", "operating_total"),
        },
        13: {
            "年末执行数为": cell("general_budget_expenditure", "total"),
            "其中基本支出": cell("general_budget_expenditure", "basic"),
            "项目支出": cell("general_budget_expenditure", "project"),
        },
    }
    checked, wrong = 0, []
    for number, texts_of_section in sections.items():
        kind = DESIGNATED.get(number)
        printed = set() if kind is None else {c.value for c in statements[kind].amount_cells()}
        allowed = {sentence_amount(v) for v in printed}
        allowed |= {sentence_amount(abs(current - last)) for current in printed for last in prior}
        allowed |= stated | stated_changes | words | (project_figures if number == 13 else set())
        allowed |= {"0.00"} | set(named.get(number, {}).values())  # zero: the tables' blank cell
        for text in texts_of_section:
            for label, figure in FIGURE.findall(text):
                checked += 1
                expected = named.get(number, {}).get(label)
                if (expected is not None and figure != expected) or figure not in allowed:
                    wrong.append((number, label, figure, expected))
    assert checked > 90
    assert wrong == []
    # The demo's 十三 states 表5's cells, not its self-evaluation's 10773.38 and 12341.98.
    department_wide = next(t for t in sections[13] if t.startswith("2022年本部门整体支出"))
    assert "年末执行数为12341.99万元" in department_wide and "项目支出10773.39万元" in department_wide
    assert "10773.38" not in " ".join(sections[13])
