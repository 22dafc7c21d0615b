"""Search over the texts of published versions: narratives, table rows, headings.

Each current version's frozen HTML is cut once into passages (SearchPassage: a heading, paragraph,
list item or table row with the anchor of its place in the disclosure). A search is a
case-insensitive substring match over the passages of current versions: Chinese is not split into
words, and two-character terms such as 三公 must match, which neither PostgreSQL's word search nor a
trigram index (three characters at least) can do. A version is cut into passages when it is
published (a publication listener, accounts.apps); versions published before the index existed are
cut by `manage.py index_published_texts`.
"""

from html.parser import HTMLParser

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ..models import SearchPassage
from .frozen import TamperedFile, frozen_bytes
from .queries import current_versions

BLOCKS = {"p", "li", "dt", "dd", "tr", "h1", "h2", "h3", "h4", "h5", "caption", "figcaption"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5"}
CELLS = {"td", "th"}
SKIPPED = {"nav", "script", "style"}
SNIPPET = 40  # characters shown on either side of the first match


class _Passages(HTMLParser):
    """Cut a document into passages (anchor, heading, text), innermost block first."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.passages, self.stack, self.skipping = [], [], 0
        self.anchor, self.heading = "", ""

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
            return
        element_id = dict(attrs).get("id")
        if element_id and not self.skipping:
            if self.stack and self.stack[-1]["tag"] == "tr" and not self.stack[-1]["anchor"]:
                self.stack[-1]["anchor"] = element_id  # a row links to its first amount
            elif tag not in CELLS:
                self.anchor = element_id
        if tag in BLOCKS and not self.skipping:
            self.stack.append({"tag": tag, "text": [], "anchor": "" if tag == "tr" else self.anchor})

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag in CELLS and self.stack:
            self.stack[-1]["text"].append(" ")
        if tag in BLOCKS and self.stack and self.stack[-1]["tag"] == tag:
            block = self.stack.pop()
            text = " ".join("".join(block["text"]).split())
            if not text:
                return
            if tag in HEADINGS or tag in {"caption", "figcaption"}:
                self.heading = text[:200]
            self.passages.append((block["anchor"] or self.anchor, self.heading, text))

    def handle_data(self, data):
        if self.stack and not self.skipping:
            self.stack[-1]["text"].append(data)


def passages_of(html):
    """Return [(anchor, heading, text)] of a document's HTML, in document order (the contents skipped)."""
    parser = _Passages()
    parser.feed(html)
    parser.close()
    return parser.passages


def index_version(version):
    """Write the passages of `version`'s frozen HTML; return how many (0 if its file fails its check)."""
    try:
        html = frozen_bytes(version, "html").decode("utf-8")
    except TamperedFile:
        return 0
    rows = [
        SearchPassage(version=version, position=position, anchor=anchor[:120], heading=heading, text=text)
        for position, (anchor, heading, text) in enumerate(passages_of(html))
    ]
    try:
        with transaction.atomic():
            SearchPassage.objects.bulk_create(rows, batch_size=1000)
    except IntegrityError:  # another request indexed it meanwhile
        return 0
    return len(rows)


def index_missing():
    """Index every current version that has no passages yet; return how many versions were indexed."""
    missing = current_versions().filter(~Exists(SearchPassage.objects.filter(version=OuterRef("pk"))))
    count = 0
    for version in missing:
        index_version(version)
        count += 1
    return count


def search_passages(text, *, year=None):
    """Return the passages of current versions containing `text` (any case), in disclosure order."""
    passages = SearchPassage.objects.filter(version__in=current_versions(), text__icontains=text)
    if year is not None:
        passages = passages.filter(version__final_account__year=year)
    return passages.select_related("version__final_account__department__bureau").order_by(
        "-version__final_account__year",
        "version__final_account__department__bureau__name",
        "version__final_account__department__name",
        "position",
    )


def highlight(text, term):
    """Return a snippet of `text` around the first occurrence of `term`, every occurrence in <mark>."""
    lowered, needle = text.lower(), term.lower()
    at = lowered.find(needle)
    if at < 0:
        return escape(text[: 2 * SNIPPET])
    start, end = max(0, at - SNIPPET), min(len(text), at + len(term) + SNIPPET)
    window, lowered_window = text[start:end], lowered[start:end]
    parts, cursor = [], 0
    while (found := lowered_window.find(needle, cursor)) >= 0:
        parts.append(escape(window[cursor:found]))
        parts.append(format_html("<mark>{}</mark>", window[found : found + len(term)]))
        cursor = found + len(term)
    parts.append(escape(window[cursor:]))
    return mark_safe(("…" if start else "") + "".join(parts) + ("…" if end < len(text) else ""))


__all__ = ["highlight", "index_missing", "index_version", "passages_of", "search_passages"]
