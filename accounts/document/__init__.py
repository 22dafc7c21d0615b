"""The disclosure document: one structure, rendered by one template tree to HTML and to PDF."""

from dataclasses import dataclass

from ..choices import FreeTextKey
from ..models import Explanation
from ..statements import build_statements, load_facts
from .charts import build_charts
from .glossary import build_glossary
from .narrative import build_narrative
from .outline import build_outline
from .sections import ATTACHMENTS, PERFORMANCE_SUMMARY, section_content


@dataclass(frozen=True)
class Document:
    """Everything the templates print, finished: no arithmetic or queries are left for them."""

    final_account: object
    title: str  # the cover's title, also the page's <title>
    cover_lines: tuple
    parts: tuple  # the format's parts (outline.Part), in order, with their numbered sections
    department_name: str
    short_name: str
    year: int
    disclosure_date: object
    main_functions: tuple
    unit_composition: str
    statements: tuple
    narrative: tuple
    charts: dict
    key_work: tuple
    glossary: tuple
    performance_summary: object
    attachments: object


def paragraphs(text):
    """Split a free text into paragraphs at blank lines (or at line breaks when there are none)."""
    text = (text or "").strip()
    if not text:
        return ()
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    if len(blocks) == 1:
        blocks = [line.strip() for line in text.splitlines()]
    return tuple(block for block in blocks if block)


def build_document(final_account, *, facts=None, statements=None, disclosure_date=None):
    """Return the Document of `final_account`, built from its facts in a constant number of queries.

    A caller that has loaded the facts (and built the statements) already passes them. The cover
    shows `disclosure_date`, by default the final account's own.
    """
    if facts is None:
        facts = load_facts(final_account)
    if statements is None:
        statements = build_statements(facts)
    department = final_account.department
    short_name = department.display_name
    charts = build_charts(facts, statements)
    # The department's written explanations of warnings, printed next to the figures they explain.
    explanations = tuple(
        Explanation.objects.filter(final_account=final_account)
        .exclude(text="")
        .order_by("target", "rule_id")
        .values_list("target", "text")
    )
    narrative = tuple(build_narrative(facts, statements, charts, explanations))
    report_format = facts.report_format or final_account.report_format
    values = {"year": final_account.year, "department": department.name, "short_name": short_name}
    outline = build_outline(
        report_format.document,
        values=values,
        narrative={section.key: section for section in narrative},
        statements=statements.values(),
    )
    return Document(
        final_account=final_account,
        title=outline.cover_title,
        cover_lines=outline.cover_lines,
        parts=outline.parts,
        department_name=department.name,
        short_name=short_name,
        year=final_account.year,
        disclosure_date=disclosure_date or final_account.disclosure_date,
        main_functions=paragraphs(facts.free_text(FreeTextKey.MAIN_FUNCTIONS)),
        unit_composition=facts.free_text(FreeTextKey.UNIT_COMPOSITION),
        statements=tuple(statements.values()),
        narrative=narrative,
        charts=charts,
        key_work=paragraphs(facts.free_text(FreeTextKey.KEY_WORK)),
        glossary=tuple(
            build_glossary(facts, statements, (report_format.document or {}).get("glossary"), values)
        ),
        performance_summary=section_content(PERFORMANCE_SUMMARY, final_account, facts),
        attachments=section_content(ATTACHMENTS, final_account, facts),
    )
