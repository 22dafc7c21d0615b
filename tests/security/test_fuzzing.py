"""Fuzzing the input policy (hypothesis): random text into amounts, the grid's JSON, forms and query strings.

Each property asserts no 500 (the test client raises a view's exception) and that nothing is saved
from refused input. Bounded: about 300 examples in all by default; HYPOTHESIS_MAX_EXAMPLES searches
harder.
"""

import json
import os
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts import editing, inputs
from accounts.models import FigureChange, FreeText, IncomeFact, ReviewComment
from performance.models import Evaluation

EXAMPLES = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text that looks like amounts, and text of any kind: digits of other scripts, full-width forms,
# exponents, separators, control characters.
AMOUNT_LIKE = st.text(alphabet="0123456789０１２３４５６７８９٠١٢٣४५.,，．-+eE_ \x00\t", max_size=30)
ANY_TEXT = st.one_of(AMOUNT_LIKE, st.text(max_size=60))
INCOME = "income|2080101|general_budget"
TEXT = "text|main_functions|"


def address_kwargs(final_account):
    department = final_account.department
    return {"bureau": department.bureau.slug, "department": department.slug, "year": final_account.year}


def counts():
    return (
        IncomeFact.objects.count(),
        FreeText.objects.count(),
        FigureChange.objects.count(),
        ReviewComment.objects.count(),
    )


@FUZZ
@given(text=ANY_TEXT)
@example(text="1E+1000000")
@example(text="-0")
@example(text="1_000")
def test_an_amount_is_read_within_range_or_refused_with_a_message(text):
    try:
        amount, note = inputs.parse_amount(text)
    except ValidationError as refused:
        assert refused.messages[0].startswith(("“", "金额"))
        return
    if amount is None:
        assert text.strip() == ""
        return
    assert amount.is_finite() and abs(amount) < Decimal("1E16")
    assert not (amount == 0 and amount.is_signed())
    assert (note != "") == any("０" <= c <= "９" for c in text)
    try:
        stored = editing.parse_amount(text, allow_negative=True)
    except ValidationError:
        return  # more decimals than a 元 amount keeps
    assert stored.as_tuple().exponent == -2 and not (stored == 0 and stored.is_signed())


@pytest.mark.slow  # a few hundred requests through the whole stack
@FUZZ
@given(amount=ANY_TEXT, text=ANY_TEXT)
def test_the_grid_saves_what_it_accepts_and_nothing_it_refuses(
    client, final_account, accountant, amount, text
):
    client.force_login(accountant)
    before = counts()
    stored_before = editing.stored_values(final_account, [editing.Address.parse(INCOME)])
    response = client.post(
        reverse("accounts:entry-save", kwargs=address_kwargs(final_account)),
        data=json.dumps(
            {
                "screen": "income",
                "cells": [
                    {"name": INCOME, "value": amount, "original": "__any__"},
                    {"name": TEXT, "value": text, "original": "__any__"},
                ],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "U+" in response.json()["error"]
        assert counts() == before
        return
    data = response.json()
    if INCOME not in data["saved"]:
        assert editing.stored_values(final_account, [editing.Address.parse(INCOME)]) == stored_before
    for saved in FreeText.objects.values_list("text", flat=True):
        assert inputs.refused_character(saved) is None


@pytest.mark.slow
@FUZZ
@given(text=ANY_TEXT, section=st.sampled_from(["", "表1", "nothing\x00"]))
def test_a_comment_is_saved_as_typed_or_refused_whole(client, final_account, reviewer, text, section):
    client.force_login(reviewer)
    before = counts()
    response = client.post(
        reverse("accounts:case-comment", kwargs=address_kwargs(final_account)),
        data=f"text={_quote(text)}&section={_quote(section)}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 302, 400)
    if response.status_code == 400:
        assert counts() == before
    created = ReviewComment.objects.count() - before[3]
    if created:
        assert ReviewComment.objects.latest("pk").text == text.strip()
        assert inputs.refused_character(text) is None


@pytest.mark.slow
@FUZZ
@given(name=ANY_TEXT, scope=st.sampled_from(["project", "department", "nothing", "\x00"]))
def test_a_new_self_evaluation_is_added_as_named_or_refused_whole(
    client, final_account, accountant, name, scope
):
    client.force_login(accountant)
    before = Evaluation.objects.count()
    response = client.post(
        reverse("performance:evaluation-create", kwargs={"pk": final_account.pk}),
        data=f"scope={_quote(scope)}&name={_quote(name)}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Evaluation.objects.count() == before
    else:
        assert Evaluation.objects.count() == before + 1
        assert inputs.refused_character(name) is None


@FUZZ
@given(query=ANY_TEXT)
def test_the_search_answers_any_query_without_an_error(client, db, query):
    response = client.get(reverse("accounts:portal-search"), {"q": query})
    assert response.status_code in (200, 400)
    assert (response.status_code == 400) == (inputs.refused_character(query) is not None)


def _quote(text):
    from urllib.parse import quote

    return quote(text, safe="")
