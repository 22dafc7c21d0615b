"""Login throttling (django-axes): five failures of one username from one address lock that pair out."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.builders import make_user

PASSWORD = "correct horse battery"
LOCKOUT = "连续 5 次登录失败，用户名“alice”已暂停登录 15 分钟，请稍后再试。"


def attempt(client, password, *, username="alice", address="192.0.2.10"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def lockout_message(response):
    html = response.content.decode()
    start = html.index('<li class="message-error">') + len('<li class="message-error">')
    return html[start : html.index("</li>", start)]


@pytest.fixture
def alice(db):
    return make_user("alice")


def test_four_failures_still_let_the_right_password_in(client, alice):
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200
    response = attempt(client, PASSWORD)
    assert (response.status_code, response.headers["Location"]) == (302, "/signed-in/")


def test_the_fifth_failure_locks_the_username_out_with_a_chinese_message(client, alice):
    responses = [attempt(client, "wrong") for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert lockout_message(responses[-1]) == LOCKOUT
    assert AccessAttempt.objects.get(username="alice", ip_address="192.0.2.10").failures_since_start == 5


def test_a_locked_out_username_is_refused_even_with_the_right_password(client, alice):
    for _ in range(5):
        attempt(client, "wrong")
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert lockout_message(response) == LOCKOUT
    assert client.get("/").context["user"].is_authenticated is False


def test_the_lockout_is_keyed_by_username_and_address(client, alice):
    make_user("bob")
    for _ in range(5):
        attempt(client, "wrong")
    from_elsewhere = attempt(client, PASSWORD, address="198.51.100.7")
    assert (from_elsewhere.status_code, from_elsewhere.headers["Location"]) == (302, "/signed-in/")
    client.post("/logout/")
    other_user = attempt(client, PASSWORD, username="bob")
    assert (other_user.status_code, other_user.headers["Location"]) == (302, "/signed-in/")


def test_the_lockout_ends_after_fifteen_minutes(client, alice):
    for _ in range(5):
        attempt(client, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1))
    response = attempt(client, PASSWORD)
    assert (response.status_code, response.headers["Location"]) == (302, "/signed-in/")


def test_a_lockout_page_escapes_the_username(client, db):
    for _ in range(5):
        response = attempt(client, "wrong", username="<script>alert(1)</script>")
    assert response.status_code == 429
    assert lockout_message(response) == (
        "连续 5 次登录失败，用户名“&lt;script&gt;alert(1)&lt;/script&gt;”已暂停登录 15 分钟，请稍后再试。"
    )
