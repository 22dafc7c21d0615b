"""The engine: addresses, findings, tolerances, the registry, named quantities, and never raising."""

from decimal import Decimal

import pytest

from accounts.addresses import Address
from accounts.models import FinalAccount
from accounts.rules import Compare, Finding, Rule, Severity, check_final_account, evaluate
from accounts.rules.registry import LOADERS, register, register_loader, registered_rules, unregister
from accounts.rules.tolerances import TOLERANCES, comparison_tolerance

from .builders import loaded, quantity

ZERO = Decimal("0.00")


def test_findings_name_their_cells_by_address_and_label():
    cells = (
        Address.parse("cell|general_budget_expenditure|total|2"),
        Address.parse("cell|basic_expenditure_detail|personnel_total|"),
        Address.parse("budget|subject|2080101"),
    )
    finding = Finding(rule_id="X", severity=Severity.ERROR, message="m", cells=cells, target="t")
    assert finding.labels == ("表5/合计/栏2", "表6/人员经费合计", "年初预算/2080101")
    assert finding.table == "表5"
    assert finding.as_dict()["cells"] == ["表5/合计/栏2", "表6/人员经费合计", "年初预算/2080101"]
    assert finding.as_dict()["addresses"] == [
        "cell|general_budget_expenditure|total|2",
        "cell|basic_expenditure_detail|personnel_total|",
        "budget|subject|2080101",
    ]


def test_a_finding_gives_its_difference_only_when_both_figures_are_known():
    finding = Finding(
        rule_id="X", severity=Severity.ERROR, message="m", expected=Decimal("10.00"), actual=Decimal("7.50")
    )
    assert finding.difference == Decimal("-2.50")
    assert (
        Finding(rule_id="X", severity=Severity.WARNING, message="m", actual=Decimal("1")).difference is None
    )
    assert finding.as_dict() == {
        "rule_id": "X",
        "severity": "error",
        "message": "m",
        "target": "",
        "cells": [],
        "addresses": [],
        "expected": "10.00",
        "actual": "7.50",
        "difference": "-2.50",
        "unit": "元",
        "sentence": "",
    }


def test_rounding_allowance_scales_with_the_printed_cells_and_is_at_least_one_printed_unit():
    assert TOLERANCES["rounding"].allowance(2) == Decimal("100.00")
    assert TOLERANCES["rounding"].allowance(3) == Decimal("150.00")
    assert TOLERANCES["rounding"].allowance(9) == Decimal("450.00")
    assert TOLERANCES["exact"].allowance(9) == ZERO
    assert comparison_tolerance(FinalAccount.Provenance.WANYUAN_TABLES).name == "rounding"
    assert comparison_tolerance(FinalAccount.Provenance.YUAN).name == "exact"


def test_named_quantities_resolve_cells_layout_lines_wildcards_and_facts(consistent):
    facts, statements = loaded(consistent)
    assert quantity(facts, statements, "T1.income_total").value == Decimal("15000000.00")
    grand = quantity(facts, statements, "T1.@income_grand_total")
    assert (grand.value, [str(c) for c in grand.cells]) == (
        Decimal("15150000.00"),
        ["cell|income_expenditure_summary|r31|1"],
    )
    categories = quantity(facts, statements, "T1.category.*")
    assert (categories.value, categories.printed_cells) == (Decimal("14000000.00"), 26)
    assert quantity(facts, statements, "T5.total.c2").value == Decimal("9000000.00")
    assert quantity(facts, statements, "T6.personnel_total").value == Decimal("5000000.00")
    missing = quantity(facts, statements, "T5.2080505.c1")
    assert (missing.value, [c.label() for c in missing.cells]) == (ZERO, ["表5/2080505/栏1"])
    assert quantity(facts, statements, "budget.2080101").value == Decimal("10500000.00")
    assert quantity(facts, statements, "stated.operating_costs").value == Decimal("4000000.00")
    assert quantity(facts, statements, "prior.income_total").value == Decimal("14000000.00")
    with pytest.raises(LookupError):
        quantity(facts, statements, "prior.expenditure_total")
    with pytest.raises(LookupError):
        quantity(facts, statements, "T1.nonsense")


def test_evaluation_never_raises_a_broken_rule_becomes_an_error_finding(consistent):
    def broken(context, rule):
        raise ZeroDivisionError("division by zero")
        yield

    rules = [
        Rule("Z1", "坏规则", Severity.WARNING, broken),
        Rule("Z2", "缺少的数", Severity.ERROR, Compare(("T1.nonsense",), "=", ("T1.income_total",))),
    ]
    found = evaluate(*loaded(consistent), rules=rules)
    assert [(f.rule_id, str(f.severity), f.target, f.message) for f in found] == [
        ("Z1", "error", "规则执行", "坏规则：规则无法执行（ZeroDivisionError: division by zero）"),
        ("Z2", "error", "规则执行", "缺少的数：规则无法执行（LookupError: T1.nonsense: 0 个单元格符合）"),
    ]


def test_evaluation_survives_a_format_without_a_table(consistent):
    facts, statements = loaded(consistent)
    del statements["official_expenses"]
    found = evaluate(facts, statements, extra={"unit_types": ["administrative"]})
    assert sorted({f.rule_id for f in found}) == ["P3", "R13", "R26"]
    assert {str(f.severity) for f in found} == {"error"}


def test_another_app_registers_a_rule_and_a_loader(consistent):
    def printed_total_differs(context, rule):
        printed = context.extra["printed_total"]
        derived = context.quantity("T1.income_total")
        finding = context.compare(rule, [derived], "=", [derived.__class__(printed, derived.sources, 1)])
        if finding is not None:
            yield finding

    rule = register(Rule("I9", "印制数与计算数不符", Severity.ERROR, printed_total_differs, "comparison"))
    register_loader("printed_total", lambda final_account: Decimal("14999900.00"))
    try:
        assert registered_rules()[-1] is rule
        found = check_final_account(consistent, rules=[rule])
        assert [(f.rule_id, f.target, f.expected, f.actual) for f in found] == [
            ("I9", "表1/行27/栏1", Decimal("14999900.00"), Decimal("15000000.00")),
        ]
        replacement = register(Rule("I9", "替换后的规则", Severity.NOTICE, printed_total_differs))
        assert [r for r in registered_rules() if r.id == "I9"] == [replacement]
    finally:
        unregister("I9")
        LOADERS.pop("printed_total")
    assert [r.id for r in registered_rules() if r.id == "I9"] == []
