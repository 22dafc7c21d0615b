"""The plain structures an import passes between its steps and shows to the user."""

from dataclasses import dataclass, field
from decimal import Decimal

from ..addresses import Address

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Problem:
    """Something wrong with the workbook, named by sheet and cell where it has one."""

    message: str
    sheet: str = ""
    cell: str = ""

    def __str__(self):
        where = ""
        if self.sheet:
            where = f"工作表“{self.sheet}”" + (f" {self.cell}" if self.cell else "")
            where += "："
        return where + self.message


@dataclass(frozen=True)
class PrintedFigure:
    """An amount cell as printed, in 元, with its address in the official table and in the sheet.

    `address` is the Address the built statement's cell has (`Statement.address`), so the two can be
    compared; `label` is the printed row name (a subject's name as the workbook writes it).
    """

    table_kind: str
    address: Address
    value: Decimal
    line: int | None = None
    column: int | None = None
    code: str = ""
    key: str = ""
    label: str = ""
    sheet: str = ""
    cell: str = ""
    label_cell: str = ""  # where the printed name is
    # The cell was printed blank (its value reads as zero), as distinct from a printed “0.00”.
    blank: bool = False


@dataclass(frozen=True)
class PrintedText:
    """A passage of a document's printed text (a 情况说明 section or part of one), with where it stands.

    Read from a disclosure PDF; `page` is the 1-based page on which the passage starts.
    """

    heading: str
    text: str
    page: int | None = None


@dataclass(frozen=True)
class SubjectRow:
    """A subject row of a table as printed: code, name and where the code is."""

    table_kind: str
    code: str
    name: str
    sheet: str
    cell: str


@dataclass(frozen=True)
class NewSubject:
    """A functional subject the edition lacks, with the name the workbook gives it."""

    code: str
    name: str
    sheet: str
    cell: str

    @property
    def parent_code(self):
        return {7: self.code[:5], 5: self.code[:3]}.get(len(self.code), "")


@dataclass
class ParsedTable:
    """One table read from its sheet: the printed amounts, the subject rows and the problems found."""

    kind: str
    number: int
    title: str
    sheet: str
    unit: str  # "yuan" or "wanyuan"
    layout: dict = field(default_factory=dict)  # the format's layout of the table (ReportTable.layout)
    figures: list = field(default_factory=list)
    subject_rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)


@dataclass
class ImportedFacts:
    """The facts the printed tables determine, keyed as in statements.Facts, amounts in 元."""

    income: dict = field(default_factory=dict)  # (item code, source) → 元
    expenditure: dict = field(default_factory=dict)  # (item code, fund, kind) → 元
    balances: dict = field(default_factory=dict)  # (fund, item code or "") → (opening, closing)
    basic_detail: dict = field(default_factory=dict)  # economic 款 → 元
    official_expenses: dict = field(default_factory=dict)  # item → (budget, actual)
    stated_figures: dict = field(default_factory=dict)  # the StatedFigure keys 表1 prints → 元


@dataclass
class ImportResult:
    """Everything an import found: tables, printed figures, facts, changes, findings, problems.

    `errors` block the import; `notices` do not. `findings` are the rule engine's findings over the
    facts as they would be after the import (the printed-vs-derived rule among them).
    """

    final_account: object
    filename: str = ""
    tables: dict = field(default_factory=dict)  # kind → ParsedTable
    figures: list = field(default_factory=list)  # PrintedFigure
    facts: ImportedFacts | None = None
    provenance: str = ""
    new_subjects: list = field(default_factory=list)  # NewSubject
    accept_new_subjects: bool = False
    changes: list = field(default_factory=list)  # accounts.editing.Change, what will be recorded
    findings: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # Problem
    notices: list = field(default_factory=list)  # Problem
    # Do not block either, but the file may be meant for another account: a year or department in the
    # titles that is not the target's. Shown first and apart in the preview.
    warnings: list = field(default_factory=list)  # Problem
    # The variant of the account's format the workbook prints, when it is another one (else None).
    report_format: object = None
    # The printed texts of a document read with its tables (a disclosure PDF): PrintedText, in order.
    printed_texts: list = field(default_factory=list)

    @property
    def provenance_label(self):
        from ..models import FinalAccount

        return FinalAccount.Provenance(self.provenance).label if self.provenance else ""

    @property
    def units(self):
        return sorted({table.unit for table in self.tables.values()})
