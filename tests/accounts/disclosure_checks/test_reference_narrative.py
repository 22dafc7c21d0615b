"""The reference disclosure's own printed 情况说明 (一–十二) against its own tables, as a document check
reads them: every finding is a slip a careful reader finds, and each is found once."""

import re
from decimal import Decimal
from pathlib import Path

from accounts.disclosure_checks import document_rules, findings_with_texts
from accounts.importing import apply_import
from accounts.importing.results import PrintedText

from .conftest import printed_findings

NARRATIVE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "disclosure_checks" / "reference-narrative-2022.txt"
)
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")


def printed_sections(text, page=20):
    """The passages of `text` by heading, as a reader of the PDF gives them (figure captions left out)."""
    found, heading, lines = [], None, []
    for line in text.splitlines():
        if not line.strip() or line.strip().startswith("图"):
            continue
        if HEADING.match(line):
            if heading and lines:
                found.append(PrintedText(heading, "".join(lines), page))
            heading, lines = line.strip(), []
        else:
            lines.append(line.strip())
    if heading and lines:
        found.append(PrintedText(heading, "".join(lines), page))
    return found


def test_the_reference_narrative_gives_its_true_slips_only(draft, reference_workbook):
    apply_import(draft, reference_workbook, by=None)
    texts = printed_sections(NARRATIVE.read_text(encoding="utf-8"))
    assert len(texts) == 15
    found = printed_findings(findings_with_texts(draft, texts, rules=document_rules()))
    wan = Decimal(10000)
    assert [(f.rule_id, f.labels[-1], f.expected, f.actual) for f in found] == [
        # 二: the template's “增长(下降)” left in; 九: “接待接待”; 一: “支出增加8940.08” without its unit.
        ("H1", "情况说明（第20页）/二、收入决算情况说明", None, None),
        ("H2", "情况说明（第20页）/（二）“三公”经费财政拨款支出决算具体情况说明", None, None),
        ("H3", "情况说明（第20页）/一、收入支出决算总体情况说明", None, None),
        # 一 and 四 call the 本年合计 (12,341.98) 总计; 表1 and 表4 print 总计 with the opening balances.
        ("N4", "表1/行31/栏1", Decimal("12931.30") * wan, Decimal("12341.98") * wan),
        ("N4", "表4/行32/栏1", Decimal("12476.45") * wan, Decimal("12341.98") * wan),
        # 五(二): 社会保障和就业支出 11,592.63 where 表5 prints 11,596.64 (the four 类 add up to 12,337.98).
        ("N4", "表5/208/栏1", None, Decimal("11592.63") * wan),
        # 六: 人员经费 449.17 and 公用经费 1,119.43 where 表6 prints 1,369.67 and 198.94.
        ("N4", "表6/人员经费合计", Decimal("1369.67") * wan, Decimal("449.17") * wan),
        ("N4", "表6/公用经费合计", Decimal("198.94") * wan, Decimal("1119.43") * wan),
        # 六's lists name 款 that 表6 shows without spending: 伙食补助费, 医疗费, 其他工资福利支出 (30106,
        # 30114, 30199); 咨询费, 水费, 电费 (30203, 30205, 30206). One finding per list.
        ("N4", "表6/30199", None, None),
        ("N4", "表6/30206", None, None),
    ]
    # 五 writes 12,341.98 as 表1 prints it where 表5 prints 12,341.99: one printed step, no finding.
    assert not [f for f in found if "表5/合计/栏1" in f.labels]
