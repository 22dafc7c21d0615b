"""Reading a disclosure PDF (its text layer) into the same SheetGrids an .xlsx workbook gives.

One grid per printed table: the lines printed above it on its page (the title, the 部门 and 单位 lines)
as its first rows, then its header and body rows, each cell in its column, so that the as-printed
import's format-driven recognising and parsing read it unchanged. `SheetGrid.pages` records the page of
each row. Read with pdfplumber (over pdfminer.six): its table finder reads ruled grids by their lines
and gives merged cells as one cell (the text in the first, as openpyxl gives a merged range); tables
printed without rules are read from word positions (`unruled`). What lies outside the tables after
the 情况说明 part heading is kept as printed texts, section by section (`PrintedText`).

Layout details read here, not by the parsers:
- a name wrapped over two lines inside a cell is one name (“其他人力资源和社会保障管理事务” “支出”);
- letter-spaced names are closed up (“收 入” → “收入”): blanks between two CJK characters are dropped;
- a table continued over pages is joined to the table whose title came before, its repeated header
  rows dropped;
- amounts printed on the line above their label (unruled tables) are moved to the label's row.

A PDF is untrusted like a workbook: its size and page count are bounded before it is parsed, and
reading stops with a WorkbookError past MAX_READ_SECONDS or past a page holding too many characters.
"""

import io
import re
import statistics
import time
from dataclasses import dataclass, field

from ..inputs import refused_character
from .reading import MAX_CELL_CHARACTERS, SheetGrid, WorkbookError
from .results import PrintedText, Problem

PDF_MAGIC = b"%PDF"
MAX_PDF_BYTES = 20 * 1024 * 1024
# A disclosure is 20 to 60 pages; a district's longest with self-evaluations about 150.
MAX_PAGES = 300
# A 42-page disclosure reads in about 5 seconds on one idle core; a loaded shared machine takes ten
# times as long. Past this, reading stops (checked after each page).
MAX_READ_SECONDS = 180
# A dense table page holds about 2,000 characters; a page beyond this is no disclosure's.
MAX_PAGE_CHARACTERS = 40_000
MAX_PAGE_OBJECTS = 60_000

RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 2}
CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
CJK_GAP = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")
# Lines above a table that belong to the page, not the table: a page number, a part heading.
PAGE_NUMBER = re.compile(r"^[-—\s]*[0-9]+[-—\s]*$")
PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
TOC_LINE = re.compile(r"(?:\.{4,}|…{2,}|·{4,})\s*[0-9]*$")
SECTION_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])\S")
# A table title stands alone on its line and names a 表 (“…决算表”, “…（表1）”).
TITLE_LINE = re.compile(r"(?:表|表\s*[0-9一二三四五六七八九十]+\s*[)）]?)$")
NARRATIVE_PART = re.compile(r"情况说明")
CAPTION = re.compile(r"^(?:图|表)\s*[0-9]+\s*[：:]")
GLOSSARY_PART = re.compile(r"名词解释|附件")
MAX_LINES_ABOVE = 6
TEXT_SIZE_SHARE = 0.92  # text smaller than this share of the body's size is a chart label or caption


@dataclass
class PdfDocument:
    """What a disclosure PDF gives: its tables as grids, its printed texts, the cover's year and
    department, and problems met while reading (each naming its page)."""

    grids: list = field(default_factory=list)
    texts: list = field(default_factory=list)  # PrintedText
    year: int | None = None
    department: str = ""
    pages: int = 0
    problems: list = field(default_factory=list)  # str


def is_pdf(data):
    return data[:1024].lstrip().startswith(PDF_MAGIC)


def clean_text(text):
    """Return a cell's text as one line: wrapped lines joined, letter spacing closed up."""
    if text is None:
        return None
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    if not lines:
        return None
    joined = lines[0]
    for line in lines[1:]:
        if re.search(rf"[{CJK}]$", joined) or re.match(rf"^[{CJK}]", line):
            joined += line
        else:
            joined += " " + line
    joined = CJK_GAP.sub("", joined).strip()
    if len(joined) > MAX_CELL_CHARACTERS:
        joined = joined[:MAX_CELL_CHARACTERS]
    character = refused_character(joined)
    if character is not None:
        joined = joined.replace(character, "")
    return joined or None


def read_pdf(data, *, deadline_seconds=MAX_READ_SECONDS):
    """Return the PdfDocument of the PDF `data` (bytes), or raise WorkbookError saying why, in Chinese."""
    import pdfplumber  # imported here: only PDF uploads need it
    from pdfminer.pdfparser import PDFSyntaxError

    if len(data) > MAX_PDF_BYTES:
        raise WorkbookError(
            f"PDF 文件大小 {len(data) / 1024 / 1024:.1f} MB 超过上限 {MAX_PDF_BYTES // 1024 // 1024} MB。"
        )
    if not is_pdf(data):
        raise WorkbookError("文件不是 PDF。")
    deadline = time.monotonic() + deadline_seconds
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, Exception) as error:  # pdfminer raises many kinds on a broken file
        raise WorkbookError(f"PDF 文件已损坏或已加密，无法读取（{type(error).__name__}）。") from None
    try:
        try:
            count = len(pdf.pages)
        except Exception as error:
            raise WorkbookError(f"PDF 文件已损坏，无法读取页面（{type(error).__name__}）。") from None
        if count > MAX_PAGES:
            raise WorkbookError(f"PDF 有 {count} 页，超过上限 {MAX_PAGES} 页，不像是一份部门决算。")
        reader = DocumentReader(count)
        for number, page in enumerate(pdf.pages, start=1):
            if time.monotonic() > deadline:
                raise WorkbookError(
                    f"读取 PDF 超过 {deadline_seconds} 秒（读到第 {number} 页），文件过于复杂，已拒绝。"
                )
            try:
                reader.read_page(page, number)
            except WorkbookError:
                raise
            except Exception as error:
                reader.document.problems.append(
                    f"第 {number} 页无法读取（{type(error).__name__}），其中的表格和文字未导入。"
                )
            finally:
                page.close()
        if not reader.document.grids and not reader.lines:
            raise WorkbookError("PDF 没有可读取的文字层（可能是扫描件），无法导入。")
        return reader.finish()
    finally:
        pdf.close()


@dataclass
class Line:
    page: int
    top: float
    x0: float
    size: float
    text: str
    chunks: list  # [(x0, text)] split at wide gaps
    words: list = field(default_factory=list)  # pdfplumber's words, left to right


class DocumentReader:
    def __init__(self, pages):
        self.document = PdfDocument(pages=pages)
        self.lines = []  # text lines outside tables, in reading order
        self.current = None  # the grid the last table went into, and its header rows
        self.last_table_page = None

    def read_page(self, page, number):
        chars = page.chars
        if (
            len(chars) > MAX_PAGE_CHARACTERS
            or len(page.objects.get("curve", []))
            + len(page.objects.get("line", []))
            + len(page.objects.get("rect", []))
            > MAX_PAGE_OBJECTS
        ):
            raise WorkbookError(
                f"PDF 第 {number} 页的内容过多（{len(chars)} 个字符），不像是决算表，已拒绝。"
            )
        tables = sorted(page.find_tables(RULED), key=lambda t: t.bbox[1])
        tables = [t for t in tables if len(t.rows) >= 2 and len(t.columns) >= 2]
        lines = page_lines(page, [t.bbox for t in tables], number)
        if not tables:
            continuing = self.current is not None and self.last_table_page == number - 1
            unruled = read_unruled(lines, number, continuing=continuing)
            if unruled is not None:
                lines, above, rows = unruled
                self.add_table(above, rows, number)
                self.last_table_page = number
            self.lines.extend(lines)
            return
        previous_bottom = 0
        for table in tables:
            top = table.bbox[1]
            above = [line for line in lines if previous_bottom <= line.top < top]
            rows = [[clean_text(cell) for cell in row] for row in table.extract()]
            self.add_table(above, rows, number)
            previous_bottom = table.bbox[3]
        self.last_table_page = number
        self.lines.extend(lines)

    def add_table(self, above, rows, page):
        """Start a grid for a table with a title above it, or continue the last one."""
        heading = [
            line for line in above if not PAGE_NUMBER.match(line.text) and not PART_HEADING.match(line.text)
        ]
        heading = heading[-MAX_LINES_ABOVE:]
        has_title = any(TITLE_LINE.search(line.text.replace(" ", "")) for line in heading)
        width = max((len(row) for row in rows), default=0)
        if not has_title and self.current is not None:
            grid, header, current_width = self.current
            last_page = max(grid.pages.values(), default=0)
            if width == current_width and page - last_page in (0, 1):
                # The rest of the table whose title came before: its repeated header rows dropped.
                repeated = {tuple(trimmed(cells)) for cells in header}
                while rows and tuple(trimmed(rows[0])) in repeated:
                    rows = rows[1:]
                append_rows(grid, rows, page)
                return
        grid = SheetGrid(name=f"第{page}页")
        for line in heading:
            row = grid.max_row + 1
            for column, (_x, text) in enumerate(line.chunks, start=1):
                grid.cells[(row, column)] = text
            grid.max_row = row
            grid.pages[row] = page
        first_table_row = grid.max_row + 1
        append_rows(grid, rows, page)
        header = [grid_row(grid, r) for r in range(first_table_row, first_table_row + header_rows(rows))]
        self.current = (grid, header, width)
        self.document.grids.append(grid)

    def finish(self):
        self.document.texts = printed_texts(self.lines)
        self.document.year, self.document.department = cover(self.lines, self.document.grids)
        return self.document


def trimmed(cells):
    cells = list(cells)
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def grid_row(grid, row):
    width = max((c for (r, c) in grid.cells if r == row), default=0)
    return [grid.cells.get((row, c)) for c in range(1, width + 1)]


def header_rows(rows):
    """The number of header rows at the top of a table: those above its first row holding a figure."""
    for index, row in enumerate(rows):
        if any(cell and re.fullmatch(r"-?[0-9,]*\.[0-9]+|[0-9]{3,7}", cell) for cell in row):
            return index
    return len(rows)


def append_rows(grid, rows, page):
    for cells in rows:
        row = grid.max_row + 1
        trimmed = list(cells)
        while trimmed and trimmed[-1] is None:
            trimmed.pop()
        if not any(trimmed):
            continue
        for column, value in enumerate(trimmed, start=1):
            if value:
                grid.cells[(row, column)] = value
        grid.max_row = row
        grid.pages[row] = page


def page_lines(page, boxes, number, *, gap=None):
    """Return the text Lines of `page` outside the table `boxes`, top to bottom."""

    def outside(obj):
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    words = page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj)).extract_words(
        keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"], x_tolerance=1
    )
    return words_to_lines(words, number)


def words_to_lines(words, number):
    """Group words into Lines (by their top), each split into chunks at gaps wider than two characters."""
    lines, current = [], []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if current and abs(word["top"] - current[0]["top"]) > max(2.0, current[0]["size"] * 0.3):
            lines.append(current)
            current = []
        current.append(word)
    if current:
        lines.append(current)
    result = []
    for words_of_line in lines:
        words_of_line.sort(key=lambda w: w["x0"])
        size = max(w["size"] for w in words_of_line)
        chunks, chunk, last_x1 = [], [], None
        for word in words_of_line:
            if last_x1 is not None and word["x0"] - last_x1 > 2 * word["size"]:
                chunks.append(chunk)
                chunk = []
            chunk.append(word)
            last_x1 = word["x1"]
        chunks.append(chunk)
        texts = [(c[0]["x0"], clean_text(" ".join(w["text"] for w in c))) for c in chunks]
        texts = [(x, t) for x, t in texts if t]
        if not texts:
            continue
        result.append(
            Line(
                page=number,
                top=min(w["top"] for w in words_of_line),
                x0=words_of_line[0]["x0"],
                size=size,
                text=clean_text(" ".join(t for _x, t in texts)),
                chunks=texts,
                words=words_of_line,
            )
        )
    return result


AMOUNT_WORD = re.compile(r"^-?[0-9][0-9,]*(?:\.[0-9]+)?$|^-?\.[0-9]+$")
CODE_WORD = re.compile(r"^[0-9]{3}$|^[0-9]{5}$|^[0-9]{7}$")
NOTE_LINE = re.compile(r"^(?:注|说明)\s*[:：0-9１-９]")
UNIT_LINE = re.compile(r"单位\s*[:：]\s*(?:万元|元)")
MIN_BODY_LINES = 2


def is_body_line(line):
    """A line of figures: two words or more, one of them an amount or a subject code."""
    return len(line.words) >= 2 and any(
        AMOUNT_WORD.match(w["text"]) or CODE_WORD.match(w["text"]) for w in line.words
    )


def read_unruled(lines, number, *, continuing=False):
    """Read a table printed without rules from word positions; return (lines left, lines above, rows) or None.

    The table starts under its title and unit lines and ends at its notes (“注：”). Its columns are the
    runs of x between the white gaps that cross every line of figures (a right-aligned amount and a
    left-aligned name beside it are kept apart by such a gap even when one space separates them); a
    header word spanning several columns (a merged, centred heading) is placed in the first column of the
    span it is centred over. With `continuing`, a page whose lines start with figures (no title) is the
    rest of the last table.
    """
    content = [line for line in lines if not PAGE_NUMBER.match(line.text)]
    title_index = next(
        (
            i
            for i, line in enumerate(content[: MAX_LINES_ABOVE + 2])
            if TITLE_LINE.search(line.text.replace(" ", ""))
        ),
        None,
    )
    if title_index is None:
        if not continuing or not any(is_body_line(line) for line in content[:3]):
            return None
        start = 0
    else:
        start = title_index + 1
        while (
            start < len(content)
            and UNIT_LINE.search(content[start].text.replace(" ", ""))
            or (
                start < len(content)
                and content[start].text.replace(" ", "").startswith(("部门", "单位名称", "编制单位"))
            )
        ):
            start += 1
    end = next((i for i in range(start, len(content)) if NOTE_LINE.match(content[i].text)), len(content))
    table = content[start:end]
    body = [line for line in table if is_body_line(line)]
    if len(body) < MIN_BODY_LINES and title_index is None:
        return None
    if not table:
        return None
    if body:
        # On a page continuing a table, lines before the first line of figures are the start of a
        # row (a wrapped name), not headers.
        first_body = table.index(body[0]) if title_index is not None else 0
        columns = column_edges(body, table[: table.index(body[0])] if title_index is not None else [])
    else:
        # Nothing printed under the headers: the columns are where the widest header line's words stand.
        first_body = len(table)
        widest = max(table, key=lambda line: len(line.words))
        columns = column_edges([], [line for line in table if line is not widest] + [widest])
    rows = []
    for index, line in enumerate(table):
        cells = [None] * len(columns)
        for word in letter_spaced(line.words) if index < first_body else line.words:
            if index < first_body:
                column = spanned_column(word, columns)
            else:
                column = column_of(word, columns)
            cells[column] = word["text"] if cells[column] is None else cells[column] + " " + word["text"]
        rows.append([clean_text(c) for c in cells])
    rows = merge_split_rows(rows, first_body)
    above = content[:start] if title_index is not None else []
    left = content[end:]
    return left, above, rows


def column_edges(body, header_lines=()):
    """Return [(left, right)] of the columns the white gaps through every line of `body` leave.

    Header lines are then read from the lowest up. A header word standing clear of every column is
    the header of the column of figures to its right when nothing else on its line starts before that
    column ends (a header aligned left or centred over short amounts aligned right); otherwise it heads
    a column of its own (one printed empty in every body line).
    """
    columns = merged_intervals(sorted((w["x0"], w["x1"]) for line in body for w in line.words))
    figures = set(columns)
    for line in reversed(header_lines):
        words = sorted(letter_spaced(line.words), key=lambda w: w["x0"])
        for position, word in enumerate(words):
            if any(word["x0"] < x1 and word["x1"] > x0 for x0, x1 in columns):
                continue
            right = next((i for i, (x0, _x1) in enumerate(columns) if x0 >= word["x1"]), None)
            later = words[position + 1 :]
            if (
                right is not None
                and columns[right] in figures
                and not any(w["x0"] < columns[right][1] for w in later)
            ):
                figures.discard(columns[right])
                columns[right] = (word["x0"], columns[right][1])
                figures.add(columns[right])
            else:
                columns = merged_intervals(sorted([*columns, (word["x0"], word["x1"])]))
    return columns


def letter_spaced(words):
    """Join the words of a letter-spaced name (“因 公 出 国 （ 境 ） 费 用”): runs of single characters
    less than two characters apart."""
    joined = []
    for word in sorted(words, key=lambda w: w["x0"]):
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and len(word["text"]) == 1
            and (len(previous["text"]) == 1 or previous.get("spaced"))
            and word["x0"] - previous["x1"] < 2 * word["size"]
        ):
            joined[-1] = {
                **previous,
                "text": previous["text"] + word["text"],
                "x1": word["x1"],
                "spaced": True,
            }
        else:
            joined.append(dict(word))
    return joined


def merged_intervals(intervals):
    merged = []
    for x0, x1 in intervals:
        if merged and x0 <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], x1))
        else:
            merged.append((x0, x1))
    return merged


def column_of(word, columns):
    """The column a word of a body line stands in: the one its centre is in, or the nearest."""
    centre = (word["x0"] + word["x1"]) / 2
    return min(
        range(len(columns)),
        key=lambda i: (
            0
            if columns[i][0] <= centre <= columns[i][1]
            else min(abs(centre - columns[i][0]), abs(centre - columns[i][1]))
        ),
    )


def spanned_column(word, columns):
    """The first column of the span a header word is centred over (itself when it spans one column)."""
    overlapped = [i for i, (x0, x1) in enumerate(columns) if word["x0"] < x1 and word["x1"] > x0]
    if len(overlapped) <= 1:
        return overlapped[0] if overlapped else column_of(word, columns)
    centre = (word["x0"] + word["x1"]) / 2
    first, last = overlapped[0], overlapped[-1]
    best = None
    for a in range(max(0, first - len(columns)), first + 1):
        for b in range(last, len(columns)):
            middle = (columns[a][0] + columns[b][1]) / 2
            score = (round(abs(middle - centre) / 4), b - a)
            if best is None or score < best[0]:
                best = (score, a)
    return best[1]


NUMBERED = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]|[0-9]+[、.．])")


def merge_split_rows(rows, first_body):
    """Join the lines of one printed row: amounts printed on the line above their label, and a name
    wrapped over two lines in a row with a subject code (its other part on a line of its own)."""

    def kinds(row):
        texts = {i for i, v in enumerate(row) if v and not AMOUNT_WORD.match(v) and not CODE_WORD.match(v)}
        amounts = {i for i, v in enumerate(row) if v and AMOUNT_WORD.match(v) and not CODE_WORD.match(v)}
        codes = {i for i, v in enumerate(row) if v and CODE_WORD.match(v)}
        return texts, amounts, codes

    def continues(row, columns):
        return all(not NUMBERED.match(row[i]) and row[i] not in ("合计", "总计") for i in columns)

    merged = rows[:first_body]
    body = rows[first_body:]
    index = 0
    while index < len(body):
        row = body[index]
        texts, amounts, codes = kinds(row)
        following = body[index + 1] if index + 1 < len(body) else None
        if following is not None:
            next_texts, next_amounts, next_codes = kinds(following)
            if amounts and not texts and not codes and next_texts and not next_amounts and not next_codes:
                body[index + 1] = [a or b for a, b in zip(row, following, strict=True)]
                index += 1
                continue
            if texts and not amounts and not codes:
                # A name wrapped over lines above the line of its code: join the run of its parts.
                end = index + 1
                while (
                    end < len(body)
                    and kinds(body[end]) == (texts, set(), set())
                    and continues(body[end], texts)
                ):
                    end += 1
                if end < len(body):
                    last_texts, _last_amounts, last_codes = kinds(body[end])
                    if last_codes and texts <= last_texts and continues(body[end], texts):
                        joined = body[end]
                        for part in reversed(body[index:end]):
                            joined = [
                                (a + b) if a and b else (a or b) for a, b in zip(part, joined, strict=True)
                            ]
                        body[end] = joined
                        index = end
                        continue
        previous = merged[-1] if len(merged) > first_body else None
        if previous is not None and texts and not amounts and not codes and continues(row, texts):
            previous_texts, _amounts, previous_codes = kinds(previous)
            if previous_codes and texts <= previous_texts:
                merged[-1] = [(a + b) if a and b else (a or b) for a, b in zip(previous, row, strict=True)]
                index += 1
                continue
        merged.append(row)
        index += 1
    return merged


def body_size(lines):
    sizes = [round(line.size, 1) for line in lines if len(line.text) > 20]
    return statistics.median(sizes) if sizes else None


def printed_texts(lines):
    """Return the PrintedTexts of the 情况说明 part and what follows it, section by section."""
    size = body_size(lines)
    texts, heading, page, paragraphs, started, left = [], None, None, [], False, None

    def close():
        if heading is not None and paragraphs:
            texts.append(PrintedText(heading=heading, text="\n".join(paragraphs), page=page))

    for line in lines:
        text = line.text
        if TOC_LINE.search(text) or PAGE_NUMBER.match(text) or CAPTION.match(text):
            continue
        if PART_HEADING.match(text):
            if started:
                close()
                heading, paragraphs = None, []
            if NARRATIVE_PART.search(text):
                started = True
            elif GLOSSARY_PART.search(text):
                started = started and False
            continue
        if not started:
            continue
        if size is not None and line.size < size * TEXT_SIZE_SHARE:
            continue  # a chart's labels, a figure's caption
        if SECTION_HEADING.match(text) and (size is None or line.size >= size) and len(text) <= 40:
            close()
            heading, page, paragraphs, left = text, line.page, [], None
            continue
        if heading is None:
            continue
        if left is None or line.x0 < left:
            left = line.x0
        if not paragraphs or line.x0 > left + line.size:
            paragraphs.append(text)
        else:
            paragraphs[-1] += text
    close()
    return texts


COVER_YEAR = re.compile(r"([0-9]{4})\s*年度")
DEPARTMENT_PREFIX = re.compile(r"^(?:部门|单位名称|编制单位)\s*[:：]\s*(.+)$")


def cover(lines, grids):
    """Return (year, department) of the document: the year its cover names, the department its tables'
    部门 lines name (or the cover's line naming a 局/委/办 …)."""
    year = None
    first_page = [line for line in lines if line.page == min((li.page for li in lines), default=1)]
    for line in first_page:
        match = COVER_YEAR.search(line.text.replace(" ", ""))
        if match:
            year = int(match.group(1))
            break
    departments = []
    for grid in grids:
        for value in grid.cells.values():
            if isinstance(value, str) and (match := DEPARTMENT_PREFIX.match(value)):
                departments.append(match.group(1).strip())
    if departments:
        return year, max(set(departments), key=departments.count)
    for line in first_page:
        text = line.text.replace(" ", "")
        if not COVER_YEAR.search(text) and re.search(r"(局|委员会|委|办公室|院|中心|厅|部|署)$", text):
            return year, text
    return year, ""


def one_problem(parsed, grid):
    """Return the problems of a table read from a PDF as one: what went wrong first, and on which pages.

    A table misread from a PDF (a column not found, figures off their columns) gives one problem per
    cell; from a PDF these cells are no address the user can look up, and a cascade hides the cause.
    """
    if not parsed.problems:
        return []
    first = parsed.problems[0]
    pages = sorted(set(grid.pages.values()))
    where = f"第 {pages[0]} 页" if len(pages) == 1 else f"第 {pages[0]}–{pages[-1]} 页"
    more = f"（另有 {len(parsed.problems) - 1} 处问题）" if len(parsed.problems) > 1 else ""
    return [
        Problem(
            f"表{parsed.number} {parsed.title}（PDF {where}）未能读取：{first.message}{more}",
            sheet=grid.name,
        )
    ]
