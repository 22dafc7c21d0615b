"""The working copy as a live workbook: detail cells are inputs, every figure built from them a formula.

Which cells follow from which is not written down twice: the statements are built once more over
facts in which each stored figure is a distinct power of a large base, so that every cell's value,
read digit by digit, gives the figures (and how many times each) it adds up. A cell that shows one
stored figure, the first time it appears, is that figure's input cell; any other cell is a formula over
the cells whose figures it adds, preferring the largest ones on its own sheet (a 类 row sums its 款
rows, 合计 its 类 rows), then the input cells on other sheets (表1's lines read 表2 … 表9). Each
formula carries its computed value (`cache_formula_values`), so the file reads correctly in any
program before it recalculates.

A hidden sheet (`SHEET_NAME`) names the final account, the export time and every formula cell: the
importer (`recognise_working_copy`) reads a working copy's input cells and leaves its formula cells to
the statements, which compute them from the inputs again. A formula anywhere else is still refused.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext

from openpyxl.styles import PatternFill
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from ..addresses import SUBJECT_KINDS, Address, column_keys_of
from ..choices import ExpenditureKind, Fund, IncomeSource, OfficialExpenseItem
from ..models import FinalAccount
from ..statements import build_statements
from ..statements.printed import facts_marked, is_printed, with_figures
from .reading import coordinate

SHEET_NAME = "_决算工作底稿"
MARKER = "juesuan 工作底稿"
BASE = 1000  # a figure may appear up to 499 times, with either sign, in one cell
HALF = BASE // 2
INPUT_FILL = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")
FORMULA_FILL = PatternFill(fill_type="solid", start_color="EDEDED", end_color="EDEDED")
# Zero shown blank, as the tables print it, for computed cells too.
FORMULA_FORMAT = "#,##0.00;-#,##0.00;"
CHUNK = 150  # coordinates per hidden-sheet cell: under the 2,000 characters the importer reads


@dataclass
class Layout:
    """Formula and input cells of a working copy: {sheet name: {(row, column): …}}."""

    formulas: dict = field(default_factory=dict)  # → (formula text without "=", cached value)
    inputs: dict = field(default_factory=dict)  # → set of (row, column)


def fact_addresses(facts):
    """Return the Address of every stored figure in `facts`, in a fixed order."""
    addresses = [Address("income", key) for key in facts.income]
    addresses += [Address("expenditure", key) for key in facts.expenditure]
    for fund, code in facts.balances:
        addresses += [
            Address("balance", (fund, code, "opening")),
            Address("balance", (fund, code, "closing")),
        ]
    addresses += [Address("detail", (code,)) for code in facts.basic_detail]
    for item in facts.official_expenses:
        addresses += [Address("official", (item, "budget")), Address("official", (item, "actual"))]
    addresses += [Address("stated", (key,)) for key in facts.stated_figures]
    return addresses


def encoded_facts(facts, weights):
    """Return `facts` with each stored figure replaced by its weight ({Address: Decimal})."""

    def weight(area, *parts):
        return weights[Address(area, parts)]

    return replace(
        facts,
        income={key: weight("income", *key) for key in facts.income},
        expenditure={key: weight("expenditure", *key) for key in facts.expenditure},
        balances={
            (f, c): (weight("balance", f, c, "opening"), weight("balance", f, c, "closing"))
            for f, c in facts.balances
        },
        basic_detail={c: weight("detail", c) for c in facts.basic_detail},
        official_expenses={
            i: (weight("official", i, "budget"), weight("official", i, "actual"))
            for i in facts.official_expenses
        },
        stated_figures={k: weight("stated", k) for k in facts.stated_figures},
        printed_cells=[],
    )


def decode(value, count):
    """Return {figure index: coefficient} of a cell's value over the encoded facts, or None if it is not
    a whole combination of them (a cell that is no sum of figures)."""
    if value is None:
        return {}
    number = int(value)
    if number != value:
        return None
    terms = {}
    index = 0
    while number and index <= count:
        digit = number % BASE
        if digit > HALF:
            digit -= BASE
        if digit:
            terms[index] = digit
        number = (number - digit) // BASE
        index += 1
    return None if number else terms


def cell_positions(statement, first_row):
    """Yield (cell, (row, column)) of each amount cell as the working copy lays the statement out."""
    for offset, row in enumerate(statement.rows):
        column = 5 if statement.kind in SUBJECT_KINDS else 1
        for cell in row.cells:
            if statement.kind in SUBJECT_KINDS:
                if cell.is_amount:
                    yield cell, (first_row + offset, column)
                    column += 1
            else:
                if cell.is_amount:
                    yield cell, (first_row + offset, column)
                column += cell.colspan


def first_body_row(statement):
    header_rows = 3 if statement.kind in SUBJECT_KINDS else len(statement.header_rows)
    return 3 + header_rows


def working_formulas(facts, statements):
    """Return the Layout of the working copy of `statements` (built from `facts`)."""
    column_keys = column_keys_of(facts.tables)
    shown = {}
    for statement in statements.values():
        for cell in statement.amount_cells():
            behind = statement.address(cell).behind(column_keys)
            if behind is not None and behind.is_fact:
                shown.setdefault(behind, None)
    # Every figure an item could hold, zero or not: a cell showing only some of them today (表3's 基本支出
    # when only appropriations are spent) must not be taken for a cell showing those alone.
    codes = {key[0] for key in facts.income} | {key[0] for key in facts.expenditure}
    for code in codes:
        shown.update({Address("income", (code, source)): None for source in IncomeSource.values})
        shown.update(
            {
                Address("expenditure", (code, fund, kind)): None
                for fund in Fund.values
                for kind in ExpenditureKind.values
            }
        )
    shown.update(
        {
            Address("official", (item, half)): None
            for item in OfficialExpenseItem.values
            for half in ("budget", "actual")
        }
    )
    facts = with_figures(facts, shown)
    addresses = fact_addresses(facts)
    with localcontext() as context:
        context.prec = 3 * len(addresses) + 40
        weights = {address: Decimal(BASE) ** i for i, address in enumerate(addresses)}
        encoded = build_statements(encoded_facts(facts, weights), printed=False)
        derived = build_statements(facts, printed=False)
        terms_of = {}
        for statement in encoded.values():
            for address, cell in statement.cells_by_address().items():
                terms_of[address] = decode(cell.value, len(addresses))
    layout = Layout()
    places = []  # Place of every amount cell that adds up figures
    for number, (kind, statement) in enumerate(statements.items()):
        derived_cells = derived[kind].cells_by_address() if kind in derived else {}
        sheet = statement.label
        layout.inputs[sheet] = set()
        item_rows = {
            first_body_row(statement) + offset
            for offset, row in enumerate(statement.rows)
            if kind in SUBJECT_KINDS and row.kind == "item"
        }
        for cell, place in cell_positions(statement, first_body_row(statement)):
            layout.inputs[sheet].add(place)
            address = statement.address(cell)
            terms = terms_of.get(address)
            derived_cell = derived_cells.get(address)
            if not terms or derived_cell is None:
                continue  # no figure beneath, or a row printed beyond what the facts give
            if is_printed(cell) and cell.value != derived_cell.value:
                continue  # a printed total that differs by rounding: the department's figure, kept
            places.append(Place(sheet, number, place, terms, derived_cell.value, place[0] in item_rows))
    for target in places:
        text = formula_over(target, places)
        if text is not None:
            layout.formulas.setdefault(target.sheet, {})[target.place] = (text, target.value)
            layout.inputs[target.sheet].discard(target.place)
    return layout


@dataclass(frozen=True)
class Place:
    """An amount cell of the working copy and the figures it adds up."""

    sheet: str
    number: int  # the sheet's position
    place: tuple  # (row, column)
    terms: dict  # {figure index: coefficient}
    value: Decimal
    in_item_row: bool  # a 项 row of a subject table: the figures the importer infers the facts from


def may_use(target, other):
    """Whether `target`'s formula may read `other`: a cell adding fewer figures, or as many on a later
    sheet (表1 reads 表3's totals), so formulas never refer to themselves, however indirectly."""
    if other.place == target.place and other.sheet == target.sheet:
        return False
    if len(other.terms) != len(target.terms):
        return len(other.terms) < len(target.terms)
    return other.number > target.number


def formula_over(target, places):
    """Return the formula (without “=”) adding up `target`'s figures from other cells, or None.

    Cells on the same row come first, then the same column, the same sheet, other sheets; largest first. A 项 row's cell is a formula
    only over its own sheet (an item's total over its columns): the importer infers the facts from the
    项 rows, so their cells that other tables cannot give stay inputs.
    """
    remaining = dict(target.terms)
    parts = []
    candidates = sorted(
        (
            other
            for other in places
            if may_use(target, other) and (other.sheet == target.sheet or not target.in_item_row)
        ),
        key=lambda other: (
            other.sheet != target.sheet,
            other.place[0] != target.place[0],  # its own row first (a total over its columns)
            other.place[1] != target.place[1],  # then its own column (a 类 over its 款 rows)
            -len(other.terms),
            other.number,
            other.place,
        ),
    )
    for other in candidates:
        if all(remaining.get(i) == c for i, c in other.terms.items()):
            parts.append(other)
            for i in other.terms:
                del remaining[i]
            if not remaining:
                break
    if remaining:
        return None
    references = []
    for other in parts:
        reference = coordinate(*other.place)
        references.append(reference if other.sheet == target.sheet else f"'{other.sheet}'!{reference}")
    return "+".join(references)


def apply_layout(worksheet, layout):
    """Write the sheet's formulas and style its input and formula cells."""
    for row, column in layout.inputs.get(worksheet.title, ()):
        worksheet.cell(row=row, column=column).fill = INPUT_FILL
    for (row, column), (text, _value) in layout.formulas.get(worksheet.title, {}).items():
        cell = worksheet.cell(row=row, column=column, value=f"={text}")
        cell.fill = FORMULA_FILL
        cell.number_format = FORMULA_FORMAT


def add_working_copy_sheet(workbook, final_account, layout, *, exported_at):
    """Add the hidden sheet naming the final account, the export time and every formula cell."""
    worksheet = workbook.create_sheet(SHEET_NAME)
    worksheet.sheet_state = "hidden"
    rows = [
        (MARKER,),
        ("决算", str(final_account.pk)),
        ("部门", final_account.department.name),
        ("年度", str(final_account.year)),
        ("导出时间", exported_at.isoformat(timespec="seconds")),
        # Where the account's figures came from: a copy of figures from 万元 tables keeps them so.
        ("来源", final_account.provenance),
    ]
    for sheet, formulas in layout.formulas.items():
        coordinates = [coordinate(r, c) for r, c in sorted(formulas)]
        for start in range(0, len(coordinates), CHUNK):
            rows.append(("公式", sheet, ",".join(coordinates[start : start + CHUNK])))
    for row in rows:
        worksheet.append(list(row))


def cache_formula_values(data, layout):
    """Return the saved workbook `data` with each formula's computed value cached in the file."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', source.read("xl/workbook.xml").decode())
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if match and int(match.group(1)) <= len(names):
                formulas = layout.formulas.get(names[int(match.group(1)) - 1], {})
                content = cached(content.decode(), formulas).encode()
            target.writestr(item, content)
    return output.getvalue()


def cached(xml, formulas):
    values = {coordinate(r, c): value for (r, c), (_text, value) in formulas.items()}

    def fill(match):
        value = values.get(match.group(2))
        return f"{match.group(1)}<v>{value if value is not None else 0}</v>"

    return re.sub(r'(<c r="([A-Z]+\d+)"[^>]*><f>[^<]*</f>)<v\s*/>', fill, xml)


@dataclass
class WorkingCopy:
    """What a working copy's hidden sheet says: the final account it was exported from, and when."""

    final_account_id: str
    department: str
    year: str
    exported_at: str
    formula_cells: dict  # {sheet name: set of coordinates}
    provenance: str = ""  # the account's FinalAccount.Provenance when exported ("" in older copies)


def read_working_copy(grid):
    """Return the WorkingCopy a hidden sheet's grid describes, or None when it is not one."""
    if grid.name != SHEET_NAME or grid.value(1, 1) != MARKER:
        return None
    fields = {}
    formula_cells = {}
    for _row, cells in grid.rows().items():
        label = cells.get(1)
        if label == "公式" and isinstance(cells.get(2), str) and isinstance(cells.get(3), str):
            formula_cells.setdefault(cells[2], set()).update(cells[3].split(","))
        elif isinstance(label, str):
            fields[label] = str(cells.get(2, ""))
    return WorkingCopy(
        final_account_id=fields.get("决算", ""),
        department=fields.get("部门", ""),
        year=fields.get("年度", ""),
        exported_at=fields.get("导出时间", ""),
        formula_cells=formula_cells,
        provenance=fields.get("来源", ""),
    )


def recognise_working_copy(grids):
    """Return (grids without the hidden sheet, WorkingCopy or None).

    In a working copy, each formula the export wrote is computed here from the cells it reads, as Excel
    computes it, and stands in the grid as the figure it gives: totals then agree with the details
    whatever program last saved the file, and no cached result is ever read. A formula in any other
    cell, an input cell included, stays in the grid's formulas and is refused like any formula.
    """
    working = None
    kept = []
    for grid in grids:
        found = read_working_copy(grid)
        if found is not None and working is None:
            working = found
        elif grid.name != SHEET_NAME:
            kept.append(grid)
    if working is None:
        return kept, None
    by_name = {grid.name: grid for grid in kept}
    pending = {}
    for grid in kept:
        allowed = working.formula_cells.get(grid.name, set())
        pending.update({(grid.name, cell): text for cell, text in grid.formulas if cell in allowed})
        grid.formulas = [(cell, text) for cell, text in grid.formulas if cell not in allowed]
    values = {}
    for key in pending:
        value = evaluate(key, pending, by_name, values, ())
        if isinstance(value, str):
            grid = by_name[key[0]]
            grid.formulas.append((key[1], f"{pending[key]}：{value}"))
        elif value:
            column, row = coordinate_from_string(key[1])
            grid = by_name[key[0]]
            grid.cells[(row, column_index_from_string(column))] = value
            grid.max_row = max(grid.max_row, row)
    return kept, working


REFERENCE = re.compile(r"([+-])?(?:'([^']+)'!)?\$?([A-Z]{1,3})\$?(\d+)")


def evaluate(key, pending, grids, values, seen):
    """Return the Decimal a working copy's formula gives, or a text saying why it cannot be computed.

    The export writes sums of cell references (“E8+E12+'表3'!F9”); a formula edited into anything else
    is not computed but refused.
    """
    if key in values:
        return values[key]
    if key in seen:
        return "公式循环引用"
    text = pending[key].lstrip("=").replace(" ", "")
    position, total = 0, Decimal(0)
    for match in REFERENCE.finditer(text):
        if match.start() != position or (position and not match.group(1)):
            values[key] = "公式不是单元格之和，无法按工作底稿计算"
            return values[key]
        position = match.end()
        sheet = match.group(2) or key[0]
        cell = f"{match.group(3)}{match.group(4)}"
        if sheet not in grids:
            values[key] = f"引用的工作表“{sheet}”不存在"
            return values[key]
        if (sheet, cell) in pending:
            value = evaluate((sheet, cell), pending, grids, values, (*seen, key))
            if isinstance(value, str):
                values[key] = value
                return value
        else:
            value = grids[sheet].value(int(match.group(4)), column_index_from_string(match.group(3)))
            if value is None:
                value = Decimal(0)
            if not isinstance(value, (int, Decimal)):
                values[key] = f"引用的单元格 {sheet}!{cell} 不是数值"
                return values[key]
        total += -value if match.group(1) == "-" else value
    if position != len(text) or not text:
        values[key] = "公式不是单元格之和，无法按工作底稿计算"
        return values[key]
    values[key] = total
    return total


def kept_provenance(working, final_account):
    """Return the provenance an import of the working copy `working` keeps for `final_account`, or "".

    A working copy prints 元, but the figures of an account that came from 万元 tables are still 万元
    figures, its printed totals rounded as the department printed them: its own working copy, edited
    and imported, keeps them so (WANYUAN_TABLES), and its printed totals stay published as printed
    until a figure beneath them changes (`released_figures`), as they would when edited in the grid.
    """
    if working is None or working.final_account_id != str(final_account.pk):
        return ""
    wanyuan = FinalAccount.Provenance.WANYUAN_TABLES
    if working.provenance != final_account.provenance or working.provenance != wanyuan:
        return ""
    return working.provenance


def released_figures(facts, figures, changes):
    """Return the printed `figures` of a working copy without those above a fact `changes` changed.

    `facts` are the account's facts after the import. A printed total above an edited figure is
    released, so the statements show what the facts give, as accounts.importing.printed
    .release_printed_cells does for a grid's save: the same cells, found the same way.
    """
    changed = {change.address for change in changes if change.address.is_fact}
    if not changed:
        return figures
    reached = build_statements(
        facts_marked(with_figures(facts, changed), changed.__contains__), printed=False
    )
    above = {
        address for s in reached.values() for address, cell in s.cells_by_address().items() if cell.value
    }
    return [figure for figure in figures if figure.address not in above]
