"""The demo data: the reference disclosure, 2022 年度区人社局部门决算公开 (published 2023-11-28).

Every figure is transcribed from the printed tables in 万元 and entered with unit="wanyuan", so that each
printed cell becomes exact 元 (1,673.43 万元 → 16734300.00 元). Where printed cells disagree by 0.01 (a
total against the sum of its parts), the parts are entered and the totals are left to the computation,
which is why the final account carries the provenance WANYUAN_TABLES. Texts are kept as printed; only
line breaks and the blanks that typesetting put between Chinese characters and figures are mended.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from . import editing, final_accounts, workflow
from .addresses import Address, printed_cell
from .choices import ExpenditureKind, FreeTextKey, Fund, IncomeSource, NamedFigure, OfficialExpenseItem
from .choices import StatedCount as StatedCountKey
from .choices import StatedFigure as StatedFigureKey
from .models import Department, FinalAccount, FinanceBureau, Membership, PrintedCell, Unit
from .statements import build_statements, load_facts

YEAR = 2022
TEN_THOUSAND = Decimal("10000")
DISCLOSURE_DATE = datetime.date(2023, 11, 28)
PASSWORD = "juesuan-demo"
LOGIN_URL = "http://127.0.0.1:8000/login/"

BUREAU = {"slug": "dongxihu", "name": "东西湖区财政局", "short_name": "区财政局"}
DEPARTMENT = {"slug": "hrss", "name": "武汉市东西湖区人力资源和社会保障局", "short_name": "区人社局"}

# (username, first_name, role): role is a Membership role, or None for the superuser.
USERS = (
    ("kuaiji", "区人社局会计", Membership.Role.ACCOUNTANT),
    ("shenhe", "区财政局审核员", Membership.Role.REVIEWER),
    ("admin", "系统管理员", None),
)

# 表2, 栏2 财政拨款收入, all of it 一般公共预算 (表4 行1; 行2–3 are empty), per 项 subject, 万元.
INCOME = (
    ("2050399", "395.00"),
    ("2080101", "1673.43"),
    ("2080102", "105.43"),
    ("2080106", "612.80"),
    ("2080109", "440.30"),
    ("2080110", "246.65"),
    ("2080199", "294.80"),
    ("2080501", "9.89"),
    ("2080505", "88.93"),
    ("2080704", "4258.00"),
    ("2080705", "2880.89"),
    ("2080799", "982.29"),
    ("2082501", "3.23"),
    ("2101101", "48.35"),
    ("2101103", "54.66"),
    ("2101199", "96.67"),
    ("2109999", "3.18"),
    ("2210201", "121.60"),
    ("2210202", "25.89"),
)

# 表3 栏2 基本支出 and 栏3 项目支出, identical to 表5 (everything is 一般公共预算), per 项 subject, 万元.
EXPENDITURE = (
    ("2050399", None, "395.00"),
    ("2080101", "1119.43", "554.00"),
    ("2080102", None, "105.43"),
    ("2080106", None, "612.80"),
    ("2080109", None, "440.30"),
    ("2080110", None, "246.65"),
    ("2080199", None, "294.80"),
    ("2080501", "9.89", None),
    ("2080505", "88.93", None),
    ("2080704", None, "4258.00"),
    ("2080705", None, "2880.89"),
    ("2080799", None, "982.29"),
    ("2082501", None, "3.23"),
    ("2101101", "48.35", None),
    ("2101103", "54.66", None),
    ("2101199", "96.67", None),
    ("2109999", "3.18", None),
    ("2210201", "121.60", None),
    ("2210202", "25.89", None),
)

# (fund, opening, closing), 万元. 表4 行28/29 and 行60 give the appropriation part; the rest of 表1
# 行29/行60 (589.32) is other funds: 589.32 − 134.47 = 454.85.
BALANCES = (
    (Fund.GENERAL_BUDGET, "134.47", "134.47"),
    (Fund.NON_APPROPRIATION, "454.85", "454.85"),
)

# 表6, every economic 款 with a printed amount, 万元. 人员经费 1,369.67; 公用经费 198.94.
BASIC_DETAILS = (
    ("30101", "269.69"),
    ("30102", "109.62"),
    ("30103", "456.51"),
    ("30107", "104.52"),
    ("30108", "77.23"),
    ("30109", "46.13"),
    ("30110", "38.72"),
    ("30111", "49.43"),
    ("30112", "3.24"),
    ("30113", "121.60"),
    ("30302", "41.14"),
    ("30307", "37.45"),
    ("30399", "14.39"),
    ("30201", "16.54"),
    ("30202", "1.91"),
    ("30207", "6.44"),
    ("30211", "4.68"),
    ("30213", "8.68"),
    ("30216", "3.34"),
    ("30217", "0.35"),
    ("30226", "0.08"),
    ("30227", "16.75"),
    ("30228", "16.73"),
    ("30229", "105.56"),
    ("30239", "14.09"),
    ("30299", "1.01"),
    ("31002", "2.78"),
)

# 表9: only 公务接待费 has a budget or an actual (栏6, 栏12), 万元.
OFFICIAL_EXPENSES = ((OfficialExpenseItem.RECEPTION, "2.00", "0.35"),)

# 情况说明 九(二)3: “2022 年共接待国内来访团组 16 个，111 人次”; 十二: 其他用车 1 辆, 100 万元以上设备 0 台.
STATED_COUNTS = (
    (StatedCountKey.DOMESTIC_RECEPTION_GROUPS, 16),
    (StatedCountKey.DOMESTIC_RECEPTION_PEOPLE, 111),
    (StatedCountKey.ASSET_VEHICLES_OTHER, 1),
    (StatedCountKey.ASSET_EQUIPMENT_OVER_1M, 0),
)

# 情况说明 九(二)3, 十, 十一, 万元.
STATED_FIGURES = (
    (StatedFigureKey.RECEPTION_DOMESTIC, "0.35"),
    (StatedFigureKey.OPERATING_COSTS, "198.94"),
    (StatedFigureKey.PROCUREMENT_GOODS, "135.35"),
    (StatedFigureKey.PROCUREMENT_SERVICES, "644.65"),
    (StatedFigureKey.PROCUREMENT_GOODS_SME, "135.35"),
    (StatedFigureKey.PROCUREMENT_SERVICES_SME, "644.65"),
    (StatedFigureKey.PROCUREMENT_SMALL_MICRO, "780.00"),
)

# 情况说明 五(三): the year-start budget in total and the one item subject it names, 万元.
BUDGET_TOTAL = "15448.27"
SUBJECT_BUDGETS = (("2080101", "1700.55"),)

# Last year's figures, 万元: this year's printed figure minus the change the text states. The text
# compares against 12341.98 (the printed 表1 合计), not against the 12341.99 the 项 facts add up to.
PRIOR_YEAR_FIGURES = (
    (
        NamedFigure.INCOME_TOTAL,
        "3395.50",
        "2022 年度决算公开 情况说明二：收入合计 12341.98 万元，增加 8946.48 万元",
    ),
    (
        NamedFigure.EXPENDITURE_TOTAL,
        "3401.90",
        "2022 年度决算公开 情况说明三：支出合计 12341.98 万元，增加 8940.08 万元",
    ),
    (
        NamedFigure.APPROPRIATION_INCOME_TOTAL,
        "3395.50",
        "2022 年度决算公开 情况说明四：财政拨款收入 12341.98 万元，增加 8946.48 万元",
    ),
    (
        NamedFigure.APPROPRIATION_EXPENDITURE_TOTAL,
        "3395.50",
        "2022 年度决算公开 情况说明四：财政拨款支出 12341.98 万元，增加 8946.48 万元",
    ),
    (
        NamedFigure.GENERAL_BUDGET_INCOME,
        "3395.50",
        "2022 年度决算公开 情况说明四：一般公共预算财政拨款收入 12341.98 万元，比 2021 年度决算数增加 8946.48 万元",
    ),
    (
        NamedFigure.GENERAL_BUDGET_EXPENDITURE,
        "3395.50",
        "2022 年度决算公开 情况说明五(一)：一般公共预算财政拨款支出 12341.98 万元，增加 8946.48 万元",
    ),
    (
        NamedFigure.OFFICIAL_EXPENSES_TOTAL,
        "0.15",
        "2022 年度决算公开 情况说明九(一)：“三公”经费支出决算 0.35 万元，较上年增加 0.2 万元",
    ),
    (
        NamedFigure.RECEPTION,
        "0.15",
        "2022 年度决算公开 情况说明九(二)3：公务接待费支出决算 0.35 万元，较上年增加 0.2 万元",
    ),
    (
        NamedFigure.OPERATING_COSTS,
        "686.51",
        "2022 年度决算公开 情况说明十：机关运行经费支出 198.94 万元，比 2021 年度减少 487.57 万元",
    ),
)

# The reason the text gives, word for word, for every year-over-year change of 一、四、五(一).
BUDGET_INCLUSION_REASON = "就业补助资金、人力资源服务费 2021 年未纳入我部门预算，自 2022 年起纳入我部门预算。"

# 第一部分 一: the six functions, numbered by the document, not by the text.
MAIN_FUNCTIONS = "\n".join(
    (
        "加大政策扶持，扩大和稳定就业；",
        "补齐政策短板，健全和完善社会保险制度体系；",
        "深化人事制度改革，提升公共人事管理服务效能；",
        "防范化解风险，劳动关系保持和谐稳定；",
        "夯实基础，不断提升公共服务水平；",
        "加强党的建设，系统行风建设不断推进。",
    )
)

UNIT_COMPOSITION = "从单位构成看，区人社局部门决算由纳入独立核算的单位本级决算组成。"

# 情况说明 五(二): what each 类 was used for, after “主要是”. 221's “用工” is printed so (for “用于”).
CATEGORY_USES = (
    ("208", "用于全力稳定公共就业形势，全力提升社保惠民保障，全力增强人事人才活力，全力促进劳动关系和谐。"),
    ("205", "用于保障职教幼教退休人员等特殊人群基本生活。"),
    ("210", "用于职工医保和公务员医疗补助缴费。"),
    ("221", "用工住房公积金和住房补贴。"),
)

# 情况说明 五(三), from “项目支出主要用于” to the end of the paragraph (a page break after “化解欠” mended).
PROJECT_OUTCOMES = (
    "项目支出主要用于就业资金 7908.22 万元、就业管理经费 612.8 万元，主要成效：就业综合指数 85 分以上。"
    "全区城镇新增就业 16842 人，完成全年考核目标任务 10000 人的 168.42%， “才聚荆楚” 完成 21241 人，"
    "完成市级考核目标任务 20804 人的 102.1%，失业人员再就业完成 3280 人，完成全年市级考核目标任务 2300 人的 142.61%；"
    "社会保险经办机构 440.3 万元，主要成效：推动落实社保上线国省统筹系统，确保了各项业务有序衔接开展。"
    "加大社保护面力度，养老、工伤、失业三险共净增 28522 人次，新发行三代社会保障卡 25442 张，累计发行 44.03 万张。"
    "完成企业职工养老保险的养老金发放，累计发放 84.69 万人次，发放金额 24.17 亿元。"
    "深化 “四办改革”，推动更多业务事项下放到 12 个街道、延伸到 47 个社区，配齐人员、系统和设备，打造 15 分钟社保经办圈；"
    "劳动关系和维权 246.65 万元，主要成效：全区共化解欠薪隐患 2953 件，共计为 9382 名劳动者清欠工资 1.59 亿元"
    "（建设领域 4756 人、1.23 亿元）。累计办件 13332 件，各类欠薪诉求均得到有效回应；"
    "行政事业单位改革及人员考录考察考核培训、人才引进考察调配、职称评审经费 73.47 万元，主要成效："
    "大力推进街道所属事业单位管理岗位职员等级晋升，完成管理岗位晋升职员八级 21 人。"
    "指导卫生、教育 6 大系统 50 余家事业单位完成岗位设置及变更；开展职称专场评审工作，推荐 60 余人申报中高级职称。"
    "全面加强规范化编外用工管理，深度参与聘用制教师招聘等工作；电话咨询劳务外包 29.62 万元，主要成效："
    "话务系统高效稳定运行，各类业务政策解答清楚，团队管理规范，及时受理办理群众投诉；"
    "三支一扶资金 294.8 万元，主要成效：完成“三支一扶”财政资金补助；人力资源服务费 212.96 万元，主要成效："
    "支付人力资源服务机构上年度人力资源服务费，规范区直机关事业单位编外聘用人员管理，实行总量控制；"
    "职教幼教退休教师待遇补助 395 万元，主要成效：完成职教幼教退休人员的生活补贴代发工作。"
)

# 情况说明 九(一), after “决算数小于预算数的主要原因：” and “决算数较上年增加的主要原因：”.
OFFICIAL_EXPENSES_BUDGET_REASON = (
    "严格执行中央八项规定，非公务活动的不接待，没有公函的不接待，不以会议费培训费等名义报销接待费用，"
    "且公务接待均在东西湖区机关事务五食堂就餐，严格按照不超过 40 元/人的工作简餐标准执行。"
)
OFFICIAL_EXPENSES_CHANGE_REASON = (
    "全省加强社保基金风险防控工作，各项检查工作较多，另外上级几次来我局指导我区劳动监察和就业工作。"
)

# 情况说明 九(二)3, the sentence after “国内公务接待支出 0.35 万元，”.
RECEPTION_USE = "接待对象主要是上级检查组，主要是开展迎接各类检查工作。"

# 情况说明 十, after “主要原因是” (a line break after “人员经” mended).
OPERATING_COSTS_CHANGE_REASON = "购买服务人员经费2021年列入机关运行经费，2022年列入项目经费。"

# 情况说明 十二, after “其中，其他用车1辆，”.
ASSETS_NOTE = "属于历史遗留问题。"

# 第四部分, with its numbered headings. Page breaks mended after “市场已举办…服务平台”, “收集意见” and
# “线索1898”; the extraction repeats “台” across the first of them (“平台\n\n台注册”), read as “平台注册”.
KEY_WORK = "\n\n".join(
    (
        "一、强力推动稳就业保民生工作。",
        "始终把稳就业保民生作为重点工作，加大就业政策落实，积极开展春风行动、学习留汉工程等线上线下招聘活动 40 余场；"
        "建成 5 家零工驿站和武汉轻工大学高校毕业生就业创业服务工作站，在全省率先出台零工驿站管理办法；"
        "带领区内重点企业主动联系走访湖北工业大学、武汉工程大学等 9 所高校开展对接服务活动拓宽就业合作渠道，"
        "实现人才供需有效对接。加强高技能人才培养，拟定《东西湖区人民政府关于进一步加强和推进技能人才培养工作的实施意见》"
        "等系列技能人才培养文件。在全市率先推进社会化职业技能等级认定工作，目前已有京东方等 48 家企业和培训机构获得资质，"
        "进一步夯实了我区技能人才培养平台。",
        "二、建成投入使用人力资源市场。",
        "加强人力资源服务产业园建设，积极筹建区级人力资源市场，9 月 27 日市场正式投入使用，充分发挥人力资源链接服务效能，"
        "搭建政府、企业、高校、群团组织、劳动者交流互动平台，为用人单位和求职者提供“一站式”公共就业服务，"
        "为我区全力打造“中国网谷”提供人力资源支撑。市场已举办各类线上线下招聘活动 25 场，"
        "500 余家企业在“网谷智聘”线上人力资源服务平台注册，提供就业岗位 5000 余个，服务求职者 2000 余人，"
        "全区智慧化数字就业服务体系基本建立。",
        "三、积极落实稳住经济一揽子政策。阶段性降低社保费率，失业保险为全区 22835 家企业降低费用 9066.7 万元，"
        "工伤保险为全区 23305 家企业降低费用 3103.3 万元。落实就业创业政策，拨付灵活就业人员社会保险补贴资金 3813.57 万元，"
        "拨付公益性岗位补贴 236.72 万元，发放企业社保补贴 1023.33 万元、一次性吸纳补贴 29.2 万元、一次性创业补贴 21.4 万元，"
        "审核创业担保贷款金额共计 2000 万元。积极落实稳岗返还政策，失业保险返还 1700 余家企业 2900 余万。"
        "强化失业群体保障，为 2200 余名失业人员共计 11000 人次发放失业保险金 1950 万元，支付医疗保险费 419 万元，"
        "保障失业人员基本生活。",
        "四、不断提升社会保障能力。推动落实社保上线国省统筹系统，确保了各项业务有序衔接开展。"
        "加大社保扩面力度，养老、工伤、失业三险共净增 28522 人次，新发行三代社会保障卡 25442 张，累计发行 44.03 万张。"
        "完成企业职工养老保险的养老金发放，累计发放 84.69 万人次，发放金额 24.17 亿元。"
        "深化“四办改革”，推动更多业务事项下放到 12 个街道、延伸到 47 个社区，配齐人员、系统和设备，打造 15 分钟社保经办圈。",
        "五、稳步推进农场体制改革。重点分五个步骤：一是实地调研，到 10 个有农场体制的街道调研，掌握基层情况，收集意见建议；"
        "二是摸清底数，全面调查农场各类人员，核实现有人数、身份性质、岗位类型等；三是制定方案，认真做好改革顶层制度设计，"
        "形成《农场企业管理人员选拔工作方案》，作为农场改革“1+3”指导文件；四是先行试点，在3个街道选择三种不同试点模式，"
        "为人员选拔作好基础准备；五是稳步推开，推广试点经验做法，指导7个非试点街道加快改革步伐。",
        "六、不断规范人事管理。全面贯彻落实“千企万人”支持计划，推荐14家企业纳入2022年度“千企万人”支持计划企业名录，"
        "指导7家符合申报条件的单位完成系统申报。大力推进街道所属事业单位管理岗位职员等级晋升，完成管理岗位晋升职员八级21人。"
        "指导卫生、教育6大系统50余家事业单位完成岗位设置及变更；开展职称专场评审工作，推荐60余人申报中高级职称。"
        "全面加强规范化编外用工管理，深度参与聘用制教师招聘等工作，对相关单位组织招聘的方案审核把关，"
        "进一步加强了编外用工规范化、制度化、精细化管理。",
        "七、确保劳动关系和谐稳定。圆满完成2021年冬季攻坚专项行动，办理各类欠薪案件1065件，"
        "共计为2882名劳动者追回工资约1.08亿元。抓好保障制度落实，全面推广应用保障农民工工资支付监控预警平台，"
        "各项制度覆盖率稳步提升。抓好欠薪投诉压降，畅通投诉渠道，成立工作专班，及时受理办理市民热线、12333等劳动维权投诉件9442件。"
        "抓好联动化解处置，区街联动调解化解1158件，立案查处834件，小程序欠薪线索1898件。查处的案件中，移送公安 14 起，"
        "移送法院强执 4 起，上报黑名单 3 起，报送信用平台 14 起，公布重大违法行为 3 起，形成了有力震慑。",
    )
)

FREE_TEXTS = (
    (FreeTextKey.MAIN_FUNCTIONS, MAIN_FUNCTIONS),
    (FreeTextKey.UNIT_COMPOSITION, UNIT_COMPOSITION),
    (FreeTextKey.TOTAL_CHANGE_REASON, BUDGET_INCLUSION_REASON),
    (FreeTextKey.APPROPRIATION_CHANGE_REASON, BUDGET_INCLUSION_REASON),
    (FreeTextKey.GENERAL_BUDGET_CHANGE_REASON, BUDGET_INCLUSION_REASON),
    (FreeTextKey.PROJECT_OUTCOMES, PROJECT_OUTCOMES),
    (FreeTextKey.OFFICIAL_EXPENSES_BUDGET_REASON, OFFICIAL_EXPENSES_BUDGET_REASON),
    (FreeTextKey.OFFICIAL_EXPENSES_CHANGE_REASON, OFFICIAL_EXPENSES_CHANGE_REASON),
    (FreeTextKey.RECEPTION_USE, RECEPTION_USE),
    (FreeTextKey.OPERATING_COSTS_CHANGE_REASON, OPERATING_COSTS_CHANGE_REASON),
    (FreeTextKey.ASSETS_NOTE, ASSETS_NOTE),
    (FreeTextKey.KEY_WORK, KEY_WORK),
)

# Other apps add to the demo here (performance registers its self-evaluations from its AppConfig.ready()),
# so that accounts never imports them. Each is called with the new final account, still a draft.
# The printed cells of the reference that differ from what its 项 figures give (DESIGN §2 (b)): 表1 and
# 表4 print 本年收入合计 12,341.98 where the 项 of 表2/表3/表5 add up to 12,341.99, and 社会保障和就业支出
# 11,596.63 where they add up to 11,596.64; the totals above follow. (table, 行次, 栏次) → 万元 as printed.
PRINTED_DIFFERENCES = {
    ("income_expenditure_summary", 1, 1): "12341.98",
    ("income_expenditure_summary", 27, 1): "12341.98",
    ("income_expenditure_summary", 31, 1): "12931.30",
    ("income_expenditure_summary", 39, 2): "11596.63",
    ("income_expenditure_summary", 58, 2): "12341.98",
    ("income_expenditure_summary", 62, 2): "12931.30",
    ("appropriation_summary", 1, 1): "12341.98",
    ("appropriation_summary", 27, 1): "12341.98",
    ("appropriation_summary", 32, 1): "12476.45",
    ("appropriation_summary", 40, 2): "11596.63",
    ("appropriation_summary", 40, 3): "11596.63",
    ("appropriation_summary", 59, 2): "12341.98",
    ("appropriation_summary", 59, 3): "12341.98",
    ("appropriation_summary", 64, 2): "12476.45",
    ("appropriation_summary", 64, 3): "12476.45",
}
# 表5 prints 203 国防支出 › 20306 国防动员 › 2030699 其他国防动员支出 with no amounts.
EMPTY_PRINTED_ROWS = {"general_budget_expenditure": ("203", "20306", "2030699")}

DEMO_EXTENSIONS: list[Callable[[FinalAccount], None]] = []


# Blanks next to a Chinese character or full-width punctuation are typesetting, not text: “2021 年” → “2021年”.
TYPESET_BLANKS = re.compile(
    r"[ \t]+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])|(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]+"
)


def mend(text):
    """Return `text` without the blanks typesetting left between Chinese characters and figures."""
    return TYPESET_BLANKS.sub("", text)


def register_demo_extension(fn):
    """Register fn(final_account) to run when the demo is created; return fn (usable as a decorator)."""
    if fn not in DEMO_EXTENSIONS:
        DEMO_EXTENSIONS.append(fn)
    return fn


@dataclass(frozen=True)
class DemoResult:
    """What load_demo() did: the demo final account, whether it was created now, the users it created."""

    final_account: FinalAccount
    created: bool
    created_users: tuple = field(default=())


def demo_final_account():
    """Return the demo final account, or None if it does not exist."""
    return (
        FinalAccount.objects.select_related("department__bureau")
        .filter(department__bureau__slug=BUREAU["slug"], department__slug=DEPARTMENT["slug"], year=YEAR)
        .first()
    )


@transaction.atomic
def load_demo(*, publish=True):
    """Create the demo organisations, users and the published 2022 final account of 区人社局.

    Idempotent: if the demo final account exists, nothing is changed (created=False). Otherwise the
    bureau, department, unit and users are reused where they exist, the final account is created as a
    draft, filled through accounts.editing (each fact recorded as a FigureChange without a user), handed
    to every registered demo extension, and then recorded as the disclosure published on 2023-11-28:
    version 1 is frozen (HTML, PDF, JSON). With publish=False it stays a draft (for tests that edit it).
    """
    existing = demo_final_account()
    if existing is not None:
        return DemoResult(final_account=existing, created=False)
    bureau, _ = FinanceBureau.objects.get_or_create(
        slug=BUREAU["slug"], defaults={"name": BUREAU["name"], "short_name": BUREAU["short_name"]}
    )
    department, _ = Department.objects.get_or_create(
        bureau=bureau,
        slug=DEPARTMENT["slug"],
        defaults={"name": DEPARTMENT["name"], "short_name": DEPARTMENT["short_name"]},
    )
    Unit.objects.get_or_create(
        department=department, name=DEPARTMENT["name"], defaults={"unit_type": Unit.Type.ADMINISTRATIVE}
    )
    created_users = _create_users(bureau, department)

    final_account = final_accounts.create_final_account(
        department,
        YEAR,
        provenance=FinalAccount.Provenance.WANYUAN_TABLES,
        disclosure_date=DISCLOSURE_DATE,
    )
    _write_facts(final_account)
    _write_printed_cells(final_account)
    for extension in DEMO_EXTENSIONS:
        extension(final_account)
    if publish:
        # The reference was published outside the system, mistakes included: record it as it is,
        # without the submission gate that would (rightly) stop it today.
        workflow.record_imported_publication(
            final_account,
            published_on=DISCLOSURE_DATE,
            reason="载入 2023 年 11 月 28 日已公开的 2022 年度部门决算（演示数据）。",
        )
    final_account.refresh_from_db()
    return DemoResult(final_account=final_account, created=True, created_users=created_users)


def _create_users(bureau, department):
    """Create the demo users that do not exist yet, with their memberships; return their usernames."""
    user_model = get_user_model()
    created = []
    for username, first_name, role in USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(
                username=username, first_name=first_name, is_staff=role is None, is_superuser=role is None
            )
            user.set_password(PASSWORD)
            user.save()
            created.append(username)
        if role == Membership.Role.ACCOUNTANT:
            Membership.objects.get_or_create(user=user, role=role, department=department)
        elif role == Membership.Role.REVIEWER:
            Membership.objects.get_or_create(user=user, role=role, bureau=bureau)
    return tuple(created)


def _write_facts(final_account):
    """Enter every figure and text of the reference disclosure, in 万元, with one editing.apply_changes."""
    changes = {}
    for code, amount in INCOME:
        changes[Address("income", (code, IncomeSource.GENERAL_BUDGET))] = amount
    for code, basic, project in EXPENDITURE:
        for kind, amount in ((ExpenditureKind.BASIC, basic), (ExpenditureKind.PROJECT, project)):
            if amount is not None:
                changes[Address("expenditure", (code, Fund.GENERAL_BUDGET, kind))] = amount
    for fund, opening, closing in BALANCES:
        changes[Address("balance", (fund, "", "opening"))] = opening
        changes[Address("balance", (fund, "", "closing"))] = closing
    for code, amount in BASIC_DETAILS:
        changes[Address("detail", (code,))] = amount
    for item, budget, actual in OFFICIAL_EXPENSES:
        changes[Address("official", (item, "budget"))] = budget
        changes[Address("official", (item, "actual"))] = actual
    changes[Address("budget", ("total", ""))] = BUDGET_TOTAL
    for code, amount in SUBJECT_BUDGETS:
        changes[Address("budget", ("subject", code))] = amount
    for key, amount in STATED_FIGURES:
        changes[Address("stated", (key,))] = amount
    for key, count in STATED_COUNTS:
        changes[Address("count", (key,))] = count
    for key, amount, source in PRIOR_YEAR_FIGURES:
        changes[Address("prior", (key, "amount"))] = amount
        changes[Address("prior", (key, "source"))] = source
    for key, text in FREE_TEXTS:
        changes[Address("text", (key, ""))] = mend(text)
    for code, text in CATEGORY_USES:
        changes[Address("text", (FreeTextKey.CATEGORY_USE, code))] = mend(text)
    editing.apply_changes(final_account, changes, by=None, unit="wanyuan")


def _write_printed_cells(final_account):
    """Keep the reference's tables as printed: every amount cell (a zero printed blank), its differences
    from the 项 figures (PRINTED_DIFFERENCES) and its rows printed empty, as an import of them would."""
    statements = build_statements(load_facts(final_account), printed=False)
    cells = []
    for kind, statement in statements.items():
        for row in statement.rows:
            label = ""
            for cell in row.cells:
                if not cell.is_amount:
                    label = cell.text if cell.text and not cell.text.isdigit() else label
                    continue
                printed = PRINTED_DIFFERENCES.get((kind, cell.line, cell.column))
                value = Decimal(printed) * TEN_THOUSAND if printed else cell.value
                cells.append(_printed_cell(final_account, kind, statement.address(cell), cell, label, value))
        columns = [cell.column for cell in statement.rows[0].cells if cell.is_amount]
        for code in EMPTY_PRINTED_ROWS.get(kind, ()):
            for column in columns:
                address = printed_cell(kind, code=code, column=column)
                cells.append(
                    PrintedCell(
                        final_account=final_account,
                        table_kind=kind,
                        address=str(address),
                        column=column,
                        code=code,
                        value=None,
                    )
                )
    # Printed cells are not facts: they are what the department published, kept beside the facts as
    # an import keeps them (accounts.editing.replace_table_facts).
    PrintedCell.objects.bulk_create(cells)


def _printed_cell(final_account, kind, address, cell, label, value):
    return PrintedCell(
        final_account=final_account,
        table_kind=kind,
        address=str(address),
        line=cell.line,
        column=cell.column,
        code=cell.code,
        label=label[:200],
        value=value if value else None,
    )
