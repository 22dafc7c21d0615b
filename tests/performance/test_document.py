"""情况说明 十三 and 第六部分 rendered through the document's section registry, in HTML and PDF."""

import re
import subprocess
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from accounts.document import build_document
from accounts.document.pdf import render_html, render_pdf
from accounts.formatting import sentence_amount, share_percent, table_amount
from accounts.statements import build_statements, load_facts
from performance.document import attachments_section, build_summary, summary_section
from performance.models import Evaluation
from performance.queries import evaluations_for_scoring
from performance.scoring import score_evaluation
from tests.performance.builders import make_evaluation, make_scored_project

D = Decimal
TITLES = [
    "一、2022年度区人社局整体绩效自评表（摘要版）",
    "（一）2022年度党员培训教育经费项目绩效自评表",
    "（二）2022年度就业补助资金项目绩效自评表",
    "（三）2022年度行政事业单位改革及人员考录考察考核培训、人才引进考察调配、职称评审经费项目绩效自评表",
    "（四）2022年度就业管理资金项目绩效自评表",
    "（五）2022年度社会保险经办机构项目绩效自评表",
    "（六）2022年度劳动维权项目绩效自评表",
    "（七）2022年度人力资源服务费项目绩效自评表",
    "（八）2022年度电话咨询劳务外包服务费项目绩效自评表",
    "（九）2022年度支农返汉项目绩效自评表",
    "（十）2022年度三支一扶项目绩效自评表",
    "（十一）2022年度职教幼教退休教师待遇上级补助项目绩效自评表",
]


def squeeze(text):
    return re.sub(r"\s+", "", text)


def sections(html):
    """Return {anchor: text} of every rendered 自评表 section."""
    found = re.findall(r'<section class="self-evaluation" id="([^"]+)".*?</section>', html, flags=re.S)
    bodies = re.findall(r'<section class="self-evaluation" id="[^"]+".*?</section>', html, flags=re.S)
    return {anchor: squeeze(re.sub(r"<[^>]+>", "", body)) for anchor, body in zip(found, bodies, strict=True)}


def part(html, start, end):
    text = squeeze(re.sub(r"<[^>]+>", "", html))
    begin = text.rindex(start)  # the heading in the text, not in the table of contents
    return text[begin : text.index(end, begin)]


@pytest.fixture
def html(demo):
    return render_html(build_document(demo))


def test_the_document_holds_the_twelve_tables_in_printed_order(html):
    titles = re.findall(r'<h[34] id="self-evaluation-[^"]+-title">([^<]+)</h[34]>', html)
    assert titles == TITLES
    assert "二、2022年度项目绩效自评表（摘要版）" in html
    assert len(sections(html)) == 12


def test_each_table_prints_its_header_execution_tree_total_texts_and_notes(html):
    table = sections(html)["self-evaluation-9"]
    assert table.startswith(
        "（九）2022年度支农返汉项目绩效自评表单位名称：局办公室填报日期：项目名称支农返汉主管部门区人社局项目实施单位区人社局办公室"
        "项目类别1、部门预算项目☑2、区直专项☐项目属性1、持续性项目☑2、新增性项目☐"
        "项目类型1、常年性项目☑2、延续性项目☐3、一次性项目☐"
        "预算执行情况（万元）（20分）预算数（A）执行数（B）执行率（B/A）得分（20分*执行率）年度财政资金总额4.843.2367%14"
        # The goal's header row (repeated on a continued page), then 年度绩效目标 spanning its indicators.
        "一级指标二级指标三级指标年初目标值（A）实际完成值（B）得分"
        "年度绩效目标（80分）产出指标（40分）数量指标符合条件人数3人3人5质量指标发放标准100%100%5时效指标发放时间2022年底前2022年底前10"
        "成本指标生活困难补助3.132万元3.132万元10城乡居民医疗个人缴费补助0.096万元0.096万元10"
        "效益指标（30分）社会效益指标加强社会稳定有效加强有效加强30满意度指标（10分）服务对象满意度指标公众满意度》90%100%10"
        "总分94偏差大或目标未完成原因分析2021年测算2022年资金时,追加了2019年支农返汉专项资金区级预算1.536万元。"
        "改进措施及结果应用方案改进措施：根据实际情况预算下年支出预算；结果应用方案：2023年按实际情况拨付"
        "单位主要负责人签批意见签名：年月日备注：预算执行情况口径："
    )
    assert table.endswith("满意度指标暂可不作为必评指标。")


def test_rowspans_cover_the_indicators_of_each_goal(demo, html):
    table = re.search(r'id="self-evaluation-department".*?</section>', html, flags=re.S)[0]
    spans = [int(span) for span in re.findall(r'<th class="goal-label-rest" rowspan="(\d+)">', table)]
    department_wide = next(e for e in evaluations_for_scoring(demo) if e.is_department_wide)
    # One row per indicator, under the goal's header row (its own, repeated on a continued page).
    assert spans == [
        sum(len(s.indicators.all()) for c in goal.categories.all() for s in c.subcategories.all())
        for goal in department_wide.goals.all()
    ]
    assert spans == [14, 36, 14, 11]
    assert (
        table.count('<thead><tr class="row-indicator-head"><th class="goal-label"></th><th>一级指标</th>')
        == 4
    )


def test_each_table_prints_the_budget_and_execution_of_its_evaluation(demo, html):
    tables = sections(html)
    anchors = ["self-evaluation-department", *(f"self-evaluation-{n}" for n in range(1, 12))]
    for anchor, evaluation in zip(anchors, evaluations_for_scoring(demo), strict=True):
        assert f"{table_amount(evaluation.budget)}{table_amount(evaluation.executed)}" in tables[anchor], (
            anchor
        )


def test_section_13_states_figures_that_follow_from_the_tables(demo, html):
    text = part(html, "十三、预算绩效情况说明", "第四部分")
    facts = load_facts(demo)
    projects = list(Evaluation.objects.filter(final_account=demo, scope="project"))
    executed = sum((p.executed for p in projects), D("0"))
    project_spending = build_statements(facts)["general_budget_expenditure"].value(code="", key="project")
    coverage = (
        f"共涉及项目{len(projects)}个，资金{sentence_amount(executed)}万元，"
        f"占一般公共预算项目支出总额的{share_percent(executed, project_spending)}。"
    )
    assert coverage == "共涉及项目11个，资金10219.39万元，占一般公共预算项目支出总额的94.86%。"
    assert coverage in text
    assert (
        # 表5's 合计 cells as printed (DESIGN §2 (c)), not the self-evaluation's 12341.98 and 10773.38.
        "2022年本部门整体支出预算总额为15448.27万元，年末执行数为12341.99万元，执行率为79.89%。"
        "其中基本支出1568.60万元，占本部门整体支出年末执行数的12.71%；项目支出10773.39万元，占87.29%。"
    ) in text
    assert (
        "自评得分93分，其中执行率得分16分（分值20分）；年度绩效目标1“全力确保就业局势稳定”（分值20分）得18.5分；"
        "年度绩效目标2“稳步提高社会保障水平”（分值20分）得30分；年度绩效目标3“加强人才人事工作”（分值20分）得16分；"
        "年度绩效目标4“确保劳动关系和谐稳定”（分值20分）得12.5分。"
    ) in text
    assert "我部门在2022年度部门决算中反映所有项目绩效自评结果（不包括涉密项目），共涉及11个项目。" in text
    tables = sections(html)
    for number, project in enumerate(sorted(projects, key=lambda p: p.position), start=1):
        sentence = (
            f"{number}.{project.name}绩效自评综述：项目全年预算数为{sentence_amount(project.budget)}万元，"
            f"执行数为{sentence_amount(project.executed)}万元，完成预算的"
            f"{share_percent(project.executed, project.budget)}，自评得分{int(project.stated_total)}分。"
        )
        assert sentence in text, sentence
        # The same budget and execution, as the table prints them.
        assert (
            f"{table_amount(project.budget)}{table_amount(project.executed)}"
            in tables[f"self-evaluation-{number}"]
        )


def test_section_13_of_the_reference_projects(demo):
    scores = [score_evaluation(e) for e in evaluations_for_scoring(demo)]
    blocks = build_summary(demo, load_facts(demo), scores)
    projects = [b.text.split("主要产出和效益是")[0] for b in blocks if re.match(r"\d+\. ", b.text)]
    assert projects == [
        "1. 党员培训教育经费绩效自评综述：项目全年预算数为2.35万元，执行数为2.34万元，完成预算的99.57%，自评得分95分。",
        "2. 就业补助资金绩效自评综述：项目全年预算数为10608.00万元，执行数为7908.22万元，完成预算的74.55%，自评得分95分。",
        "3. 行政事业单位改革及人员考录考察考核培训、人才引进考察调配、职称评审经费绩效自评综述：项目全年预算数为85.00万元，"
        "执行数为73.47万元，完成预算的86.44%，自评得分92分。",
        "4. 就业管理经费绩效自评综述：项目全年预算数为776.00万元，执行数为612.80万元，完成预算的78.97%，自评得分96分。",
        "5. 社会保险经办机构绩效自评综述：项目全年预算数为445.00万元，执行数为440.30万元，完成预算的98.94%，自评得分100分。",
        "6. 劳动维权工作经费绩效自评综述：项目全年预算数为264.00万元，执行数为246.65万元，完成预算的93.43%，自评得分89分。",
        "7. 人力资源服务费绩效自评综述：项目全年预算数为225.00万元，执行数为212.96万元，完成预算的94.65%，自评得分99分。",
        "8. 电话咨询劳务外包服务费绩效自评综述：项目全年预算数为50.00万元，执行数为29.62万元，完成预算的59.24%，自评得分92分。",
        "9. 支农返汉绩效自评综述：项目全年预算数为4.84万元，执行数为3.23万元，完成预算的66.75%，自评得分94分。",
        "10. 三支一扶公开招募及上级补助资金发放绩效自评综述：项目全年预算数为425.30万元，执行数为294.80万元，完成预算的69.32%，"
        "自评得分94分。",
        "11. 职教幼教退休教师待遇上级补助绩效自评综述：项目全年预算数为395.00万元，执行数为395.00万元，完成预算的100.00%，"
        "自评得分100分。",
    ]


def test_confidential_projects_are_counted_but_not_published(demo):
    Evaluation.objects.filter(final_account=demo, name="支农返汉").update(is_confidential=True)
    html = render_html(build_document(demo))
    titles = re.findall(r'<h[34] id="self-evaluation-[^"]+-title">([^<]+)</h[34]>', html)
    assert titles == [
        *TITLES[:9],
        "（九）2022年度三支一扶项目绩效自评表",
        "（十）2022年度职教幼教退休教师待遇上级补助项目绩效自评表",
    ]
    assert "支农返汉" not in squeeze(re.sub(r"<[^>]+>", "", html))
    text = part(html, "十三、预算绩效情况说明", "第四部分")
    # Still counted, with its funds, in the coverage of (一).
    assert "共涉及项目11个（含涉密项目1个），资金10219.39万元，占一般公共预算项目支出总额的94.86%。" in text
    assert "共涉及10个项目。另有涉密项目1个，其自评结果不予公开。" in text


def test_without_evaluations_the_document_says_none_is_attached(final_account):
    html = render_html(build_document(final_account))
    assert "本部门本年度未附绩效自评表。" in html
    assert "本部门本年度未附绩效自评结果。" in html


def test_a_department_without_a_department_wide_table_says_so(final_account):
    make_scored_project(final_account)
    html = render_html(build_document(final_account))
    text = part(html, "十三、预算绩效情况说明", "第四部分")
    assert "本部门2022年度未开展部门整体支出绩效自评。" in text
    assert re.findall(r'<h3 class="self-evaluation-group">([^<]+)</h3>', html) == [
        "一、2022年度项目绩效自评表（摘要版）"
    ]


@pytest.mark.slow  # renders the whole disclosure to PDF
def test_the_pdf_holds_every_table(demo, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(render_pdf(build_document(demo)))
    text = squeeze(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    )
    assert [title for title in TITLES if title not in text] == []
    assert "共涉及项目11个，资金10219.39万元，占一般公共预算项目支出总额的94.86%。" in text


@pytest.mark.parametrize("item_count", [1, 3])
def test_rendering_the_sections_takes_the_same_queries_whatever_the_number_of_tables(
    final_account, django_assert_num_queries, item_count
):
    make_evaluation(
        final_account,
        position=0,
        scope=Evaluation.Scope.DEPARTMENT,
        basic_expenditure=D("10"),
        project_expenditure=D("70"),
    )
    for position in range(1, item_count + 1):
        make_scored_project(final_account, position=position, name=f"项目{position}", indicators=item_count)
    facts = load_facts(final_account)
    with django_assert_num_queries(6):
        summary = summary_section(final_account, facts)
        attachments = attachments_section(final_account, facts)
        html = render_to_string(attachments.template_name, {"content": attachments.context})
        html += render_to_string(summary.template_name, {"content": summary.context})
    assert len(sections(html)) == 1 + item_count
    assert html.count('class="indicator"') == item_count * (item_count + 1)
