"""Creating next year's final account from last year's, so that nothing is typed twice.

What carries over: the item subjects (the entry grids list last year's subjects, see entry.load_entry),
the opening balances (this year's 年初结转和结余 is last year's 年末), last year's named figures for the
year-over-year sentences (computed from last year's facts, never retyped), the entry unit, and the two
texts that describe the department rather than the year (主要职能, 单位构成). The balances and named
figures come from accounts.rules.carried, which rule P7 checks this year's figures against.

Other apps carry over what they keep by registering a function here (`register_carry_over`, from their
AppConfig.ready()): `performance` offers last year's self-evaluations, so that accounts never imports it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from . import editing, final_accounts
from .addresses import Address
from .choices import FreeTextKey
from .models import FinalAccount
from .rules.carried import carried_figures
from .statements import load_facts

ZERO = Decimal("0.00")
CARRIED_TEXTS = (FreeTextKey.MAIN_FUNCTIONS, FreeTextKey.UNIT_COMPOSITION)
CARRY_OVERS = {}


def register_carry_over(name, carry_over):
    """Register `carry_over(previous, final_account, *, by)` under `name`; registering again replaces it.

    It is called, in the transaction that creates the new final account, after the facts are carried
    over; it writes what its app carries over to the new draft and returns nothing.
    """
    CARRY_OVERS[name] = carry_over
    return carry_over


@dataclass(frozen=True)
class Rollover:
    """The new final account, and last year's subject codes its edition lacks (not carried over)."""

    final_account: FinalAccount
    previous: FinalAccount | None
    dropped_codes: tuple = ()


def next_year(department):
    """Return the year of the final account to create next for `department`: the year after its latest."""
    latest = (
        FinalAccount.objects.filter(department=department)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return None if latest is None else latest + 1


@transaction.atomic
def create_final_account(department, *, year, by):
    """Create the draft final account of `department` for `year`, carried over from last year's if any.

    Format and edition are chosen as for every new final account (final_accounts). Opening balances are
    last year's closing balances, per fund and, for 政府性基金, per item subject the new edition still has;
    last year's named figures (本年收入合计 …) are stored as this year's prior-year figures, with last
    year's final account as their source. Every figure is written by one accounts.editing.apply_changes,
    so each is recorded; then each registered carry-over runs (last year's self-evaluations …). Return a Rollover. Raise ValidationError when the year already exists or
    reference data is missing.
    """
    previous = FinalAccount.objects.filter(department=department, year=year - 1).first()
    final_account = final_accounts.create_final_account(
        department, year, entry_unit=previous.entry_unit if previous else FinalAccount.EntryUnit.YUAN
    )
    if previous is None:
        return Rollover(final_account=final_account, previous=None)
    carried = carried_figures(previous, facts=load_facts(previous))
    openings, dropped = carried.openings_in(final_account.edition)
    changes = {}
    for (fund, code), opening in sorted(openings.items()):
        changes[Address("balance", (fund, code, "opening"))] = opening
    for key, amount in carried.named.items():
        changes[Address("prior", (key.value, "amount"))] = amount
        changes[Address("prior", (key.value, "source"))] = carried.source
    for key in CARRIED_TEXTS:
        text = carried.facts.free_text(key)
        if text:
            changes[Address("text", (key.value, ""))] = text
    editing.apply_changes(final_account, changes, by=by, unit="yuan")
    for carry_over in CARRY_OVERS.values():
        carry_over(previous, final_account, by=by)
    return Rollover(final_account=final_account, previous=previous, dropped_codes=dropped)


@transaction.atomic
def refresh_carried_figures(final_account, *, by):
    """Take last year's closing balances and named figures again, after last year's was corrected.

    Sets each opening balance to last year's closing (per fund and, for 政府性基金, per item subject this
    year's edition has; an opening with no closing last year becomes zero) keeping this year's closing
    balances, and each prior-year figure to last year's value. Every change goes through
    accounts.editing, so it is recorded and refused while the final account is locked. Return the
    number of figures changed; raise ValidationError when last year's final account is not in the system.
    """
    final_account = editing.ensure_editable(final_account)
    previous = FinalAccount.objects.filter(
        department=final_account.department, year=final_account.year - 1
    ).first()
    if previous is None:
        raise ValidationError(
            f"系统内没有 {final_account.year - 1} 年度的决算，上年数请按上年公开的决算填写。",
            code="no_previous",
        )
    carried = carried_figures(previous, facts=load_facts(previous))
    facts = load_facts(final_account)
    wanted, _dropped = carried.openings_in(final_account.edition)
    balances, priors = {}, {}
    for fund, code in sorted(set(wanted) | set(facts.balances)):
        opening, _closing = facts.balances.get((fund, code), (ZERO, ZERO))
        new_opening = wanted.get((fund, code), ZERO)
        if new_opening != opening:
            balances[Address("balance", (fund, code, "opening"))] = new_opening
    for key, amount in carried.named.items():
        if facts.prior_year.get(key, (None, ""))[0] != amount:
            priors[Address("prior", (key.value, "amount"))] = amount
            priors[Address("prior", (key.value, "source"))] = carried.source
    # Two calls, for the two reasons the change record gives; this year's closing balances stay.
    editing.apply_changes(
        final_account, balances, by=by, unit="yuan", reason="按更正后的上年度决算更新年初结转和结余"
    )
    editing.apply_changes(final_account, priors, by=by, unit="yuan", reason="按更正后的上年度决算更新上年数")
    return len(balances) + len(priors) // 2
