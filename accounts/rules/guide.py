"""The rule catalogue as readers see it: every registered rule with its severity and why it has it.

Severity is a reviewer's judgement written down once:

- 错误 (error) blocks submission: a figure that cannot be true (a total that is not the sum of its parts,
  a part above its whole, a score above its weight), or a text that must not be published (template
  wording left in it). Nothing the department could write would make it right; it must be corrected.
- 警告 (warning) needs a written explanation: the figures may be right, but a reader will ask (spending
  above budget, a large change, two year-over-year changes that disagree, a figure in a text that names
  a quantity held elsewhere with another value). The explanation is read by the reviewer.
- 提示 (notice) is information: a difference within the rounding of printed 万元 (尾数误差), a figure
  the system cannot check (outcomes of the year's work), a percentage shown at a coarser precision than
  the document's own. No explanation is asked for.

Rules another app registers (the 绩效自评 rules) are described here by their ids too: the page lists what
is registered, and the reasons are text, not imports.
"""

from dataclasses import dataclass

from .engine import Severity
from .registry import registered_rules
from .tolerances import TOLERANCES

SEVERITY_MEANING = {
    Severity.ERROR: "阻止提交：数字不可能成立或文字不能公开，必须更正。",
    Severity.WARNING: "须书面说明：数字可能无误，但读者会提出疑问，由单位说明、审核人员审阅。",
    Severity.NOTICE: "仅供参考：尾数误差、系统无法核对的工作成果、精度低于全文的显示差异，无须说明。",
}

IDENTITY = "表内或表间勾稽关系：不成立则公开的报表自相矛盾，必须更正；按万元报表导入时，尾数误差范围内的差异只作提示。"
REASONS = {
    **dict.fromkeys(
        ("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"),
        IDENTITY,
    ),
    **dict.fromkeys(("R17", "R18", "R19", "R20", "R21", "R22", "R23", "R24", "R25", "R26"), IDENTITY),
    "R16": "科目不在本年度《政府收支分类科目》中，报表无法按科目列示，必须更正。",
    "F1": "格式未列示的类级支出会从表1、表4中漏掉，必须处理后才能提交。",
    "R25.1": "结转结余可能因缴回、调整而不满足等式，须说明原因。",
    "R27": "机关运行经费口径可能与表6 公用经费略有不同（如资本性支出），须说明。",
    "R28": "空表的说明由报表格式提供，缺少时须说明或补充格式。",
    "P1": "金额不可能为负数。",
    "P2": "超预算支出可能有追加预算，须说明。",
    "P3": "“三公”经费超预算可能有调整，须说明。",
    "P4": "大幅变动本身不是错误，但读者会问原因，须填写变动原因。",
    "P5": "情况说明五(三)须逐项说明年初预算与决算，缺少年初预算须说明。",
    "P6": "年初预算的组成部分之和必须等于总额。",
    "P7": "上年度决算在系统内可能已更正，须核对或说明。",
    "Y1": "上年数中的部分大于合计，不可能成立，必须更正。",
    "Y2": "上年数可能确有不同（上年有其他资金），但文字说明中将出现两个不同的增减，须核对或说明。",
    "S1": "公务接待费与其国内、外事部分在情况说明九中同时公开，不一致则文字自相矛盾，必须更正。",
    "S2": "有支出无数量或有数量无支出可能另有原因（如其他资金购置），须说明。",
    "S3": "车辆可能已处置或划转，须说明。",
    "S4": "机关运行经费只含行政单位和参公事业单位的日常公用经费，不相称时须说明。",
    "S5": "授予中小企业、小微企业的金额是采购金额的一部分，大于整体不可能成立。",
    "H1": "留有模板用语的文字不能公开，必须改写。",
    "C1": "格式要求的部门主要职能、单位构成、重点工作等内容为空，公开文本将缺少整节，必须填写后才能报送。",
    "C2": "情况说明通常给出的原因或说明为空，读者会问；若确无可说明的内容，写明理由即可。",
    "C3": "格式要求附部门整体支出绩效自评，缺少时第六部分将为空，必须补上。",
    "C4": "自评表各项仍为零，可能尚未填写；确为零时说明即可。",
    "K1": "科目表缺少的编码暂记在本决算下，须由审核人员确认或改为已有科目；信息提示，发布前必须处理完毕（发布会被拒绝）。",
    "H2": "重复可能是有意的叠词，须改正或说明。",
    "H3": "读者无法判断是元还是万元，须补上单位或说明。",
    "H4": "年份可能是规划目标，须核对或说明。",
    "N1": "文字中与任何数字都不相符、又未指明所指数量的金额多为工作成果，系统无法核对，仅供审阅。",
    "N2": "单位自己写的百分比应能由报表算得，不能算得时须说明；绩效自评文字中的百分比仅作提示。",
    "N3": "工作成果类数量系统无法核对，仅供审阅。",
    "N4": "文字所指的科目、数字或绩效指标另有数值，两者不符须更正或说明。",
    "N5": "全文百分比保留两位小数；少写小数（80%对79.89%）或舍去尾数（99%对99.57%）只是显示差异，不改变所说之事，"
    "作提示，与绩效自评表执行率（R39.1）同一口径。",
    "R39": "执行率得分按规则计算，与填报不符必须更正。",
    "R39.1": "执行率与执行数÷预算数不符为错误；取整后补零（75.00%）显示的精度不实，须说明；"
    "仅为舍入（99.57%显示为99%）或未保留两位小数（80%）只作提示。",
    "R39.2": "执行数超过预算数可能有追加，须说明。",
    "R40": "总分必须等于各项得分之和。",
    "R40.1": "得分合计超过分值，不可能成立。",
    "R40.2": "定量指标得分按完成比例计算，与填报不符必须更正。",
    "R40.3": "定性指标得分必须在其档次区间内。",
    "R40.4": "分值合计必须为100分，一级指标分值合计必须等于年度绩效目标分值。",
    "R40.5": "各级分值（含标签中写明的分值）层层不相容，不可能成立。",
    "R40.6": "未达目标的定量指标按满分计，与计分规则矛盾，必须更正。",
    "R40.7": "完成值可能只是填写位置有误，须更正或说明。",
    "R40.8": "改进措施应面向自评之后的年度，须更正或说明。",
    "I1": "以印制表格导入时逐一比对印制数与由明细计算的数：尾数误差范围内只作提示（DESIGN §2(b)），超出则报表自相矛盾。",
    "I2": "名称差异不影响数字，公开的表格使用科目版本的名称，仅作提示。",
    "R41": IDENTITY,
    "R41.1": IDENTITY,
    "R41.2": IDENTITY,
}


@dataclass(frozen=True)
class RuleEntry:
    """One rule as the catalogue page and the API list it."""

    id: str
    message: str
    severity: str
    severity_label: str
    tolerance: str
    tolerance_name: str
    tolerance_reason: str
    source: str
    reason: str

    def as_dict(self):
        return {
            "id": self.id,
            "message": self.message,
            "severity": self.severity,
            "severity_label": self.severity_label,
            "tolerance": self.tolerance,
            "tolerance_name": self.tolerance_name,
            "tolerance_reason": self.tolerance_reason,
            "source": self.source,
            "reason": self.reason,
        }


TOLERANCE_NAMES = {
    "exact": "精确相等",
    "comparison": "按元录入精确；万元报表允许尾数误差",
    "rounding": "万元报表尾数误差",
    "narrative_amount": "文字金额±0.005万元",
    "narrative_percent": "文字百分比±0.01个百分点",
}


def _tolerance_reason(name):
    if name == "comparison":
        return f"按元录入：{TOLERANCES['exact'].reason}按万元报表导入：{TOLERANCES['rounding'].reason}"
    return TOLERANCES[name].reason


def rule_entries():
    """Return a RuleEntry for every registered rule, in registration order."""
    return [
        RuleEntry(
            id=rule.id,
            message=rule.message,
            severity=str(rule.severity),
            severity_label=str(Severity(rule.severity).label),
            tolerance=rule.tolerance,
            tolerance_name=TOLERANCE_NAMES.get(rule.tolerance, rule.tolerance),
            tolerance_reason=_tolerance_reason(rule.tolerance),
            source=rule.source,
            reason=REASONS.get(rule.id, str(SEVERITY_MEANING[Severity(rule.severity)])),
        )
        for rule in registered_rules()
    ]


def severity_guide():
    """Return (severity, label, meaning) of each severity, error first."""
    return [
        (str(s), str(s.label), SEVERITY_MEANING[s])
        for s in (Severity.ERROR, Severity.WARNING, Severity.NOTICE)
    ]
