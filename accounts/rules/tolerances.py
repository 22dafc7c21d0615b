"""The one table of tolerances every rule takes its allowance from.

Facts are exact 元. Figures entered in 元 are compared exactly. Figures taken from printed 万元 tables
(FinalAccount.Provenance.WANYUAN_TABLES) each carry the rounding of their printed cell: a cell rounded
half-up to 0.01 万元 is within 0.005 万元 = 50 元 of the exact figure, so a formula over k printed figures
can be off by up to k × 50 元, and never less than one printed step (0.01 万元 = 100 元), which is the
difference the official note “本套报表金额单位转换时可能存在尾数误差” excuses. A difference within that
allowance is a notice (尾数误差); beyond it the rule's own severity applies.

A rule names its tolerance: one of TOLERANCES, or "comparison", which is "exact" or "rounding" by the
final account's provenance (`comparison_tolerance`).
"""

from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Tolerance:
    """An allowance of `per_cell` for each figure a comparison involves, and at least `minimum`."""

    name: str
    per_cell: Decimal
    minimum: Decimal
    unit: str  # "元" or "个百分点"
    reason: str

    def allowance(self, cells=1):
        """Return the allowed absolute difference for a comparison over `cells` figures."""
        return max(self.minimum, self.per_cell * cells)


TOLERANCES = {
    tolerance.name: tolerance
    for tolerance in (
        Tolerance(
            "exact",
            ZERO,
            ZERO,
            "元",
            "按元录入的数据没有单位换算，勾稽关系在元上必须精确成立。",
        ),
        Tolerance(
            "rounding",
            Decimal("50.00"),
            Decimal("100.00"),
            "元",
            "万元报表的每个单元格四舍五入到0.01万元，误差不超过0.005万元（50元）；"
            "涉及k个单元格的公式允许k×50元，且不少于一个打印单位0.01万元（100元）。",
        ),
        Tolerance(
            "narrative_amount",
            Decimal("50.00"),
            Decimal("50.00"),
            "元",
            "文字中的金额以万元保留两位小数书写，与事实相差不超过0.005万元（50元）即为同一数字；"
            "省略末尾零（612.8万元）不影响比对，省略非零小数则不相符。",
        ),
        Tolerance(
            "narrative_percent",
            Decimal("0.01"),
            Decimal("0.01"),
            "个百分点",
            "文字中的百分比保留两位小数，与可计算的占比、完成率、增长率相差不超过0.01个百分点；"
            "只写一位或不写小数时，按所写精度的半个单位放宽（102.1% 允许0.05个百分点）。",
        ),
    )
}

# Thresholds of plausibility rules, kept next to the tolerances so that every number a rule allows is
# in this one module.
THRESHOLDS = {
    # P4: a change against last year above 30 % needs a written reason (common practice of the
    # 部门决算 review and of the public checker's year-over-year rules).
    "large_change": Decimal("0.30"),
}


def comparison_tolerance(provenance):
    """Return the tolerance of table identities for a final account of `provenance`."""
    from ..models import FinalAccount

    if provenance == FinalAccount.Provenance.WANYUAN_TABLES:
        return TOLERANCES["rounding"]
    return TOLERANCES["exact"]
