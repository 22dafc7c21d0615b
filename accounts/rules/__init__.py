"""Checks (审核/勾稽): one rule engine, rules as data. See engine.py for the API, catalogue.py for the rules."""

from .engine import (
    Compare,
    Context,
    Finding,
    Rule,
    Severity,
    check_final_account,
    check_final_accounts,
    evaluate,
    has_errors,
)
from .registry import register, register_loader, registered_rules

__all__ = [
    "Compare",
    "Context",
    "Finding",
    "Rule",
    "Severity",
    "check_final_account",
    "check_final_accounts",
    "evaluate",
    "has_errors",
    "register",
    "register_loader",
    "registered_rules",
]
