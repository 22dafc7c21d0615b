"""Bad input, property-based: random amounts, subject sets and workbooks are imported whole or refused whole.

Every example starts from the reference workbook (or from nothing), changes it at random and imports
it into the same draft. Either the import goes through — its facts are what is stored, one
FigureChange per change, its findings listed — or it is refused with messages a person can act on,
and not one row of any table has changed.
"""

import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import event, example, given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from accounts import editing
from accounts.importing import ImportRefused, apply_import
from accounts.models import FigureChange, IncomeFact, PrintedCell

from .conftest import PROPERTIES, REFERENCE_WORKBOOK, row_counts, saved_facts

CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
REFERENCE = REFERENCE_WORKBOOK.read_bytes()


def _cells():
    """Return ([(sheet, coordinate)] of the numeric cells, [(sheet, coordinate)] of the subject codes)."""
    workbook = load_workbook(io.BytesIO(REFERENCE))
    numbers, codes = [], []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, int | float):
                    numbers.append((sheet.title, cell.coordinate))
                elif isinstance(cell.value, str) and CODE.match(cell.value.strip()):
                    codes.append((sheet.title, cell.coordinate))
    return numbers, codes


NUMBER_CELLS, CODE_CELLS = _cells()
SHEETS = [f"表{n}" for n in range(1, 10)]

printable = st.characters(exclude_categories=("Cs", "Cc"))
amounts = st.one_of(
    st.decimals(min_value=-(10**17), max_value=10**17, allow_nan=False, allow_infinity=False, places=2),
    st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=6),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(printable, max_size=12),
    st.sampled_from(["=1+1", "=SUM(C6:C13)", "1,234.50", "（12.00）", "-", "—", "0.00", ""]),
    st.none(),
)
subject_codes = st.one_of(
    st.sampled_from(
        ["2080101", "2080102", "2080199", "2050399", "2101101", "2210201"]
    ),  # in the 2022 edition
    st.sampled_from(["208", "20801", "205", "301", "30101"]),  # 类 and 款, and economic codes
    st.from_regex(r"\A2[0-9]{6}\Z"),  # 7 digits, mostly unknown
    st.text(printable, max_size=8),
    st.none(),
)


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edited(edits):
    workbook = load_workbook(io.BytesIO(REFERENCE))
    for (sheet, coordinate), value in edits:
        workbook[sheet][coordinate].value = value
    return workbook_bytes(workbook)


def imported_whole_or_refused_whole(final_account, data, *, by):
    """Import `data`; check the all-or-nothing property; return "imported" or "refused"."""
    before, facts_before = row_counts(), saved_facts(final_account)
    try:
        result = apply_import(final_account, data, by=by, filename="random.xlsx")
    except ImportRefused as refused:
        messages = [str(problem) for problem in refused.result.errors]
        assert messages != []
        assert all(message.endswith("。") for message in messages), messages
        assert (row_counts(), saved_facts(final_account)) == (before, facts_before)
        return "refused"
    after = saved_facts(final_account)
    expected = result.facts
    assert (
        after["income"],
        after["expenditure"],
        after["balances"],
        after["basic_detail"],
        after["official_expenses"],
    ) == (
        expected.income,
        expected.expenditure,
        expected.balances,
        expected.basic_detail,
        expected.official_expenses,
    )
    counts = row_counts()
    assert counts["accounts.FigureChange"] == before["accounts.FigureChange"] + len(result.changes)
    assert PrintedCell.objects.filter(final_account=final_account).count() == len(result.figures)
    assert all(finding.rule_id and finding.message for finding in result.findings)
    return "imported"


@pytest.mark.slow  # a property search over whole workbooks
@PROPERTIES
@given(edits=st.lists(st.tuples(st.sampled_from(NUMBER_CELLS), amounts), min_size=1, max_size=4))
# Found by this test: an amount past the decimal context's 28 digits made parse_amount raise
# InvalidOperation (a 500) instead of refusing it.
@example(edits=[(("表2", "E7"), 2.6785000988128062e23)])
# Found by this test: a float just under the largest one is written as 1.797693134862316e+308, which
# reads back as inf and crashed the 栏次 search (an OverflowError) instead of being refused.
@example(edits=[(("表1", "C5"), 1.7976931348623155e308)])
def test_random_amounts_are_imported_or_refused_whole(draft, accountant, edits):
    event(imported_whole_or_refused_whole(draft, edited(edits), by=accountant))


@pytest.mark.slow  # a property search over whole workbooks
@PROPERTIES
@given(edits=st.lists(st.tuples(st.sampled_from(CODE_CELLS), subject_codes), min_size=1, max_size=4))
def test_random_subject_sets_are_imported_or_refused_whole(draft, accountant, edits):
    event(imported_whole_or_refused_whole(draft, edited(edits), by=accountant))


@st.composite
def reshaped_workbooks(draw):
    """The reference workbook with sheets dropped, renamed or reordered and rows or columns inserted or deleted."""
    workbook = load_workbook(io.BytesIO(REFERENCE))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        sheet = workbook[draw(st.sampled_from(workbook.sheetnames))]
        change = draw(
            st.sampled_from(
                ["drop", "rename", "move", "insert_rows", "delete_rows", "insert_cols", "delete_cols"]
            )
        )
        if change == "drop" and len(workbook.sheetnames) > 1:
            workbook.remove(sheet)
        elif change == "rename":
            sheet.title = draw(
                st.sampled_from([*SHEETS, "Sheet1", "表10", "附表"]).filter(
                    lambda title: title not in workbook.sheetnames
                )
            )
        elif change == "move":
            workbook.move_sheet(sheet, offset=draw(st.integers(min_value=-3, max_value=3)))
        elif change != "drop":
            method = getattr(sheet, change)
            method(draw(st.integers(min_value=1, max_value=45)), draw(st.integers(min_value=1, max_value=3)))
    return workbook_bytes(workbook)


@st.composite
def random_workbooks(draw):
    """A workbook made from nothing: sheets titled like the tables or not, cells of any kind."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title in draw(
        st.lists(st.sampled_from([*SHEETS, "Sheet1", "说明"]), min_size=1, max_size=9, unique=True)
    ):
        sheet = workbook.create_sheet(title)
        cells = st.tuples(
            st.integers(min_value=1, max_value=45),
            st.integers(min_value=1, max_value=13),
            st.one_of(amounts, subject_codes),
        )
        for row, column, value in draw(st.lists(cells, max_size=30)):
            sheet.cell(row=row, column=column, value=value)
    return workbook_bytes(workbook)


@pytest.mark.slow  # a property search over whole workbooks
@PROPERTIES
@given(data=st.one_of(reshaped_workbooks(), random_workbooks(), st.binary(max_size=2000)))
def test_random_workbooks_are_imported_or_refused_whole(draft, accountant, data):
    event(imported_whole_or_refused_whole(draft, data, by=accountant))


@PROPERTIES
@given(amount=amounts, unit=st.sampled_from(["yuan", "wanyuan"]))
@example(amount="1e30", unit="yuan")
@example(amount="1234567890123456789012345678.001", unit="yuan")
def test_a_random_amount_typed_into_a_cell_is_saved_exactly_or_refused_with_a_message(
    draft, accountant, amount, unit
):
    before = row_counts()
    stored_before = IncomeFact.objects.filter(final_account=draft).values_list("amount", flat=True).first()
    try:
        saved = editing.set_income(
            draft, code="2080101", source="general_budget", amount=amount, unit=unit, by=accountant
        )
    except ValidationError as refused:
        assert refused.messages != [] and all(message.endswith("。") for message in refused.messages)
        assert row_counts() == before
        return
    # None, like a blank, removes the figure: an income of zero.
    typed = "" if amount is None else str(amount)
    exact = Decimal(typed.replace(",", "").replace("，", "").strip() or "0") * (
        10000 if unit == "wanyuan" else 1
    )
    assert saved == exact
    stored = IncomeFact.objects.filter(final_account=draft).values_list("amount", flat=True).first()
    assert stored == (None if saved == 0 else saved)
    changed = (stored_before or Decimal("0.00")) != saved
    assert (
        FigureChange.objects.filter(final_account=draft).count() - before["accounts.FigureChange"] == changed
    )
