import pytest

from tests.builders import make_user


@pytest.mark.django_db
def test_login_page_speaks_chinese(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "<h1>登录</h1>" in response.content.decode()
    assert response.headers["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_login_then_logout(client):
    make_user("alice")
    response = client.post("/login/", {"username": "alice", "password": "correct horse battery"})
    assert (response.status_code, response.headers["Location"]) == (302, "/signed-in/")
    assert client.get("/signed-in/").headers["Location"] == "/"  # no membership: the portal
    assert client.get("/").context["user"].username == "alice"
    client.post("/logout/")
    assert client.get("/").context["user"].is_authenticated is False


@pytest.mark.django_db
def test_wrong_password_is_refused_in_chinese(client):
    make_user("alice")
    response = client.post("/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


@pytest.mark.django_db
def test_password_change_requires_login(client):
    response = client.get("/password/")
    assert (response.status_code, response.headers["Location"]) == (302, "/login/?next=/password/")


@pytest.mark.django_db
def test_password_change(client):
    user = make_user("alice")
    client.force_login(user)
    response = client.post(
        "/password/",
        {
            "old_password": "correct horse battery",
            "new_password1": "another long phrase 42",
            "new_password2": "another long phrase 42",
        },
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/password/done/")
    user.refresh_from_db()
    assert user.check_password("another long phrase 42") is True


def test_sign_in_leads_each_role_to_its_work(client, accountant, reviewer, django_user_model):
    client.force_login(accountant)
    assert client.get("/signed-in/").headers["Location"] == "/workspace/"
    client.force_login(reviewer)
    assert client.get("/signed-in/").headers["Location"] == "/review/"
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.org", "pw-long-enough-1")
    )
    assert client.get("/signed-in/").headers["Location"] == "/admin/"
