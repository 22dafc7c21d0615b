"""The client's address behind the proxy: django-axes keys its lockout on it, through django-ipware.

Before django-ipware was installed, axes ignored its AXES_IPWARE_* settings and saw every client behind
the proxy as the proxy (127.0.0.1): five failures from anywhere locked a username out for everyone.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.builders import make_user

PASSWORD = "correct horse battery"
PROXY = "127.0.0.1"
NAMES = ("TRUSTED_PROXY_COUNT", "AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT")


def settings_under(environment):
    """The address settings config/settings.py makes of `environment` (read in a fresh interpreter)."""
    code = (
        f"import json, config.settings as s; print(json.dumps({{n: getattr(s, n, None) for n in {NAMES!r}}}))"
    )
    env = {**os.environ, "SECRET_KEY": "x", **environment}
    output = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


def through_proxy(client, client_address, password, username="alice"):
    """A login as nginx (deploy/nginx.conf) forwards it: from the proxy, the client's address in X-Forwarded-For."""
    return client.post(
        "/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


@pytest.fixture
def behind_one_proxy(settings):
    values = settings_under({"TRUSTED_PROXY_COUNT": "1"})
    assert values == {
        "TRUSTED_PROXY_COUNT": 1,
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["HTTP_X_FORWARDED_FOR"],
        "AXES_IPWARE_PROXY_COUNT": 0,
    }
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(values["AXES_IPWARE_META_PRECEDENCE_ORDER"])
    settings.AXES_IPWARE_PROXY_COUNT = values["AXES_IPWARE_PROXY_COUNT"]
    settings.AXES_IPWARE_PROXY_ORDER = "left-most"


def test_two_clients_behind_the_proxy_are_throttled_apart(client, db, behind_one_proxy):
    make_user("alice")
    for _ in range(5):
        through_proxy(client, "203.0.113.5", "wrong")
    assert through_proxy(client, "203.0.113.5", PASSWORD).status_code == 429
    colleague = through_proxy(client, "198.51.100.7", PASSWORD)
    assert (colleague.status_code, colleague.headers["Location"]) == (302, "/signed-in/")


def test_without_a_proxy_a_forwarded_address_is_ignored(client, db):
    assert settings_under({"TRUSTED_PROXY_COUNT": ""})["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["REMOTE_ADDR"]
    make_user("alice")
    for number in range(5):
        through_proxy(client, f"203.0.113.{number}", "wrong")
    assert through_proxy(client, "198.51.100.7", PASSWORD).status_code == 429
