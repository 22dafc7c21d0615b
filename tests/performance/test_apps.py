"""What performance registers with accounts when it loads."""

from django.urls import reverse

from accounts.views.links import Link


def test_the_workspace_links_each_final_account_to_its_self_evaluations(client, final_account, accountant):
    client.force_login(accountant)
    response = client.get(reverse("accounts:workspace"))
    [row] = response.context["departments"][0]["accounts"]
    expected = f"/performance/final-accounts/{final_account.pk}/"
    assert row["links"] == [Link(label="绩效自评", url=expected)]
    assert f'<a href="{expected}">绩效自评</a>' in response.content.decode()


def test_the_case_page_links_to_the_self_evaluations(client, final_account, accountant):
    client.force_login(accountant)
    response = client.get("/review/dongxihu/hrss/2022/")
    expected = f"/performance/final-accounts/{final_account.pk}/"
    assert response.context["links"] == [Link(label="绩效自评", url=expected)]
    assert f'<a href="{expected}">绩效自评</a>' in response.content.decode()
