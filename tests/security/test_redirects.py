"""Open redirects: a login never sends the user to another site, whatever `next` says."""

import pytest

from tests.builders import make_user


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"]
)
def test_signing_in_never_redirects_off_site(client, db, target):
    make_user("alice")
    response = client.post(
        f"/login/?next={target}", {"username": "alice", "password": "correct horse battery"}
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/signed-in/")


def test_signing_in_goes_on_to_a_page_of_the_site(client, db):
    make_user("alice")
    response = client.post(
        "/login/?next=/workspace/", {"username": "alice", "password": "correct horse battery"}
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/workspace/")
