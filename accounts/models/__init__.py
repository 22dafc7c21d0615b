from .facts import (
    Balance,
    BasicExpenditureDetail,
    Budget,
    ExpenditureFact,
    FreeText,
    IncomeFact,
    OfficialExpense,
    PriorYearFigure,
    StatedCount,
    StatedFigure,
)
from .final_account import FinalAccount
from .formats import CategoryRow, FormatChange, ReportFormat, ReportTable
from .history import FigureChange
from .jobs import Job
from .organisation import Department, FinanceBureau, Membership, Unit
from .published import PublishedCell, SearchGram, SearchPassage
from .review import Explanation, PrintedCell, ReviewerAssignment
from .subjects import EconomicSubject, Edition, FunctionalSubject
from .workflow import PublishedVersion, ReviewComment, SubmissionDeadline, Transition

__all__ = [
    "Balance",
    "BasicExpenditureDetail",
    "Budget",
    "CategoryRow",
    "Department",
    "EconomicSubject",
    "Edition",
    "ExpenditureFact",
    "Explanation",
    "FigureChange",
    "FinalAccount",
    "FinanceBureau",
    "FormatChange",
    "FreeText",
    "FunctionalSubject",
    "IncomeFact",
    "Job",
    "Membership",
    "OfficialExpense",
    "PriorYearFigure",
    "PrintedCell",
    "PublishedCell",
    "SearchGram",
    "SearchPassage",
    "PublishedVersion",
    "ReportFormat",
    "ReportTable",
    "ReviewComment",
    "ReviewerAssignment",
    "StatedCount",
    "StatedFigure",
    "SubmissionDeadline",
    "Transition",
    "Unit",
]
