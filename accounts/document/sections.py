"""The section registry: parts of the document that another app supplies, and their stylesheets.

`accounts` renders 十三 (预算绩效情况说明) and 第六部分 (附件) through this registry; the performance app
registers providers for them when it loads. Until something is registered the document states that no
self-evaluation is attached. An app that supplies sections registers the stylesheet that styles them
too: the web page (accounts/document/page.html, accounts/published_page.html) and the PDF (pdf.py) link
the registered stylesheets after document.css, so `accounts` names no other app's stylesheet.
"""

from dataclasses import dataclass, field

from ..formatting import chinese_numeral
from .outline import NATIONAL_DOCUMENT, numbered

PERFORMANCE_SUMMARY = "performance_summary"  # 第三部分 十三
ATTACHMENTS = "attachments"  # 第六部分

SLOTS = (PERFORMANCE_SUMMARY, ATTACHMENTS)

# The parts and sections of the national disclosure a review comment may be about (第三部分 by its 13
# sections); `comment_sections` gives them for any format's outline.
COMMENT_SECTIONS = (
    "第一部分 一、部门主要职能",
    "第一部分 二、部门决算单位构成",
    "第二部分 部门决算表",
    *(f"第三部分 {chinese_numeral(number)}" for number in range(1, 14)),
    "第四部分 重点工作完成情况",
    "第五部分 名词解释",
    "第六部分 附件",
)
# How a comment names a part that it names as a whole, by the part's key.
_PART_SUBJECTS = {
    "tables": "部门决算表",
    "key_work": "重点工作完成情况",
    "glossary": "名词解释",
    "attachments": "附件",
}
_OVERVIEW_SUBJECTS = {"main_functions": "部门主要职能", "unit_composition": "部门决算单位构成"}


def comment_sections(document_spec):
    """Return the parts and sections a review comment may be about, for a format's `document`.

    The national outline (and a format without one) gives COMMENT_SECTIONS; 上海's gives its four parts
    and 第三部分 一…十一 with 十一's nested sections as “第三部分 十一（一）”.
    """
    sections = []
    for part in (document_spec or NATIONAL_DOCUMENT).get("parts", []):
        ordinal = part.get("title", "").split("　")[0].split(" ")[0]
        key = part.get("key")
        if key == "overview":
            listed = [s for s in part.get("sections", []) if s.get("key") in _OVERVIEW_SUBJECTS]
            sections += [
                f"{ordinal} {numbered(n, _OVERVIEW_SUBJECTS[s['key']])}"
                for n, s in enumerate(listed, start=1)
            ]
        elif key == "explanations":
            for n, section in enumerate(part.get("sections", []), start=1):
                sections.append(f"{ordinal} {chinese_numeral(n)}")
                sections += [
                    f"{ordinal} {chinese_numeral(n)}（{chinese_numeral(m)}）"
                    for m in range(1, len(section.get("sections") or []) + 1)
                ]
        elif key in _PART_SUBJECTS:
            sections.append(f"{ordinal} {_PART_SUBJECTS[key]}")
    return tuple(sections)


@dataclass(frozen=True)
class SectionContent:
    """What a provider returns: a template to include and its context (finished structures only)."""

    template_name: str
    context: dict = field(default_factory=dict)


_providers = {}


def register_section(slot, provider):
    """Register `provider(final_account, facts) -> SectionContent | None` for `slot`."""
    if slot not in SLOTS:
        raise ValueError(f"unknown document slot {slot!r}; known: {', '.join(SLOTS)}")
    _providers[slot] = provider
    return provider


def unregister_section(slot):
    _providers.pop(slot, None)


def section_content(slot, final_account, facts):
    """Return the registered content of `slot` for `final_account`, or None when nothing is registered."""
    provider = _providers.get(slot)
    if provider is None:
        return None
    return provider(final_account, facts)


_stylesheets = []


def register_stylesheet(path):
    """Register the static path of a stylesheet for registered sections, as `{% static %}` takes it."""
    if path not in _stylesheets:
        _stylesheets.append(path)
    return path


def unregister_stylesheet(path):
    if path in _stylesheets:
        _stylesheets.remove(path)


def registered_stylesheets():
    """Return the static paths of the registered stylesheets, in registration order."""
    return tuple(_stylesheets)
