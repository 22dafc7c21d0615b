"""What next year's final account takes from last year's: closing balances and named figures.

Both sides of the carry-over read it from here: accounts.rollover writes these figures into the new
final account, and rule P7 (catalogue.agrees_with_last_year) checks this year's against them, so the
two cannot disagree on what “last year's figure” is. It lives in the rules package because the named
figures are rule quantities (quantities.NAMED_FIGURE_QUANTITIES) resolved by the engine's Context.
"""

from dataclasses import dataclass
from decimal import Decimal

from ..choices import NamedFigure
from ..models import FunctionalSubject
from ..statements import build_statements
from .engine import Context
from .quantities import NAMED_FIGURE_QUANTITIES

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CarriedFigures:
    """What next year's final account takes from `facts` (last year's): closing balances and named figures."""

    facts: object
    closing: dict  # (fund, item code or "") → closing balance (元), non-zero ones only
    named: dict  # NamedFigure → last year's value (元)
    codes: frozenset  # the item codes last year's facts use
    source: str

    def openings_in(self, edition):
        """Return ({(fund, code): opening balance} the subjects of `edition` can hold, the item codes it
        lacks, sorted): last year's closing balances, where this year's edition still has the subject."""
        known = set(
            FunctionalSubject.objects.filter(edition=edition, code__in=self.codes).values_list(
                "code", flat=True
            )
        )
        openings = {key: amount for key, amount in self.closing.items() if not key[1] or key[1] in known}
        return openings, tuple(sorted(self.codes - known))

    def closing_by_fund(self):
        totals = {}
        for (fund, _code), closing in self.closing.items():
            totals[fund] = totals.get(fund, ZERO) + closing
        return totals


def carried_figures(previous, *, facts, statements=None):
    """Return the CarriedFigures of `previous` (a final account) from its loaded `facts`."""
    codes = {code for _fund, code in facts.balances if code}
    codes |= {code for code, _ in facts.income} | {code for code, _, _ in facts.expenditure}
    context = Context(
        facts=facts, statements=statements if statements is not None else build_statements(facts)
    )
    named = {}
    for key in NamedFigure:
        try:
            named[key] = context.quantity(NAMED_FIGURE_QUANTITIES[key]).value
        except LookupError:
            continue  # last year's format lacks the table: the figure is left to be entered
    return CarriedFigures(
        facts=facts,
        closing={key: closing for key, (_opening, closing) in facts.balances.items() if closing},
        named=named,
        codes=frozenset(codes),
        source=f"{previous.year}年度部门决算（系统内数据）",
    )
