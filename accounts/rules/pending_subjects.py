"""K1: subjects a final account uses that its edition lacks, pending confirmation (accounts.editions).

A code the edition lacks never stops an accountant: it is kept as a subject pending for that final account
and its figures are held as any other. The reviewer is told here; publication waits until a reviewer or
administrator confirms the subject into the edition or maps it to a code the edition has
(accounts.workflow.publish refuses while one is pending). A notice, not a warning: the accountant has
nothing to explain, the reviewer has something to settle.
"""

from ..addresses import Address
from .engine import Rule, Severity
from .registry import register


def pending_subjects(context, rule):
    """K1: one finding per subject pending for the final account, functional then economic, by code."""
    facts = context.facts
    edition = getattr(facts.final_account, "edition", "")
    for code, info in sorted(facts.subjects.items()):
        if info.pending:
            yield context.finding(
                rule,
                cells=(Address("subject", ("functional", code)),),
                target=f"功能分类科目/{code}",
                message=(
                    f"功能分类科目 {code} {info.name} 不在{edition}年《政府收支分类科目》中，待审核人员或管理员"
                    "确认纳入科目版本或改为已有科目；确认前不能公开"
                ),
            )
    for code, subject in facts.economic_subjects.items():
        if subject.pending_for_id is not None:
            yield context.finding(
                rule,
                cells=(Address("subject", ("economic", code)),),
                target=f"经济分类科目/{code}",
                message=(
                    f"经济分类科目 {code} {subject.name} 不在{edition}年版科目中，待审核人员或管理员"
                    "确认纳入科目版本或改为已有科目；确认前不能公开"
                ),
            )


PENDING_SUBJECTS = register(
    Rule(
        "K1",
        "科目不在本年度《政府收支分类科目》中，待确认",
        Severity.NOTICE,
        pending_subjects,
        "exact",
        "《政府收支分类科目》各年版本；版本中没有的科目待确认",
    )
)
