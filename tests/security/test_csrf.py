"""CSRF: every route of the project refuses a POST without the token; every form on every page carries one."""

import json
import re

import pytest
from django.http import HttpResponseForbidden
from django.test import Client

from accounts.models import ReviewComment

from .crawling import one_address_per_endpoint


def refused(request, reason=""):
    """The CSRF failure view of these tests: says that CsrfViewMiddleware refused the request, and why."""
    return HttpResponseForbidden(f"csrf-refused: {reason}")


@pytest.fixture(autouse=True)
def recognisable_csrf_failures(settings):
    settings.CSRF_FAILURE_VIEW = "tests.security.test_csrf.refused"


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_route_refuses_a_post_without_the_csrf_token(final_account, accountant, signed_in):
    client = Client(enforce_csrf_checks=True)
    if signed_in:
        client.force_login(accountant)
    answers = {}
    for address in one_address_per_endpoint(final_account):
        response = client.post(address, {"text": "意见", "workbook": ""})
        answers[address] = (response.status_code, response.content.decode()[:13])
    # The uploads (import, last year's figures) are exempt from the middleware (their upload handler
    # must be installed before the body is read) and protect themselves once the user is known;
    # anonymous users go to the login.
    expected = {address: (403, "csrf-refused:") for address in answers}
    if not signed_in:
        expected["/import/dongxihu/hrss/2022/"] = (302, "")
        expected["/import/dongxihu/hrss/2022/prior-year/"] = (302, "")
    assert answers == expected
    assert ReviewComment.objects.count() == 0


def test_a_post_with_the_token_from_the_page_goes_through(final_account, accountant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(accountant)
    page = client.get("/review/dongxihu/hrss/2022/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    response = client.post(
        "/review/dongxihu/hrss/2022/comment/", {"text": "意见", "csrfmiddlewaretoken": token}
    )
    comment = ReviewComment.objects.get()
    assert (response.status_code, response.headers["Location"]) == (
        302,
        f"/review/dongxihu/hrss/2022/#comment-{comment.pk}",
    )
    assert comment.text == "意见"


def test_the_entry_grid_saves_with_the_token_in_its_header_and_not_without(final_account, accountant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(accountant)
    page = client.get("/entry/dongxihu/hrss/2022/income/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    body = json.dumps({"screen": "income", "cells": []})
    without = client.post("/entry/dongxihu/hrss/2022/save/", body, content_type="application/json")
    assert (without.status_code, without.content.decode()[:13]) == (403, "csrf-refused:")
    with_token = client.post(
        "/entry/dongxihu/hrss/2022/save/",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert (with_token.status_code, with_token.json()["message"]) == (200, "已保存 0 个单元格。")


POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


@pytest.mark.parametrize("persona", ["accountant", "reviewer"])
def test_every_post_form_on_the_members_pages_carries_the_token(client, final_account, persona, request):
    client.force_login(request.getfixturevalue(persona))
    forms = []
    for address in one_address_per_endpoint(final_account):
        if address.endswith("pdf/"):
            continue  # a PDF holds no form, and rendering one takes seconds
        response = client.get(address)
        if response.status_code == 200 and response.headers["Content-Type"].startswith("text/html"):
            forms += [
                (address, "csrfmiddlewaretoken" in form)
                for form in POST_FORM.findall(response.content.decode())
            ]
    assert len(forms) >= 5
    assert [address for address, has_token in forms if not has_token] == []
