"""The demo self-evaluations: the twelve 绩效自评表 of 第六部分 of the reference disclosure, as printed.

2022 年度区人社局部门决算公开 (published 2023-11-28) prints one 部门整体绩效自评表 and eleven 项目绩效自评表.
Everything is transcribed as printed, mistakes included, so that the checks can find them: the stated
scores, rates and totals, and the texts (line breaks left by the table layout are mended). Amounts are
printed in 万元 and stored in 元. Weights are stored only where printed (“产出指标 (40 分)”, “年度绩效目标 1：
(20 分)”); a weight implied by a single indicator under a printed weight is left to performance.scoring,
and a stated full score is never read as a weight. The numbers of quantitative indicators are read from
the printed texts; a target printed without ≥ or ≤ counts as 正向, except costs (成本指标), which count as
反向.
"""

from decimal import Decimal

from django.db import transaction

from accounts.editing import parse_amount
from accounts.models import FunctionalSubject

from .models import Evaluation, Goal, Indicator, IndicatorCategory, IndicatorSubcategory

GE = Indicator.Direction.POSITIVE
LE = Indicator.Direction.NEGATIVE
OUTPUT = IndicatorCategory.Kind.OUTPUT
EFFECT = IndicatorCategory.Kind.EFFECT
SATISFACTION = IndicatorCategory.Kind.SATISFACTION
Sub = IndicatorSubcategory.Kind


def num(target, actual=None, unit="", direction=GE):
    """The numbers read from a quantitative indicator's printed target and actual."""
    return {
        "target_value": Decimal(target),
        "actual_value": None if actual is None else Decimal(actual),
        "unit": unit,
        "direction": direction,
    }


def ind(name, target, actual, stated, numbers=None):
    """A 三级指标: name, printed target (A), printed actual (B), stated score, numbers if quantitative."""
    return {
        "name": name,
        "target_text": target,
        "actual_text": actual,
        "stated_score": Decimal(stated),
        "numbers": numbers or {},
    }


def sub(kind, *indicators, label="", weight=None):
    return {"kind": kind, "label": label, "weight": weight, "indicators": indicators}


def cat(kind, weight, *subcategories):
    return {"kind": kind, "weight": weight, "subcategories": subcategories}


def goal(name, weight, *categories):
    return {"name": name, "weight": weight, "categories": categories}


PROJECT_DEFAULTS = {
    # Every project table of the reference ticks 部门预算项目, 持续性项目 and 常年性项目.
    "project_category": Evaluation.ProjectCategory.DEPARTMENT_BUDGET,
    "project_nature": Evaluation.ProjectNature.CONTINUING,
    "project_type": Evaluation.ProjectType.RECURRING,
}

# Indicators the department-wide table shares with project tables, with the department-wide scores.
EMPLOYMENT_TRAINING = "公共就业服务系统工作人员业务知识培训"
PERSONNEL_QUALITY = (
    (
        "完成事业单位公开招聘人员、人才引进和人员调配（以实际招聘人员、人才引进人数和公开选调人数为准）",
        "100%",
        "已完成",
        num("100", None, "%"),
    ),
    ("完成中高级职称评审", "100%", "已完成", num("100", None, "%")),
    # Printed so: a target of 0 %, which no ratio can score.
    ("事业单位人事管理业务培训", "0%", "未完成", num("0", None, "%")),
    ("评委会通过率", "100%", "已完成", num("100", None, "%")),
    ("年度人才引进任务", "100%", "已完成", num("100", None, "%")),
)
PERSONNEL_COST = (
    ("招聘人员、引进人才人均成本", "2200 元/人", "已完成", num("2200", None, "元/人", LE)),
    ("职称评审成本", "250 元/人", "已完成", num("250", None, "元/人", LE)),
    ("事业单位人事管理业务培训（高校班预计一周）", "6000 元/人", "未完成", num("6000", None, "元/人", LE)),
)
SOCIAL_INSURANCE_OUTPUT = {
    Sub.QUANTITY: (
        ("维护设备及系统数量", "8 套", "9 套", num("8", "9", "套")),
        ("“企业养老保险统筹”工作", "100%", "100%", num("100", "100", "%")),
        ("参保人数", "65 万人次", "70.7 万人次", num("65", "70.7", "万人次")),
        ("社保三险扩面净增", "2 万人", "5 万人", num("2", "5", "万人")),
        ("建筑项目参加工伤保险参保率", "90%以上", "98.60%", num("90", "98.60", "%")),
        ("重残人员代缴比例", "100%", "代缴 946 人，完成率 100%", num("100", "100", "%")),
        ("经办业务培训完成率", "100%", "完成", num("100", None, "%")),
        ("农垦征缴率", "90%", "90%", num("90", "90", "%")),
    ),
    Sub.QUALITY: (
        ("机房正常运行", "≥99.5%", "≥99.5%", num("99.5", "99.5", "%")),
        ("完成扩面任务", "100%", "100%", num("100", "100", "%")),
        ("参保综合覆盖率", "95%", "95%", num("95", "95", "%")),
        ("准确核定各项工伤保险待遇", "100%", "100%", num("100", "100", "%")),
        ("城乡养老续保率", "95%", "95%", num("95", "95", "%")),
        ("待遇发放准确率", "100%", "100%", num("100", "100", "%")),
        ("调标发放率", "100%", "100%", num("100", "100", "%")),
        ("待遇按时足额发放", "100%", "100%", num("100", "100", "%")),
        ("宣传政策完成率", "100%", "完成", num("100", None, "%")),
        ("重复领取待遇核实率", "100%", "100%", num("100", "100", "%")),
    ),
    Sub.TIMELINESS: (
        # 12 times a year is not in the target's unit (a month), so no actual number is read.
        ("全区企业参加工伤保险", "1 次/月", "12 次", num("1", None, "次/月")),
        (
            "确保社保经办工作正常开展",
            "每月正常办理社保业务,满足群众需求",
            "每月正常办理社保业务,满足群众需求",
            None,
        ),
        (
            "确保社保卡相关业务正常开展",
            "及时办理社保卡注销、变更,制卡、发卡等业务,满足群众需求",
            "及时办理社保卡注销、变更,制卡、发卡等业务,满足群众需求",
            None,
        ),
        ("系统故障修复响应时间", "≤48 小时", "≤48 小时", num("48", "48", "小时", LE)),
        ("系统运维响应时间", "≤30 分钟", "≤30 分钟", num("30", "30", "分钟", LE)),
    ),
    Sub.COST: (
        ("年度维护成本增加率", "≤8%", "≤8%", num("8", "8", "%", LE)),
        ("资料印刷成本", "3 万元", "完成", num("3", None, "万元", LE)),
    ),
}
SOCIAL_INSURANCE_EFFECT = {
    Sub.SOCIAL: (
        ("政务公开社会影响力", "有所提升", "有所提升", None),
        ("发布公开信息", "≥200 条", "215 条", num("200", "215", "条")),
        ("提高全民参保覆盖面，构建和谐劳动关系", "明显", "正常开展", None),
        ("保障职工工伤保险权益", "明显", "及时审核并发放已参保工伤职工各项待遇", None),
        ("保障参保人员城乡养老保险权益", "明显", "缴费、享待任一级经办机构可查", None),
        ("培养业务志精服务队伍提升服务质量", "明显", "明显", None),
    ),
    Sub.SUSTAINABILITY: (
        ("核心设备正常使用", "≥5 年", "≥5 年", num("5", "5", "年")),
        (
            "积极开展工伤保险宣传工作，提升劳动者的职业安全意识",
            "明显",
            "通过企业交流群宣传相关政策，帮助企业及劳动者减少政策盲区",
            None,
        ),
        ("维护养老保险工作稳定", "明显", "明显", None),
    ),
}
SOCIAL_INSURANCE_SATISFACTION = (
    ("业务系统管理科室满意度", "≥90%", "≥90%", num("90", "90", "%")),
    ("办公电话接通率", "99%", "99%", num("99", "99", "%")),
)


def scored(rows, *scores):
    """Attach the stated scores, in order, to shared (name, target, actual, numbers) rows."""
    return tuple(
        ind(name, target, actual, score, numbers)
        for (name, target, actual, numbers), score in zip(rows, scores, strict=True)
    )


DEPARTMENT_WIDE = {
    "position": 0,
    "scope": Evaluation.Scope.DEPARTMENT,
    "reporting_unit": "区人社局",
    "basic_expenditure": "1568.6",
    "project_expenditure": "10773.38",
    "budget": "15448.27",
    "executed": "12341.98",
    "stated_execution_rate": "80%",
    "stated_execution_score": "16",
    "stated_total": "93",
    # 情况说明 十三 (二) 1 (2): the goals achieved.
    "outcomes": (
        "①全力确保就业局势稳定。紧紧围绕贯彻落实“六稳”“六保”任务，始终把稳就业保民生作为重点工作，加大就业政策落实，积极"
        "开展春风行动、学习留汉工程等线上线下招聘活动40余场；建成5家零工驿站和武汉轻工大学高校毕业生就业创业服务工作站；加"
        "强高技能人才培养，在全市率先推进社会化职业技能等级认定工作，拟定《东西湖区人民政府关于进一步加强和推进技能人才培养工"
        "作的实施意见》等系列技能人才培养文件。加强人力资源服务产业园建设，积极筹建区级人力资源市场，9月27日市场正式投入使"
        "用，将充分发挥人力资源链接服务效能，搭建政府、企业、高校、群团组织、劳动者交流互动平台，为用人单位和求职者提供“一站"
        "式”公共就业服务，为我区全力打造“中国网谷”提供人力资源支撑。"
        "\n"
        "②稳步提高社会保障水平。阶段性降低社保费率，失业保险为全区22835家企业降低费用9066.7万元，工伤保险为全区2"
        "3305家企业降低费用3103.3万元。落实就业创业政策，拨付灵活就业人员社会保险补贴资金3813.57万元，拨付公"
        "益性岗位补贴236.72万元，发放企业社保补贴1023.33万元、一次性吸纳补贴29.2万元、一次性创业补贴21.4"
        "万元，审核创业担保贷款金额共计2000万元。积极落实稳岗返还政策，失业保险返还1700余家企业2900余万。强化失业"
        "群体保障，为2200余名失业人员共计11000人次发放失业保险金1950万元，支付医疗保险费419万元，保障失业人员"
        "基本生活。"
        "\n"
        "③加强人才人事工作。大力推进街道所属事业单位管理岗位职员等级晋升，完成管理岗位晋升职员八级21人，人均月增工资额27"
        "4.29元。进一步规范事业单位人事管理，指导卫生、教育6大系统50余家事业单位完成岗位设置及变更，累计完成专业技术、"
        "工勤岗位聘任400余人；完成事业编干部人才流动办理调配21人，办理区内事业单位系统内划转300余人。指导组织2022"
        "年度职称评审工作，其中初级考核认定735人，审核推荐中级职称378人、高级职称89人；开展职称专场评审工作，推荐60"
        "余人申报中高级职称。全面贯彻落实“千企万人”支持计划。推荐14家企业纳入2022年度“千企万人”支持计划企业名录，指"
        "导7家符合申报条件的单位完成系统申报。促进2016年专项招聘博士成长为我区经济社会高质量发展的骨干力量，注定专项培养"
        "计划，联合区委组织部定向民主推荐、考察。落实各项工资福利政策，完成全区事业编及机关工勤人员10000余人次的工资调标"
        "、正常晋级晋档工作。申报2023年度区级表彰。"
        "\n"
        "④确保劳动关系和谐稳定。抓好专项行动，圆满完成2021年冬季攻坚专项行动，办理各类欠薪案件1065件，共计为2882"
        "名劳动者追回工资约1.08亿元。抓好保障制度落实，全面推广应用保障农民工工资支付监控预警平台，各项制度覆盖率稳步提升"
        "。抓好欠薪投诉压降，畅通投诉渠道，成立工作专班，及时受理办理市民热线、12333、城市留言、阳光信访等劳动维权投诉件"
        "9442件。抓好联动化解处置，区街联动调解化解1158件，立案查处834件，小程序欠薪线索1898件。查处的案件中，"
        "移送公安14起，移送法院强执4起，上报黑名单3起，报送信用平台14起，公布重大违法行为3起，形成了有力震慑。"
    ),
    "deviation_reasons": (
        "一、就业管理经费某些项目按合同规定需跨年度支付；二、因疫情原因，事业单位人员管理培训班未能举办；"
        "三、退还农民工工资保证金金额、户数未达标。原因：由于经济下行、疫情影响，区内部分项目未开工、停工，"
        "竣工延期导致未能如期退还保证金。同时，部分项目存在源头性工程款拖欠问题，导致欠薪，无法达到保证金退还要求，"
        "进而未能如期退还；四、招聘劳动保障监察协管员人数不足。原因：2022 年，根据区政府关于加强劳动保障监察队伍建设的"
        "批示意见，同意我区通过政府购买服务的方式补充劳动监察服务人员力量。2022 年 11 月，我局已按照采购要求委托第三方"
        "公司进行项目招标。"
    ),
    "improvement_measures": (
        "一、下年度及时核算，控制预算精确度，后期将统筹规划，提前筹划好相关培训工作；二、关于农民工工资保证金退还。"
        "进一步完善退还保证金工作台账，主动联系保证金缴纳单位，完善优化退还流程，做到应退尽退，应退快退；三、关于"
        "招聘劳动保障监察协管员。2023 年 2 月 1 日，已通过政府购买服务方式由第三方提供劳动保障监察服务人员 77 人。"
    ),
    # The department-wide table prints a weight for each goal but none for its 一级指标.
    "goals": (
        goal(
            "全力确保就业局势稳定",
            "20",
            cat(
                OUTPUT,
                None,
                sub(
                    Sub.QUANTITY,
                    ind("日常招聘活动", "12 场/年", "27 场", "1", num("12", "27", "场/年")),
                    ind(
                        "招聘会横幅制作；展牌制作；招聘海报制作",
                        "3000 张/年",
                        "3200 张",
                        "0.5",
                        num("3000", "3200", "张/年"),
                    ),
                    ind(EMPLOYMENT_TRAINING, "80 人", "98 人", "0.5", num("80", "98", "人")),
                    ind("搭建企业帮扶平台", "3000 余家", "3240 家", "0.5", num("3000", "3240", "家")),
                    ind(
                        "实施就业援助，落实各项帮扶政策",
                        "扶持创业 1800 人",
                        "1889 人",
                        "0.5",
                        num("1800", "1889", "人"),
                    ),
                    ind(
                        "提供就业岗位",
                        "全年完成≥12000 个",
                        "城镇新增就业 16551 人",
                        "0.5",
                        num("12000", "16551", "个"),
                    ),
                ),
                sub(Sub.QUALITY, ind("对“零就业”家庭实施援助，实行动态管理", "动态清零", "动态清零", "0.5")),
                sub(Sub.TIMELINESS, ind("充分就业社区评审", "2022 年底前完成", "2022 年底前完成", "0.5")),
            ),
            cat(
                EFFECT,
                None,
                sub(
                    Sub.SOCIAL,
                    ind("促进就业情况", "提供更多的就业岗位，增加更多财税收入", "扶持创业 1889 人", "2"),
                    ind("失业率", "控制在 5%以内", "1.85%", "2", num("5", "1.85", "%", LE)),
                    ind("促进创业带动就业工作", "实现更高质量就业", "创业带动就业 4147 人", "2"),
                ),
                sub(
                    Sub.SUSTAINABILITY,
                    ind(
                        "开展“充分就业社区”创建",
                        "实现充分就业和更高质量的就业",
                        "2022 年评审充分就业社区 6 家（电犁、石家坡、碧海、鑫桥、金泰、梅花池）通报文件，待省市有关部门下发",
                        "2",
                    ),
                ),
            ),
            cat(
                SATISFACTION,
                None,
                sub(
                    Sub.SATISFACTION,
                    ind("公共服务机构工作人员服务满意率", "≥90%", "100%", "3", num("90", "100", "%")),
                    ind("公众满意度", "≥90%", "100%", "3", num("90", "100", "%")),
                ),
            ),
        ),
        goal(
            "稳步提高社会保障水平",
            "20",
            cat(
                OUTPUT,
                None,
                sub(
                    Sub.QUANTITY,
                    *scored(
                        SOCIAL_INSURANCE_OUTPUT[Sub.QUANTITY], "1", "0.5", "1", "0.5", "1", "1", "0.5", "0.5"
                    ),
                ),
                sub(
                    Sub.QUALITY,
                    *scored(
                        SOCIAL_INSURANCE_OUTPUT[Sub.QUALITY],
                        "0.5",
                        "0.5",
                        "1",
                        "0.5",
                        "0.5",
                        "0.5",
                        "0.5",
                        "0.5",
                        "0.5",
                        "0.5",
                    ),
                ),
                sub(
                    Sub.TIMELINESS,
                    *scored(SOCIAL_INSURANCE_OUTPUT[Sub.TIMELINESS], "0.5", "0.5", "0.5", "0.5", "0.5"),
                ),
                sub(Sub.COST, *scored(SOCIAL_INSURANCE_OUTPUT[Sub.COST], "0.5", "0.5")),
            ),
            cat(
                EFFECT,
                None,
                sub(Sub.SOCIAL, *scored(SOCIAL_INSURANCE_EFFECT[Sub.SOCIAL], "1", "2", "1", "1", "1", "1")),
                sub(Sub.SUSTAINABILITY, *scored(SOCIAL_INSURANCE_EFFECT[Sub.SUSTAINABILITY], "1", "1", "1")),
            ),
            cat(
                SATISFACTION,
                None,
                sub(
                    Sub.SATISFACTION, *scored(SOCIAL_INSURANCE_SATISFACTION, "2", "3"), label="群众满意度指标"
                ),
            ),
        ),
        goal(
            "加强人才人事工作",
            "20",
            cat(
                OUTPUT,
                None,
                sub(Sub.QUALITY, *scored(PERSONNEL_QUALITY, "1", "0.5", "0", "0.5", "0.5")),
                sub(Sub.TIMELINESS, ind("年度任务完成时间", "2022 年底完成", "已完成", "0.5")),
                sub(Sub.COST, *scored(PERSONNEL_COST, "0.5", "0.5", "0")),
            ),
            cat(
                EFFECT,
                None,
                sub(
                    Sub.SOCIAL,
                    ind("带动就业增长率", "明显", "已完成", "2"),
                    ind("提高我区专业技术人员水平", "有所提升", "已完成", "2"),
                    ind("提高我区事业单位规范人事管理水平", "有所提升", "已完成", "2"),
                ),
                # Printed “可持续影响指标（10 分）”: a weight of 10 inside a goal of 20, scored 1.
                sub(Sub.SUSTAINABILITY, ind("促进就业", "可持续增长", "已完成", "1"), weight=Decimal("10")),
            ),
            cat(
                SATISFACTION,
                None,
                sub(Sub.SATISFACTION, ind("服务对象满意度", "≥90%", "已完成", "5", num("90", None, "%"))),
            ),
        ),
        goal(
            "确保劳动关系和谐稳定",
            "20",
            cat(
                OUTPUT,
                None,
                sub(
                    Sub.QUANTITY,
                    ind(
                        "全年巡查检查企业数量",
                        "全年巡查检查企业不少于 2000 家、建设工地全覆盖",
                        "巡查检查企业 4825 家",
                        "1",
                        num("2000", "4825", "家"),
                    ),
                    ind("仲裁案件法定期限内结案率", "96%", "98%", "0.5", num("96", "98", "%")),
                    ind("招聘劳动保障监察协管员", "80 名", "59 名", "0", num("80", "59", "名")),
                    ind("退农民工工资保证金", "5000 万", "3188.53 万", "0", num("5000", "3188.53", "万元")),
                    ind("退农民工工资保证金户数", "70 户", "47 户", "0", num("70", "47", "户")),
                ),
                sub(
                    Sub.TIMELINESS,
                    ind("法定期限内监察结案率", "2022 年底前", "2022 年内法定结案率达 100%", "1"),
                    ind("法定期限内仲裁结案率", "2022 年底前", "2022 年内法定结案率达 98%", "1"),
                ),
            ),
            cat(
                EFFECT,
                None,
                sub(
                    Sub.SOCIAL,
                    ind("构建和谐劳动关系，促进区域经济发展", "明显", "明显", "1"),
                    ind("维护用人单位和劳动者双方合法权益", "明显", "明显", "2"),
                    ind("充实劳动保障监察人才队伍，加强劳动保障监察工作", "明显", "明显", "2"),
                ),
            ),
            cat(
                SATISFACTION,
                None,
                sub(Sub.SATISFACTION, ind("社会公众满意度", "≥ 90%", "≥ 90%", "4", num("90", "90", "%"))),
            ),
        ),
    ),
}


def project(
    position,
    name,
    *,
    reporting_unit,
    supervising_department,
    implementing_unit,
    subjects,
    budget,
    executed,
    rate,
    score,
    total,
    categories,
    short_name="",
    deviation_reasons="",
    improvement_measures="",
    outcomes="",
):
    """A project table: its one goal, “年度绩效目标 (80 分)”, holds the printed 一级指标."""
    return {
        "position": position,
        "scope": Evaluation.Scope.PROJECT,
        "name": name,
        "short_name": short_name,
        "reporting_unit": reporting_unit,
        "supervising_department": supervising_department,
        "implementing_unit": implementing_unit,
        "subjects": subjects,
        "budget": budget,
        "executed": executed,
        "stated_execution_rate": rate,
        "stated_execution_score": score,
        "stated_total": total,
        "deviation_reasons": deviation_reasons,
        "improvement_measures": improvement_measures,
        "outcomes": outcomes,
        "goals": (goal("", "80", *categories),),
        **PROJECT_DEFAULTS,
    }


# 项目资金列支科目: linked only where a project's executed amount is exactly one item subject's 项目支出 in
# 表3/表5 (就业管理事务 612.80, 社会保险经办机构 440.30 …); the others are not printed anywhere.
PROJECTS = (
    project(
        1,
        "党员培训教育经费",
        reporting_unit="区人社局",
        supervising_department="区人社局",
        implementing_unit="区人社局",
        subjects=(),
        budget="2.35",
        executed="2.34",
        rate="99%",
        score="20",
        total="95",
        outcomes="提高全局党员的政治素质、履职能力和政策水平。",
        categories=(
            cat(
                OUTPUT,
                "40",
                sub(
                    Sub.QUANTITY,
                    # 备注 2: absolute figures are added up before scoring: 2 + 2 = 4 times.
                    ind(
                        "革命传统教育形势政策教育先进典型教育警示教育",
                        "革命传统教育形势政策教育先进典型教育警示教育 4 次",
                        "先进典型教育 2 次、警示教育 2 次",
                        "5",
                        num("4", "4", "次"),
                    ),
                    ind(
                        "各类学习书籍购买",
                        "各类学习书籍购买 312 本",
                        "购买发放各类书籍、报刊、杂志 336 本",
                        "10",
                        num("312", "336", "本"),
                    ),
                    ind(
                        "知识竞赛活动",
                        "知识竞赛活动 2 次",
                        "开展线上知识竞赛 2 次",
                        "10",
                        num("2", "2", "次"),
                    ),
                ),
                sub(Sub.TIMELINESS, ind("完成时间", "2022 年底前", "2022 年底前", "10")),
            ),
            cat(
                EFFECT,
                "30",
                sub(
                    Sub.SOCIAL,
                    ind(
                        "提高全局党员的政治素质和服务质量",
                        "提高全局党员的政治素质和服务质量",
                        "树立了“人社工作为人民”的服务理念，打造“23℃人社服务”品牌",
                        "30",
                    ),
                ),
            ),
            cat(
                SATISFACTION,
                "10",
                sub(Sub.SATISFACTION, ind("群众满意度", "≥ 90%", "≥ 90%", "10", num("90", "90", "%"))),
            ),
        ),
        deviation_reasons="疫情原因无法开展集中宣讲、红色基地教育培训等人员聚集活动",
        improvement_measures=(
            "按要求完成全年党员教育培训计划，订阅或购买用于开展党员教育的报刊、资料、音像制品和设备，举办党建相关宣讲、"
            "培训，补助生活困难的党员等。"
        ),
    ),
    project(
        2,
        "就业补助资金",
        reporting_unit="区人社局",
        supervising_department="人社局",
        implementing_unit="就业促进中心",
        subjects=(),
        budget="10608",
        executed="7908.22",
        rate="75.00%",
        score="15",
        total="95",
        outcomes=(
            "全区城镇新增就业16842人，完成全年考核目标任务10000人的168.42%，“才聚荆楚”完成21241人，完成市"
            "级考核目标任务20804人的102.1%，失业人员再就业完成3280人，完成全年市级考核目标任务2300人的142."
            "61%。"
        ),
        categories=(
            cat(
                OUTPUT,
                "40",
                sub(
                    Sub.QUANTITY,
                    ind("城镇新增就业", "全年完成 12000 人", "16551 人", "10", num("12000", "16551", "人")),
                    ind("扶持劳动者创业", "全年完成 1800 人", "1889 人", "5", num("1800", "1889", "人")),
                    ind("困难群体就业", "全年完成 1800 人", "2295 人", "5", num("1800", "2295", "人")),
                ),
                sub(
                    Sub.QUALITY,
                    ind("就业综合指数得分", "≥85 分", "≥85 分", "10", num("85", "85", "分")),
                    ind("社保补贴发放率", "100%", "100%", "5", num("100", "100", "%")),
                    ind("公益性岗位补贴发放率", "100%", "100%", "5", num("100", "100", "%")),
                ),
            ),
            cat(
                EFFECT,
                "30",
                sub(
                    Sub.SOCIAL,
                    ind("城镇登记失业率", "失业率控制在 5%以内", "1.85%", "30", num("5", "1.85", "%", LE)),
                ),
            ),
            cat(
                SATISFACTION,
                "10",
                sub(Sub.SATISFACTION, ind("群众满意度", "≥90%", "100%", "10", num("90", "100", "%"))),
            ),
        ),
        deviation_reasons="上级拨付金额大幅增加",
        improvement_measures="精准预算，提高预算执行率",
    ),
    project(
        3,
        "行政事业单位改革及人员考录考察考核培训、人才引进考察调配、职称评审经费",
        reporting_unit="人力资源综合科",
        supervising_department="区人社局",
        implementing_unit="人力资源综合科",
        subjects=(),
        budget="85",
        executed="73.47",
        rate="86%",
        score="17",
        total="92",
        outcomes=(
            "完成事业单位公开招聘人员，满足我区事业单位的用人需求，优化人员构成；提高我区企事业单位工作人员的专业技术水平，为全区"
            "经济发展提供坚强的人才保障和智力支撑。"
        ),
        categories=(
            cat(
                OUTPUT,
                "40",
                sub(Sub.QUALITY, *scored(PERSONNEL_QUALITY, "5", "5", "0", "5", "5")),
                sub(Sub.TIMELINESS, ind("年度任务完成时间", "2022 年底完成", "已完成", "5")),
                sub(Sub.COST, *scored(PERSONNEL_COST, "5", "5", "0")),
            ),
            cat(
                EFFECT,
                "30",
                sub(
                    Sub.SOCIAL,
                    ind("带动就业增长率", "明显", "已完成", "8"),
                    ind("提高我区专业技术人员水平", "有所提升", "已完成", "8"),
                    ind("提高我区事业单位规范人事管理水平", "有所提升", "已完成", "7"),
                ),
                sub(Sub.SUSTAINABILITY, ind("促进就业", "可持续增长", "已完成", "7")),
            ),
            cat(
                SATISFACTION,
                "10",
                sub(Sub.SATISFACTION, ind("服务对象满意度", "≥90%", "已完成", "10", num("90", None, "%"))),
            ),
        ),
        deviation_reasons="因疫情原因，事业单位人员管理培训班未能举办。",
        improvement_measures="后期将统筹规划，提前筹划好相关培训工作。",
    ),
    project(
        4,
        "就业管理经费",
        short_name="就业管理资金",
        reporting_unit="区人社局",
        supervising_department="区人社局",
        implementing_unit="就业促进中心",
        subjects=("2080106",),
        budget="776",
        executed="612.8",
        rate="79.00%",
        score="16",
        total="96",
        outcomes=(
            "完成日常招聘活动，帮扶就业困难人员，实现就业创业，降低失业率，进一步完善就业创业扶持政策，完善公共就业服务平台建设，"
            "鼓励更多人就业创业实现就业促进个人价值实现家庭和睦，保持就业形势稳定社会和谐。"
        ),
        categories=(
            cat(
                OUTPUT,
                "40",
                sub(
                    Sub.QUANTITY,
                    ind("日常招聘活动", "12 场/年", "27 场", "5", num("12", "27", "场/年")),
                    ind(
                        "招聘会横幅制作；展牌制作；招聘海报制作",
                        "3000 张/年",
                        "3200 张",
                        "5",
                        num("3000", "3200", "张/年"),
                    ),
                    ind(EMPLOYMENT_TRAINING, "80 人", "98 人", "5", num("80", "98", "人")),
                    ind("搭建企业帮扶平台", "3000 余家", "3240 家", "5", num("3000", "3240", "家")),
                    ind(
                        "实施就业援助，落实各项帮扶政策",
                        "扶持创业 1800 人",
                        "1889 人",
                        "5",
                        num("1800", "1889", "人"),
                    ),
                    ind(
                        "提供就业岗位",
                        "全年完成≥ 12000 个",
                        "城镇新增就业 16551 人",
                        "5",
                        num("12000", "16551", "个"),
                    ),
                    # Here printed under 数量指标, in the department-wide table under 质量指标.
                    ind("对“零就业”家庭实施援助，实行动态管理", "动态清零", "动态清零", "5"),
                ),
                sub(Sub.TIMELINESS, ind("充分就业社区评审", "2022 年底前完成", "2022 年底前完成", "5")),
            ),
            cat(
                EFFECT,
                "30",
                sub(
                    Sub.SOCIAL,
                    ind("促进就业情况", "提供更多的就业岗位，增加更多财税收入", "扶持创业 1889 人", "5"),
                    ind("失业率", "控制在 5%以内", "1.85%", "10", num("5", "1.85", "%", LE)),
                    ind("促进创业带动就业工作", "实现更高质量就业", "创业带动就业 4147 人", "5"),
                ),
                sub(
                    Sub.SUSTAINABILITY,
                    ind(
                        "开展“充分就业社区”创建",
                        "实现充分就业和更高质量的就业",
                        "2022 年评审充分就业社区 6 家（电犁、石家坡、碧海、鑫桥、金泰、梅花池）通报文件，待省市有关部门下发",
                        "10",
                    ),
                ),
            ),
            cat(
                SATISFACTION,
                "10",
                sub(
                    Sub.SATISFACTION,
                    ind("公共服务机构工作人员服务满意率", "≥90%", "100%", "5", num("90", "100", "%")),
                    ind("公众满意度", "≥90%", "100%", "5", num("90", "100", "%")),
                ),
            ),
        ),
        deviation_reasons="预算跨年度支付",
        improvement_measures="下年度及时核算，控制预算精确度",
    ),
    project(
        5,
        "社会保险经办机构",
        reporting_unit="区人社局",
        supervising_department="区人社局",
        implementing_unit="区人社局",
        subjects=("2080109",),
        budget="445",
        executed="440.3",
        rate="99%",
        score="20",
        total="100",
        outcomes="社保五险扩面净增2.85万人，社保待遇按时足额发放，维护社保工作稳定发展，力争社会保险全覆盖。",
        categories=(
            cat(
                OUTPUT,
                "50",
                sub(Sub.QUANTITY, *scored(SOCIAL_INSURANCE_OUTPUT[Sub.QUANTITY], *["2"] * 8)),
                sub(Sub.QUALITY, *scored(SOCIAL_INSURANCE_OUTPUT[Sub.QUALITY], *["2"] * 10)),
                sub(Sub.TIMELINESS, *scored(SOCIAL_INSURANCE_OUTPUT[Sub.TIMELINESS], *["2"] * 5)),
                sub(Sub.COST, *scored(SOCIAL_INSURANCE_OUTPUT[Sub.COST], "2", "2")),
            ),
            cat(
                EFFECT,
                "20",
                sub(Sub.SOCIAL, *scored(SOCIAL_INSURANCE_EFFECT[Sub.SOCIAL], "2", "3", "2", "2", "3", "2")),
                sub(Sub.SUSTAINABILITY, *scored(SOCIAL_INSURANCE_EFFECT[Sub.SUSTAINABILITY], "2", "2", "2")),
            ),
            cat(SATISFACTION, "10", sub(Sub.SATISFACTION, *scored(SOCIAL_INSURANCE_SATISFACTION, "5", "5"))),
        ),
    ),
    project(
        6,
        "劳动维权工作经费",
        short_name="劳动维权",
        reporting_unit="区人社局",
        supervising_department="区人社局",
        implementing_unit="劳动保障监察大队、东西湖区劳动人事争议仲裁院",
        subjects=("2080110",),
        budget="264",
        executed="246.65",
        rate="93%",
        score="19",
        total="89",
        outcomes=(
            "对辖区内用人单位开展日常巡查，举报投诉调查，指导，督促全区开展监察执法工作，通过监察执法、劳动争议调解仲裁等手段，促"
            "进区域劳动关系和谐稳定和经济发展。"
        ),
        categories=(
            cat(
                OUTPUT,
                "40",
                sub(
                    Sub.QUANTITY,
                    ind(
                        "全年巡查检查企业数量",
                        "全年巡查检查企业不少于 2000 家、建设工地全覆盖",
                        "巡查检查企业 4825 家",
                        "10",
                        num("2000", "4825", "家"),
                    ),
                    ind("仲裁案件法定期限内结案率", "96%", "98%", "10", num("96", "98", "%")),
                    ind("招聘劳动保障监察协管员", "80 名", "59 名", "0", num("80", "59", "名")),
                    ind("退农民工工资保证金", "5000 万", "3188.53 万", "0", num("5000", "3188.53", "万元")),
                    ind("退农民工工资保证金户数", "70 户", "47 户", "0", num("70", "47", "户")),
                ),
                sub(
                    Sub.TIMELINESS,
                    ind("法定期限内监察结案率", "2022 年底前", "2022 年内法定结案率达 100%", "5"),
                    ind("法定期限内仲裁结案率", "2022 年底前", "2022 年内法定结案率达 98%", "5"),
                ),
            ),
            cat(
                EFFECT,
                "30",
                sub(
                    Sub.SOCIAL,
                    ind("构建和谐劳动关系，促进区域经济发展", "明显", "明显", "10"),
                    ind("维护用人单位和劳动者双方合法权益", "明显", "明显", "10"),
                    ind("充实劳动保障监察人才队伍，加强劳动保障监察工作", "明显", "明显", "10"),
                ),
            ),
            cat(
                SATISFACTION,
                "10",
                sub(Sub.SATISFACTION, ind("社会公众满意度", "≥90%", "≥90%", "10", num("90", "90", "%"))),
            ),
        ),
        deviation_reasons=(
            "一、未完成目标：招聘劳动保障监察协管员人数不足。原因：2022 年，根据区政府关于加强劳动保障监察队伍建设的"
            "批示意见，同意我区通过政府购买服务的方式补充劳动监察服务人员力量。2022 年 11 月，我局已按照采购要求委托"
            "第三方公司进行项目招标。\n"
            "二、未完成目标：退还农民工工资保证金金额、户数未达标。原因：由于经济下行、疫情影响，区内部分项目未开工、"
            "停工，竣工延期导致未能如期退还保证金。同时，部分项目存在源头性工程款拖欠问题，导致欠薪，无法达到保证金退还"
            "要求，进而未能如期退还。"
        ),
        improvement_measures=(
            "一、关于招聘劳动保障监察协管员。2023 年 2 月 1 日，已通过政府购买服务方式由第三方提供劳动保障监察服务人员"
            " 77 人。\n"
            "二、关于农民工工资保证金退还。进一步完善退还保证金工作台账，主动联系保证金缴纳单位，完善优化退还流程，做到"
            "应退尽退，应退快退。"
        ),
    ),
    project(
        7,
        "人力资源服务费",
        reporting_unit="区人社局",
        supervising_department="区人社局",
        implementing_unit="人力资源和劳动关系服务中心",
        subjects=(),
        budget="225",
        executed="212.96",
        rate="95.00%",
        score="19",
        total="99",
        outcomes="支付人力资源服务机构上年度人力资源服务费，规范区直机关事业单位编外聘用人员管理，实行总量控制。",
        categories=(
            cat(
                OUTPUT,
                "40",
                sub(Sub.QUANTITY, ind("服务人次", "4260", "4260", "20", num("4260", "4260"))),
                sub(Sub.QUALITY, ind("参加年度考核覆盖率", "100%", "100%", "10", num("100", "100", "%"))),
                sub(
                    Sub.TIMELINESS,
                    ind(
                        "服务费每人每月 45 元，按相关程序及时支付",
                        "100%",
                        "100%",
                        "10",
                        num("100", "100", "%"),
                    ),
                ),
            ),
            cat(
                EFFECT,
                "20",
                sub(Sub.SOCIAL, ind("享受人力资源服务单位数", "53", "53", "20", num("53", "53"))),
            ),
            cat(
                SATISFACTION,
                "20",
                sub(Sub.SATISFACTION, ind("服务对象总体满意率", "≥90%", "≥90%", "20", num("90", "90", "%"))),
            ),
        ),
        deviation_reasons="预算的申报是根据服务人员总数申报全年的服务费，但是服务人员在实际工作中存在中途离职的情况。",
        improvement_measures=(
            "改进措施：往后在申报预算时充分考虑离职人员情况，根据往年的离职情况摸清每年的离职规律。\n"
            "结果应用方案：根据离职规律核算出每年因离职人员多申报的经费，在往后申报预算时减去该部分经费。"
        ),
    ),
    project(
        8,
        "电话咨询劳务外包服务费",
        reporting_unit="局办公室",
        supervising_department="区人社局",
        implementing_unit="局办公室",
        subjects=(),
        budget="50",
        executed="29.62",
        rate="59%",
        score="12",
        total="92",
        outcomes="话务系统高效稳定运行，各类业务政策解答清楚，团队管理规范，及时受理办理群众投诉。",
        categories=(
            cat(
                OUTPUT,
                "40",
                sub(
                    Sub.QUANTITY,
                    ind("坐席人员", "≥5 人", "5 人", "8", num("5", "5", "人")),
                    ind("业务系统", "≥5 套", "5 套", "8", num("5", "5", "套")),
                ),
                sub(
                    Sub.QUALITY,
                    ind(
                        "话务高效运转",
                        "电话接通率 100%",
                        "电话接通率 80%，回访率 100%",
                        "8",
                        num("100", "80", "%"),
                    ),
                ),
                sub(
                    Sub.TIMELINESS,
                    ind("话务中心异常情况发现时间", "≤2 小时", "系统无故障", "8", num("2", None, "小时", LE)),
                    ind("话务中心处置时间", "≤2 小时", "确定能", "8", num("2", None, "小时", LE)),
                ),
            ),
            cat(
                EFFECT,
                "30",
                sub(Sub.SOCIAL, ind("提高企业服务质量", "有效提高", "培训到位、政策掌握较全", "15")),
                sub(
                    Sub.OTHER,
                    ind("电话接通率", "70%以上", "73%", "15", num("70", "73", "%")),
                    label="话务接通率",
                ),
            ),
            cat(
                SATISFACTION,
                "10",
                sub(
                    Sub.SATISFACTION,
                    ind(
                        "各业务科室满意度",
                        "满意度不低于 95%",
                        "实际满意度达到 95%",
                        "10",
                        num("95", "95", "%"),
                    ),
                    label="服务对象满意度",
                ),
            ),
        ),
        deviation_reasons=(
            "此项目是经我局内部采购专班严格遴选后委托第三方完成工作，经过询价采购后按照合同进行绩效考核支付费用，第四季度"
            "费用因财政支付系统关闭未能结算，故第四季度结算时间延迟，故执行率较低。"
        ),
        improvement_measures="2022 年将严格培训话务中心人员，使其业务素质提升，提高电话接通率，严格遵守考核时间。",
    ),
    project(
        9,
        "支农返汉",
        reporting_unit="局办公室",
        supervising_department="区人社局",
        implementing_unit="区人社局办公室",
        subjects=("2082501",),
        budget="4.836",
        executed="3.228",
        rate="67%",
        score="14",
        total="94",
        outcomes="给予支农返汉人员生活困难补助，解决其基本生活困难问题，体现党和政府对支农返汉人员的关怀、关爱。",
        categories=(
            cat(
                OUTPUT,
                "40",
                sub(Sub.QUANTITY, ind("符合条件人数", "3 人", "3 人", "5", num("3", "3", "人"))),
                sub(Sub.QUALITY, ind("发放标准", "100%", "100%", "5", num("100", "100", "%"))),
                sub(Sub.TIMELINESS, ind("发放时间", "2022 年底前", "2022 年底前", "10")),
                sub(
                    Sub.COST,
                    ind("生活困难补助", "3.132 万元", "3.132 万元", "10", num("3.132", "3.132", "万元", LE)),
                    ind(
                        "城乡居民医疗个人缴费补助",
                        "0.096 万元",
                        "0.096 万元",
                        "10",
                        num("0.096", "0.096", "万元", LE),
                    ),
                ),
            ),
            cat(EFFECT, "30", sub(Sub.SOCIAL, ind("加强社会稳定", "有效加强", "有效加强", "30"))),
            cat(
                SATISFACTION,
                "10",
                # “》90%” is printed for ≥90%.
                sub(Sub.SATISFACTION, ind("公众满意度", "》90%", "100%", "10", num("90", "100", "%"))),
            ),
        ),
        deviation_reasons="2021 年测算 2022 年资金时,追加了 2019 年支农返汉专项资金区级预算 1.536 万元。",
        improvement_measures="改进措施：根据实际情况预算下年支出预算；\n结果应用方案：2023 年按实际情况拨付",
    ),
    project(
        10,
        "三支一扶公开招募及上级补助资金发放",
        short_name="三支一扶",
        reporting_unit="区人社局人力资源综合科",
        supervising_department="区人社局",
        implementing_unit="区人社局人力资源综合科",
        subjects=("2080199",),
        budget="425.3",
        executed="294.8",
        rate="69.00%",
        score="14",
        total="94",
        outcomes="保障高校毕业生生活质量，引进人才，促进社会发展。",
        categories=(
            cat(
                OUTPUT,
                "40",
                sub(
                    Sub.QUALITY,
                    ind("完成本年度三支一扶人员招募并落实待遇", "100%", "100%", "20", num("100", "100", "%")),
                ),
                sub(Sub.TIMELINESS, ind("年度任务完成时间", "预计2022年九月份", "八月份", "10")),
                sub(
                    Sub.COST,
                    ind("生活补贴人均成本", "32000元/人", "十二月份", "10", num("32000", None, "元/人", LE)),
                ),
            ),
            cat(EFFECT, "20", sub(Sub.SOCIAL, ind("带动就业增长率", "明显", "已完成", "20"))),
            cat(
                SATISFACTION,
                "20",
                sub(Sub.SATISFACTION, ind("服务对象满意度", "≥90%", "100%", "20", num("90", "100", "%"))),
            ),
        ),
        deviation_reasons=(
            "上级财政部门提前预拨付部分款项（下届人员），加上前期该项资金有结余，故基数偏大。本年度应执行金额已经使用。"
        ),
        improvement_measures=(
            "根据年初预算情况做好下一年三支一扶招聘及待遇保障工作，保证财政资金充分发挥效用，促进人才服务的效果。"
        ),
    ),
    project(
        11,
        "职教幼教退休教师待遇上级补助",
        reporting_unit="东西湖区养老保险管理办公室",
        supervising_department="东西湖区人力资源和社会保障局",
        implementing_unit="养老保险管理办公室",
        subjects=("2050399",),
        budget="395",
        executed="395",
        rate="100%",
        score="20",
        total="100",
        outcomes="确保每月职教幼教退休人员养老金及生活补贴按时足额发放，维护养老保险工作稳定。",
        categories=(
            cat(
                OUTPUT,
                "40",
                sub(Sub.QUANTITY, ind("发放人数", "122人", "122人", "10", num("122", "122", "人"))),
                sub(
                    Sub.TIMELINESS,
                    ind("养老金发放及时率", "100%", "100%", "10", num("100", "100", "%")),
                    ind("生活补贴部分到位及时率", "100%", "100%", "20", num("100", "100", "%")),
                ),
            ),
            cat(
                EFFECT,
                "20",
                sub(
                    Sub.SOCIAL,
                    ind("落实国有企业职教幼教退休教师待遇工作", "100%", "100%", "20", num("100", "100", "%")),
                ),
            ),
            cat(
                SATISFACTION,
                "20",
                sub(Sub.SATISFACTION, ind("服务对象满意度", "≥90%", "100%", "20", num("90", "100", "%"))),
            ),
        ),
    ),
)

TABLES = (DEPARTMENT_WIDE, *PROJECTS)


@transaction.atomic
def load_demo_evaluations(final_account):
    """Create the twelve self-evaluations of the reference disclosure for final_account.

    Idempotent: nothing is done if the final account already has evaluations. Registered as a demo
    extension of accounts.demo by PerformanceConfig.ready().
    """
    if final_account.evaluations.exists():
        return
    subjects = {
        s.code: s
        for s in FunctionalSubject.objects.filter(
            edition=final_account.edition, code__in=[c for t in TABLES for c in t.get("subjects", ())]
        )
    }
    for table in TABLES:
        _create_evaluation(final_account, table, subjects)


def _create_evaluation(final_account, table, subjects):
    fields = {k: v for k, v in table.items() if k not in ("goals", "subjects")}
    for key in ("budget", "executed", "basic_expenditure", "project_expenditure"):
        if key in fields:
            fields[key] = parse_amount(fields[key], unit="wanyuan")
    for key in ("stated_execution_score", "stated_total"):
        fields[key] = Decimal(fields[key])
    evaluation = Evaluation.objects.create(final_account=final_account, **fields)
    # A subject missing from the loaded edition is left out rather than failing the demo.
    evaluation.subjects.set([subjects[c] for c in table.get("subjects", ()) if c in subjects])
    for goal_position, goal_data in enumerate(table["goals"], start=1):
        goal_row = Goal.objects.create(
            evaluation=evaluation,
            position=goal_position,
            name=goal_data["name"],
            weight=Decimal(goal_data["weight"]),
        )
        for category_position, category_data in enumerate(goal_data["categories"], start=1):
            category = IndicatorCategory.objects.create(
                goal=goal_row,
                position=category_position,
                kind=category_data["kind"],
                weight=None if category_data["weight"] is None else Decimal(category_data["weight"]),
            )
            for subcategory_position, subcategory_data in enumerate(category_data["subcategories"], start=1):
                subcategory = IndicatorSubcategory.objects.create(
                    category=category,
                    position=subcategory_position,
                    kind=subcategory_data["kind"],
                    label=subcategory_data["label"],
                    weight=subcategory_data["weight"],
                )
                Indicator.objects.bulk_create(
                    Indicator(
                        subcategory=subcategory,
                        position=position,
                        name=data["name"],
                        target_text=data["target_text"],
                        actual_text=data["actual_text"],
                        stated_score=data["stated_score"],
                        **data["numbers"],
                    )
                    for position, data in enumerate(subcategory_data["indicators"], start=1)
                )
