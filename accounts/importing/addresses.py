"""One address per amount cell of an official table, shared by printed cells and built statements.

表1/表4 cells are addressed by 行次 and 栏次 (“行27/栏1”), the subject tables by code and 栏次
(“2080101/栏2”, “合计/栏1”), 表6 by economic code or total (“30101”, “人员经费合计”), 表9 by 栏次 (“栏7”).
"""

from ..rules.engine import CellRef

SUMMARY_KINDS = ("income_expenditure_summary", "appropriation_summary")
SUBJECT_KINDS = ("income", "expenditure", "general_budget_expenditure", "government_fund", "state_capital")
DETAIL_KIND = "basic_expenditure_detail"
OFFICIAL_KIND = "official_expenses"
DETAIL_TOTALS = {"personnel_total": "人员经费合计", "operating_total": "公用经费合计"}
TOTAL_NAME = "合计"


def address(kind, *, line=None, column=None, code="", key=""):
    """Return the address of an amount cell of table `kind`."""
    if kind in SUMMARY_KINDS:
        return f"行{line}/栏{column}"
    if kind in SUBJECT_KINDS:
        return f"{code or TOTAL_NAME}/栏{column}"
    if kind == DETAIL_KIND:
        return DETAIL_TOTALS.get(key) or code
    if kind == OFFICIAL_KIND:
        return f"栏{column}"
    raise ValueError(f"unknown table kind {kind!r}")


def cell_address(kind, cell):
    """Return the address of a built statement's amount cell."""
    return address(kind, line=cell.line, column=cell.column, code=cell.code, key=cell.key)


def cell_ref(kind, number, *, address, line=None, column=None, code=""):
    """Return the CellRef a finding names for the cell at `address` of 表`number`."""
    table = f"表{number}"
    if kind in SUMMARY_KINDS:
        return CellRef(table, f"行{line}", column, kind=kind, line=line)
    if kind in SUBJECT_KINDS:
        return CellRef(table, code or TOTAL_NAME, column, kind=kind, code=code)
    if kind == DETAIL_KIND:
        return CellRef(table, address, None, kind=kind, code=code)
    return CellRef(table, "", column, kind=kind)


def statement_index(statements):
    """Return {(kind, address): cell} over the amount cells of built statements."""
    return {
        (kind, cell_address(kind, cell)): cell
        for kind, statement in statements.items()
        for cell in statement.amount_cells()
    }
