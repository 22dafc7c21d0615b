"""The outline of a rendered disclosure: its headings, table of contents, sections and table headers.

Read with the standard library's HTML parser, so a test compares what a reader sees of the structure
(cover, parts, numbered sections, table titles, header cells, 行次 cells) without the figures.
"""

from html.parser import HTMLParser

# Elements whose text belongs to the outline; `td` only for the 行次 column (class "line").
TEXT_TAGS = {"h1", "h2", "h3", "h4", "h5", "a", "th"}
MARKED_CLASSES = {"cover-department", "cover-line", "cover-date", "empty-sentence", "line"}


class _OutlineParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.entries = []
        self._open = []  # [tag, label, [text pieces]] of the elements being read

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag == "section" and attributes.get("id"):
            self.entries.append(["section", attributes["id"], ""])
        if tag == "table":
            self.entries.append(["table", attributes.get("class", ""), ""])
        if tag == "tr":
            self.entries.append(["tr", "", ""])
        marked = classes & MARKED_CLASSES
        if tag in TEXT_TAGS or (tag in ("p", "td") and marked):
            label = attributes.get("id") or attributes.get("href") or " ".join(sorted(marked))
            self._open.append([tag, label, []])

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            element_tag, label, pieces = self._open.pop()
            self.entries.append([element_tag, label, "".join(pieces).strip()])

    def handle_data(self, data):
        if self._open:
            self._open[-1][2].append(data)


def outline_of(html):
    """Return the outline of `html` as a list of [tag, id/href/class, text]."""
    parser = _OutlineParser()
    parser.feed(html)
    parser.close()
    return parser.entries


def texts_of(html, tag):
    """Return the texts of every `tag` element of the outline, in document order."""
    return [text for element_tag, _label, text in outline_of(html) if element_tag == tag]
