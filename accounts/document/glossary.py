"""第五部分 名词解释: the standard terms and one entry per functional subject the document uses."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    term: str
    explanation: str


def fiscal_level(bureau_name):
    """Return the level word of the bureau's government (区级, 县级, 市级, 省级) for the official wording."""
    for marker, level in (("区", "区级"), ("县", "县级"), ("市", "市级"), ("省", "省级")):
        if marker in bureau_name:
            return level
    return "本级"


def standard_terms(level):
    """The official explanations, in the official order, for a bureau of `level` (e.g. 区级)."""
    return [
        Term("一般公共预算财政拨款收入", f"指{level}财政一般公共预算当年拨付的资金。"),
        Term("政府性基金预算财政拨款收入", f"指{level}财政政府性基金预算当年拨付的资金。"),
        Term("国有资本经营预算财政拨款收入", f"指{level}财政国有资本经营预算当年拨付的资金。"),
        Term("上级补助收入", "指从事业单位主管部门和上级单位取得的非财政补助收入。"),
        Term("事业收入", "指事业单位开展专业业务活动及其辅助活动取得的收入。"),
        Term("经营收入", "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。"),
        Term(
            "其他收入",
            "指单位取得的除上述“一般公共预算财政拨款收入”、“政府性基金预算财政拨款收入”、"
            "“国有资本经营预算财政拨款收入”、“上级补助收入”、“事业收入”、“经营收入”等收入以外的各项收入。",
        ),
        Term("使用非财政拨款结余", "指事业单位使用以前年度积累的非财政拨款结余弥补当年收支差额的金额。"),
        Term(
            "年初结转和结余",
            "指单位以前年度尚未完成、结转至本年仍按原规定用途继续使用的资金，或项目已完成等产生的结余资金。",
        ),
        None,  # (十) the functional subjects used by the department, filled in per document
        Term(
            "结余分配",
            "指事业单位按照会计制度规定缴纳的企业所得税、提取的专用结余以及转入非财政拨款结余的金额等。",
        ),
        Term(
            "年末结转和结余",
            "指单位按有关规定结转到下年或以后年度继续使用的资金，或项目已完成等产生的结余资金。",
        ),
        Term("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
        Term("项目支出", "指在基本支出之外为完成特定行政任务或事业发展目标所发生的支出。"),
        Term("经营支出", "指事业单位在专业活动及辅助活动之外开展非独立核算经营活动发生的支出。"),
        Term(
            "“三公”经费",
            f"纳入{level}财政预决算管理的“三公”经费，是指部门用财政拨款安排的因公出国（境）费、"
            "公务用车购置及运行维护费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）的国际旅费、"
            "国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置及运行维护费反映单位公务用车"
            "购置支出（含车辆购置税、牌照费）及燃料费、维修费、过桥过路费、保险费、安全奖励费用等支出；"
            "公务接待费反映单位按规定开支的各类公务接待（含外宾接待）费用。",
        ),
        Term(
            "机关运行经费",
            "指为保障行政单位（包括参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，"
            "包括办公费、印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、"
            "办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。",
        ),
    ]


@dataclass(frozen=True)
class GlossaryEntry:
    number: str  # (一), (二) …
    term: str
    explanation: str
    subjects: tuple = ()  # for the functional-subject entry: (path, explanation) pairs


def format_terms(spec, values):
    """Return the Terms a format's `glossary` lists (None for its functional-subject entry), filled in."""
    from .outline import fill

    return [
        None if term.get("subjects") else Term(fill(term["term"], values), fill(term["explanation"], values))
        for term in spec.get("terms", [])
    ]


def build_glossary(facts, statements, spec=None, values=None):
    """Return the numbered 名词解释 with an entry for every item subject the tables use.

    `spec` is the format's `glossary` (its terms, in order, and how they are numbered); without one,
    the national terms for the bureau's level of government, numbered （一）（二）….
    """
    from ..formatting import chinese_numeral

    spec = spec or {}
    level = fiscal_level(facts.final_account.department.bureau.name)
    item_codes = sorted({row.code for s in statements.values() for row in s.rows if row.kind == "item"})
    subjects = tuple(
        (
            f"{facts.subject_name(code[:3])}(类){facts.subject_name(code[:5])}(款){facts.subject_name(code)}(项)",
            facts.subjects[code].explanation if code in facts.subjects else "",
        )
        for code in item_codes
    )
    terms = format_terms(spec, values or {}) if spec.get("terms") else standard_terms(level)
    entries = []
    for number, term in enumerate(terms, start=1):
        numeral = chinese_numeral(number)
        label = f"{numeral}、" if spec.get("numbering") == "comma" else f"（{numeral}）"
        if term is None:
            entries.append(GlossaryEntry(label, "本部门使用的支出功能分类科目（到项级）", "", subjects))
        else:
            entries.append(GlossaryEntry(label, term.term, term.explanation))
    return entries
