"""What the disclosure page and the downloads show of one published version, from its frozen files."""

from dataclasses import dataclass
from decimal import Decimal

from ..publishing import frozen_statements_data
from ..statements.structures import statement_from_data
from .frozen import TamperedFile, frozen_data, frozen_layout


def version_statements_data(version):
    """Return the frozen statements of `version` as data (header rows, rows, notes; 元 as text).

    Read from the version's JSON and, for a version frozen before statements kept their layout, its
    supplementary layout file: never from the format or the builders. Raises TamperedFile, or
    LayoutMissing for an old version whose layout has not been frozen yet.
    """
    layout = frozen_layout(version) if version.layout_file else None
    if layout is not None and layout["json_sha256"] != version.json_sha256:
        raise TamperedFile(f"{version} 的版式补充文件不属于其 JSON，已停止提供。")
    return frozen_statements_data(frozen_data(version), layout)


def version_statements(version):
    """Return the frozen statements of `version` laid out as printed (Statement objects, 表1 … 表9)."""
    return tuple(statement_from_data(data) for data in version_statements_data(version))


def statements_tag(version):
    """Return the parts of an ETag naming the frozen files `version`'s statements are read from."""
    return (
        (version.json_sha256, version.layout_sha256[:16]) if version.layout_sha256 else (version.json_sha256,)
    )


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
