"""Search over the texts of published versions: narratives, table rows, headings.

Each current version's frozen HTML is cut once into passages (SearchPassage: a heading, paragraph,
list item or table row with the anchor of its place in the disclosure). A search is a
case-insensitive substring match over the passages of current versions: Chinese is not split into
words, and two-character terms such as 三公 must match, which neither PostgreSQL's word search nor a
trigram index (three characters at least) can do.

The index is a table of character pairs (SearchGram: every pair of adjacent characters of a passage,
with a btree over pair and passage). A term's pairs are looked up rarest first and intersected; only
the passages holding them all are checked for the whole term. Plain tables and a btree, so the same
index serves PostgreSQL and SQLite, with no extension to install (pg_bigm, which indexes pairs in a
GIN index, is not packaged by Debian). A term with no pair to look up (one character) falls back to
the substring scan. A version is cut into passages when it is published (a publication listener,
accounts.apps); versions published before the index existed are cut by
`manage.py index_published_texts`.
"""

import re
import zlib
from html.parser import HTMLParser

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ..models import SearchGram, SearchPassage
from .caching import forget_on_publication
from .frozen import TamperedFile, frozen_bytes
from .queries import current_versions

BLOCKS = {"p", "li", "dt", "dd", "tr", "h1", "h2", "h3", "h4", "h5", "caption", "figcaption"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5"}
CELLS = {"td", "th"}
SKIPPED = {"nav", "script", "style"}
SNIPPET = 40  # characters shown on either side of the first match
LOOKED_UP = 4  # pairs of a term looked up in the index (its rarest); the substring check does the rest
COUNTED = 2000  # postings counted per pair to find the rarest (beyond this, a pair is common anyway)
COUNTED_MATCHES = 300  # matches counted at most (ten pages): beyond, a search says “more than 300”
GRAM_COUNT_MAX_AGE = 3600
NUMBER = re.compile(r"(?<!\d)\d{3,}(?!\d)")
AMOUNT = re.compile(r"\d[\d,]*\.\d+")


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


def grams_of(text):
    """Return the set of index keys of `text`'s pairs of adjacent characters (lower-cased).

    A pair with a space in it is left out: passages and terms are cut at spaces differently, and the
    substring check sees them anyway. So are the digits of amounts (“10773.39”, “12.71%”): tables are
    mostly amounts, whose digit pairs would make every digit pair common and codes (30217) slow to
    find; an amount is still found, whole, by the substring scan. Each key packs the two characters'
    lower 16 bits, shifted into PostgreSQL's signed 32-bit integer.

    A number of three digits or more (a code, a year) also gets a key of its own (its CRC-32, in the
    same integers: a collision only adds candidates): codes share their digit pairs with one
    another, so a term with a number looks it up whole, and finds it as a whole number (30302 finds
    “30302 退休费”, not 2030302).
    """
    lowered = AMOUNT.sub(" ", text.lower())
    pairs = {
        ((ord(first) & 0xFFFF) << 16 | (ord(second) & 0xFFFF)) - 0x80000000
        for first, second in zip(lowered, lowered[1:], strict=False)
        if not first.isspace() and not second.isspace()
    }
    numbers = {zlib.crc32(number.encode()) - 0x80000000 for number in NUMBER.findall(lowered)}
    return pairs | numbers


def write_passages(version, passages):
    """Store `passages` [(anchor, heading, text)] of `version` and their pairs; return how many.

    They are written last first, so that their keys run backwards through the document: a search
    lists the newest keys first (the latest publications), and so each version in document order.
    """
    rows = [
        SearchPassage(version=version, position=position, anchor=anchor[:120], heading=heading, text=text)
        for position, (anchor, heading, text) in reversed(list(enumerate(passages)))
    ]
    try:
        with transaction.atomic():
            SearchPassage.objects.bulk_create(rows, batch_size=1000)  # sets their keys
            _write_grams((gram, row.pk) for row in rows for gram in grams_of(row.text))
    except IntegrityError:  # another request indexed it meanwhile
        return 0
    return len(rows)


def _write_grams(pairs):
    """Insert (gram, passage key) rows: with COPY on PostgreSQL (several times faster), else in bulk."""
    if connection.vendor == "postgresql":
        table = SearchGram._meta.db_table
        with connection.cursor() as cursor, cursor.connection.cursor() as raw:
            with raw.copy(f'COPY "{table}" (gram, passage_id) FROM STDIN') as copy:
                for pair in pairs:
                    copy.write_row(pair)
        return
    SearchGram.objects.bulk_create((SearchGram(gram=g, passage_id=p) for g, p in pairs), batch_size=5000)


def index_version(version):
    """Write the passages of `version`'s frozen HTML; return how many (0 if its file fails its check)."""
    try:
        html = frozen_bytes(version, "html").decode("utf-8")
    except TamperedFile:
        return 0
    return write_passages(version, passages_of(html))


def index_missing():
    """Index every current version that has no passages yet; return how many versions were indexed."""
    missing = current_versions().filter(~Exists(SearchPassage.objects.filter(version=OuterRef("pk"))))
    count = 0
    for version in missing:
        index_version(version)
        count += 1
    if count:
        forget_on_publication()  # search pages kept in the cache did not see these passages
    return count


def normalised(term):
    """Return `term` with its runs of white space made one space, as the passages store text."""
    return " ".join(term.split())


def rarest_grams(text):
    """Return up to LOOKED_UP of `text`'s pair keys, those with the fewest passages first.

    Each pair's postings are counted up to COUNTED, and the counts kept in the shared cache for
    GRAM_COUNT_MAX_AGE (how rare a pair is changes slowly, and only which pairs are looked up
    depends on it, never what is found).
    """
    grams = grams_of(text)
    if len(grams) <= 1:
        return sorted(grams)
    keys = {gram: f"juesuan:search:pair:{gram}" for gram in grams}
    known = cache.get_many(keys.values())
    counted = {gram: known[key] for gram, key in keys.items() if key in known}
    missing = {gram: SearchGram.objects.filter(gram=gram)[:COUNTED].count() for gram in grams - set(counted)}
    if missing:
        cache.set_many({keys[gram]: count for gram, count in missing.items()}, GRAM_COUNT_MAX_AGE)
    counted |= missing
    return sorted(grams, key=lambda gram: (counted[gram], gram))[:LOOKED_UP]


def candidate_keys(grams):
    """Return the keys of the passages holding every one of `grams`, the newest first (a query).

    Walks the rarest pair's postings backwards, each checked against the others' through the same
    (pair, passage) index: a merge of sorted lists, over the pair index alone.
    """
    first, *others = grams
    keys = SearchGram.objects.filter(gram=first)
    for gram in others:
        keys = keys.filter(Exists(SearchGram.objects.filter(gram=gram, passage=OuterRef("passage"))))
    return keys.order_by("-passage_id").values_list("passage_id", flat=True)


class Matches:
    """The passages of current versions containing a term (any case), newest first, for a Paginator.

    Candidates come from the pair index in chunks, newest first; each chunk is checked for the whole
    term and for being current by key. Counting stops past COUNTED_MATCHES, and a page reads only as
    far as it needs. A term with no pair to look up is matched by the substring scan alone.
    """

    def __init__(self, text, *, year=None):
        self.text = normalised(text)
        self.year = year
        self.grams = rarest_grams(self.text)
        self._found, self._candidates, self._exhausted = [], None, False

    def _passages(self):
        passages = SearchPassage.objects.filter(text__icontains=self.text, version__in=current_versions())
        if self.year is not None:
            passages = passages.filter(version__final_account__year=self.year)
        return passages

    def _fill(self, wanted):
        """Find matches until `wanted` are known or none is left."""
        if not self.grams:
            if not self._exhausted:
                self._found = list(self._passages().order_by("-pk").values_list("pk", flat=True)[:wanted])
                self._exhausted = len(self._found) < wanted
            return
        if self._candidates is None:
            self._candidates, self._offset, self._chunk = candidate_keys(self.grams), 0, 400
        while len(self._found) < wanted and not self._exhausted:
            chunk = list(self._candidates[self._offset : self._offset + self._chunk])
            self._offset += len(chunk)
            self._exhausted = len(chunk) < self._chunk
            if chunk:
                kept = set(self._passages().filter(pk__in=chunk).order_by().values_list("pk", flat=True))
                self._found += [key for key in chunk if key in kept]
            self._chunk = min(self._chunk * 4, 20000)

    def count(self):
        self._fill(COUNTED_MATCHES + 1)
        return min(len(self._found), COUNTED_MATCHES)

    @property
    def more(self):
        """Whether more passages match than were counted."""
        self._fill(COUNTED_MATCHES + 1)
        return len(self._found) > COUNTED_MATCHES

    def __len__(self):
        return self.count()

    def keys(self, window):
        """The keys of the matches in `window` (a slice)."""
        self._fill(window.stop)
        return self._found[window]

    def __getitem__(self, window):
        wanted = self.keys(window)
        found = (
            SearchPassage.objects.filter(pk__in=wanted)
            .select_related("version__final_account__department__bureau")
            .order_by()
        )
        by_key = {passage.pk: passage for passage in found}
        return [by_key[key] for key in wanted]


def matching_keys(text, *, year=None):
    """Return the keys of the matches of `text` (at most COUNTED_MATCHES + 1), newest first."""
    return Matches(text, year=year).keys(slice(0, COUNTED_MATCHES + 1))


def search_passages(text, *, year=None):
    """Return the Matches of `text` in the current versions' passages: the latest publications first,
    each in document order."""
    return Matches(text, year=year)


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


__all__ = [
    "grams_of",
    "highlight",
    "index_missing",
    "index_version",
    "normalised",
    "passages_of",
    "rarest_grams",
    "candidate_keys",
    "matching_keys",
    "Matches",
    "search_passages",
    "write_passages",
]
