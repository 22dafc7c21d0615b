"""The rule engine: rules as data, evaluated over the loaded facts and built statements into findings.

A rule is an id, a Chinese message, a severity, a formula and the name of a tolerance. A formula is a
small object the engine calls with the evaluation context; it yields findings. The catalogue writes most
rules with `Compare` (here) and `EachRow`, `Hierarchy`, `RowsAgree` (formulas.py); anything else is a plain function
`formula(context, rule) -> iterable of Finding`, for example a rule another app registers from its
AppConfig.ready():

    from accounts.rules.engine import Rule, Severity
    from accounts.rules.registry import register

    def reception_within_budget(context, rule):
        actual = context.quantity("T9.actual_reception")      # a named quantity, see quantities.py
        budget = context.quantity("T9.budget_reception")
        finding = context.compare(rule, [actual], "<=", [budget])  # tolerance, 尾数误差 notice, cells
        if finding is not None:
            yield finding

    register(Rule("X1", "公务接待费决算数超过预算数", Severity.WARNING, reception_within_budget,
                  tolerance="comparison"))

`context.finding(rule, cells=…, expected=…, actual=…, target=…)` builds a finding by hand; its cells are
Addresses (accounts.addresses: a statement's cell is `statement.address(cell)`), and its `target` must be
stable (it keys the Explanation; by default it is the first cell's label). The context gives `facts`,
`statements` (by kind), `quantity(name)`, `cells_where(kind, **address)`, `allowance(rule, printed_cells)`,
`label(address)`, `names` and `extra`.

Data a rule needs beyond the facts and the statements is loaded once per final account by a loader
registered with `registry.register_loader(name, fn)`; `check_final_account` puts what it returns in
`context.extra[name]`. Evaluation never raises for bad data: a rule that fails is reported as an error
finding of that rule.
"""

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..addresses import Address
from .tolerances import TOLERANCES, comparison_tolerance

ZERO = Decimal("0.00")


class Severity(models.TextChoices):
    """How much a finding matters: an error blocks submission, a warning needs a written explanation."""

    ERROR = "error", _("错误")
    WARNING = "warning", _("警告")
    NOTICE = "notice", _("提示")


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}


@dataclass(frozen=True)
class Finding:
    """One result of one rule: what was expected, what was found, where, and how much it matters.

    Amounts are in 元 (`unit` "元"); free-text findings may carry a percentage (`unit` "%") or a count.
    `cells` are the Addresses of the figures compared and `labels` their labels as the account's format
    numbers its tables and its edition names its subjects (“表5/2080101/栏2”); without labels, the
    national format's. `target` is stable across evaluations, so that an Explanation (final account, rule
    id, target) stays attached to the same finding.
    """

    rule_id: str
    severity: str
    message: str
    cells: tuple[Address, ...] = ()
    expected: Decimal | None = None
    actual: Decimal | None = None
    target: str = ""
    sentence: str = ""
    unit: str = "元"
    labels: tuple[str, ...] = ()

    def __post_init__(self):
        if len(self.labels) != len(self.cells):
            object.__setattr__(self, "labels", tuple(cell.label() for cell in self.cells))

    @property
    def difference(self):
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected

    @property
    def table(self):
        """Return the table (“表5”) or other place (“年初预算”) the finding belongs to, for grouping."""
        return self.labels[0].partition("/")[0] if self.labels else ""

    @property
    def needs_explanation(self):
        return self.severity == Severity.WARNING

    def as_dict(self):
        def number(value):
            return None if value is None else str(value)

        return {
            "rule_id": self.rule_id,
            "severity": str(self.severity),
            "message": self.message,
            "target": self.target,
            "cells": list(self.labels),
            "addresses": [str(cell) for cell in self.cells],
            "expected": number(self.expected),
            "actual": number(self.actual),
            "difference": number(self.difference),
            "unit": self.unit,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Quantity:
    """A named figure resolved for one final account: its value in 元, where it is, how many printed cells.

    `sources` are Addresses, or (statement, cell) pairs turned into Addresses only when a finding needs
    them (most comparisons hold, and addresses are the costly part).
    """

    value: Decimal
    sources: tuple
    printed_cells: int = 1

    @property
    def cells(self):
        return tuple(
            source if isinstance(source, Address) else source[0].address(source[1]) for source in self.sources
        )


@dataclass(frozen=True)
class Rule:
    """A check: id, Chinese message, severity, formula and the name of its tolerance (tolerances.py).

    `formula(context, rule)` yields findings; `source` cites where the rule comes from (rules.md R23,
    表/行次/栏次).
    """

    id: str
    message: str
    severity: str
    formula: Callable[["Context", "Rule"], Iterable[Finding]]
    tolerance: str = "exact"
    source: str = ""


@dataclass(frozen=True)
class Compare:
    """lhs op rhs, where each side is the sum of named quantities (quantities.py) and op is =, ≤ or ≥.

    Equality is tested within the rule's tolerance; for `comparison` tolerance (“rounding” or “exact”
    by the final account's provenance) a difference within the rounding allowance is a 尾数误差 notice.
    Inequalities allow the same difference before they fail.
    """

    lhs: tuple[str, ...]
    op: str
    rhs: tuple[str, ...]
    when: Callable[["Context"], bool] | None = None
    target: str | None = None

    def __call__(self, context, rule):
        if self.when is not None and not self.when(context):
            return
        left = [context.quantity(name) for name in self.lhs]
        right = [context.quantity(name) for name in self.rhs]
        finding = context.compare(rule, left, self.op, right, target=self.target)
        if finding is not None:
            yield finding


@dataclass
class Context:
    """What rules read: the facts, the statements by kind, extra loaded data, and resolved quantities."""

    facts: object
    statements: dict
    extra: dict = field(default_factory=dict)
    _quantities: dict = field(default_factory=dict, repr=False)
    _indexes: dict = field(default_factory=dict, repr=False)
    _cells: dict = field(default_factory=dict, repr=False)
    _names: dict | None = field(default=None, repr=False)
    _tables: dict | None = field(default=None, repr=False)

    @property
    def tables(self):
        """Return {table kind: the number the account's format prints it at}, for labels (上海: 三公 at 表7)."""
        if self._tables is None:
            self._tables = {kind: statement.number for kind, statement in self.statements.items()}
        return self._tables

    @property
    def names(self):
        """Return {code: name} of the account's subjects, for labels; rules may add names of their own places.

        A rule naming places of its own (a self-evaluation's indicators) adds {address text: name}, which
        its area's label reads.
        """
        if self._names is None:
            facts = self.facts
            names = {code: subject.name for code, subject in getattr(facts, "economic_subjects", {}).items()}
            names.update({code: info.name for code, info in getattr(facts, "subjects", {}).items()})
            self._names = names
        return self._names

    def label(self, address):
        """Return the label of `address` as the account's format and edition print it (“表5/2080101/栏2”)."""
        return address.label(names=self.names, tables=self.tables)

    @property
    def final_account(self):
        return self.facts.final_account

    @property
    def provenance(self):
        return getattr(self.final_account, "provenance", "")

    def quantity(self, name):
        """Return the Quantity called `name` (e.g. “T1.r27”, “T5.total.c2”, “T6.personnel_total”)."""
        if name not in self._quantities:
            from .quantities import resolve

            self._quantities[name] = resolve(self, name)
        return self._quantities[name]

    def amount_cells(self, kind):
        """Return the amount cells of statement `kind` as a list (empty when the format lacks the table)."""
        cells = self._cells.get(kind)
        if cells is None:
            statement = self.statements.get(kind)
            rows = statement.rows if statement is not None else ()
            cells = [cell for row in rows for cell in row.cells if cell.value is not None]
            self._cells[kind] = cells
        return cells

    def cells_where(self, kind, **address):
        """Return the amount cells of statement `kind` whose address matches every given part."""
        fields = tuple(sorted(address))
        index = self._indexes.get((kind, fields))
        if index is None:
            index = {}
            get = attrgetter(*fields) if fields else (lambda cell: ())
            for cell in self.amount_cells(kind):
                value = get(cell)
                index.setdefault(value if len(fields) > 1 else (value,), []).append(cell)
            self._indexes[(kind, fields)] = index
        return tuple(index.get(tuple(address[f] for f in fields), ()))

    def allowance(self, rule, printed_cells):
        """Return (allowance in 元, whether a difference within it is only a rounding notice)."""
        if rule.tolerance == "comparison":
            tolerance = comparison_tolerance(self.provenance)
            return tolerance.allowance(printed_cells), tolerance.name == "rounding"
        return TOLERANCES[rule.tolerance].allowance(printed_cells), False

    def finding(
        self,
        rule,
        *,
        cells=(),
        expected=None,
        actual=None,
        message=None,
        severity=None,
        target=None,
        sentence="",
        unit="元",
    ):
        """Return a Finding of `rule` about the Addresses `cells`; the target defaults to the first cell's label."""
        cells = tuple(cells)
        labels = tuple(self.label(cell) for cell in cells)
        return Finding(
            rule_id=rule.id,
            severity=severity or rule.severity,
            message=message or rule.message,
            cells=cells,
            expected=expected,
            actual=actual,
            target=target if target is not None else (labels[0] if labels else ""),
            sentence=sentence,
            unit=unit,
            labels=labels,
        )

    def compare(self, rule, left, op, right, *, message=None, target=None):
        """Return the finding of `Σ left op Σ right`, or None when it holds.

        `left` and `right` are Quantities; `actual` is the left side and `expected` the right side.
        Within the rounding allowance a failed equality or inequality is a notice marked 尾数误差.
        """
        actual = sum((q.value for q in left), ZERO)
        expected = sum((q.value for q in right), ZERO)
        if holds(actual, op, expected):
            return None
        printed = sum(q.printed_cells for q in left) + sum(q.printed_cells for q in right)
        allowance, rounding = self.allowance(rule, printed)
        cells = tuple(cell for q in (*left, *right) for cell in q.cells)
        message = message or rule.message
        if abs(actual - expected) <= allowance:
            if not rounding:
                return None
            return self.finding(
                rule,
                cells=cells,
                expected=expected,
                actual=actual,
                target=target,
                message=f"{message}（尾数误差）",
                severity=Severity.NOTICE,
            )
        return self.finding(
            rule, cells=cells, expected=expected, actual=actual, target=target, message=message
        )


OPERATORS = {"=": operator.eq, "<=": operator.le, ">=": operator.ge}


def holds(actual, op, expected):
    """Return True when `actual op expected` holds exactly (op is =, <= or >=)."""
    return OPERATORS[op](actual, expected)


def evaluate(facts, statements, *, extra=None, rules=None):
    """Return the findings of `rules` (default: every registered rule) over `facts` and `statements`.

    Never raises for bad data: a rule that fails to evaluate becomes an error finding naming the rule.
    Findings come in rule order, errors of a rule before its warnings and notices.
    """
    from .registry import registered_rules

    context = Context(facts=facts, statements=statements, extra=dict(extra or {}))
    findings = []
    for rule in registered_rules() if rules is None else rules:
        try:
            found = list(rule.formula(context, rule))
        except Exception as error:  # noqa: BLE001 — a broken rule or odd data must not stop the others
            found = [
                context.finding(
                    rule,
                    severity=Severity.ERROR,
                    target="规则执行",
                    message=f"{rule.message}：规则无法执行（{type(error).__name__}: {error}）",
                )
            ]
        findings.extend(sorted(found, key=lambda f: SEVERITY_ORDER.get(f.severity, 3)))
    return findings


def check_final_account(final_account, *, rules=None):
    """Load the facts of `final_account`, build its statements and return the findings of every rule.

    Queries: those of `load_facts`, plus one per registered loader; none per rule or per subject.
    """
    from ..statements import build_statements, load_facts

    facts = load_facts(final_account)
    return check_facts(facts, build_statements(facts), rules=rules)


def check_facts(facts, statements, *, rules=None):
    """Return the findings of every rule over the loaded `facts` of one final account and its `statements`.

    For callers that have loaded the facts already (publishing freezes the same facts it checks).
    Queries: one per registered loader.
    """
    from .registry import registered_loaders

    extra = {name: loader(facts.final_account) for name, loader in registered_loaders().items()}
    return evaluate(facts, statements, extra=extra, rules=rules)


def check_final_accounts(final_accounts, *, rules=None):
    """Return {final account id: findings} of every rule over each of `final_accounts`.

    The set-based form of `check_final_account` for whole-bureau work: the findings of each account
    are those `check_final_account` returns, but the queries do not grow with the number of accounts
    (see `checked_final_accounts`). Pass a province in chunks of a few hundred accounts.
    """
    checked = checked_final_accounts(final_accounts, rules=rules)
    return {fa.pk: findings for fa, _facts, _statements, findings in checked}


def checked_final_accounts(final_accounts, *, rules=None):
    """Yield (final account, facts, statements, findings) of every rule over each of `final_accounts`.

    The facts of all the accounts are loaded together (`load_facts_many`, fifteen queries) and each
    registered loader runs once in its bulk form, so the queries do not grow with the number of
    accounts; a loader registered without a bulk form is called once per account. The facts of all
    the accounts are held in memory at once; each account's statements only while it is yielded.
    """
    from ..statements import build_statements, load_facts_many
    from .registry import registered_bulk_loaders, registered_loaders

    final_accounts = list(final_accounts)
    facts_by_id = load_facts_many(final_accounts)
    bulk = registered_bulk_loaders()
    extras = {}
    for name, loader in registered_loaders().items():
        if name in bulk:
            extras[name] = bulk[name](final_accounts)
        else:
            extras[name] = {fa.pk: loader(fa) for fa in final_accounts}
    for fa in final_accounts:
        facts = facts_by_id[fa.pk]
        statements = build_statements(facts)
        extra = {name: values[fa.pk] for name, values in extras.items()}
        yield fa, facts, statements, evaluate(facts, statements, extra=extra, rules=rules)


def has_errors(findings):
    """Return True when any finding is an error (which blocks submission)."""
    return any(finding.severity == Severity.ERROR for finding in findings)
