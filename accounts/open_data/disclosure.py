"""What the disclosure page and the downloads show of one published version, from its frozen JSON."""

from dataclasses import dataclass
from decimal import Decimal

from .frozen import frozen_data
from .layout import frozen_statements, skeleton_statements


def version_statements(version):
    """Return the frozen statements of `version` laid out as printed (Statement objects, 表1 … 表9)."""
    final_account = version.final_account
    skeletons = skeleton_statements(final_account.report_format_id, final_account.edition)
    return frozen_statements(frozen_data(version), skeletons)


def table_titles(version):
    """Return [(表号, “表N 标题”)] of the tables frozen with `version`."""
    return [(s["number"], f"表{s['number']} {s['title']}") for s in frozen_data(version)["statements"]]


@dataclass(frozen=True)
class ExplainedFinding:
    """A warning found when the version was published, with the figure it is about and its written explanation."""

    rule_id: str
    message: str
    target: str
    actual: Decimal | None
    expected: Decimal | None
    explanation: str


def explained_warnings(version):
    """Return the warnings frozen with `version`, each with the department's written explanation ("" if none)."""
    data = frozen_data(version)
    explanations = {(e["rule_id"], e["target"]): e["text"] for e in data["explanations"]}
    return [
        ExplainedFinding(
            rule_id=finding["rule_id"],
            message=finding["message"],
            target=finding["target"],
            actual=None if finding["actual"] is None else Decimal(finding["actual"]),
            expected=None if finding["expected"] is None else Decimal(finding["expected"]),
            explanation=explanations.get((finding["rule_id"], finding["target"]), ""),
        )
        for finding in data["findings"]
        if finding["severity"] == "warning"
    ]
