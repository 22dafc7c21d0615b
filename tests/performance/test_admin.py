"""Self-evaluations are read in the admin, never edited there."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from performance.demo import load_demo_evaluations
from performance.models import Evaluation


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "correct horse battery")
    client.force_login(admin)
    return client


@pytest.fixture
def evaluation(final_account):
    load_demo_evaluations(final_account)
    return Evaluation.objects.get(final_account=final_account, position=9)


def test_evaluation_is_shown_read_only(admin_client, evaluation):
    response = admin_client.get(f"/admin/performance/evaluation/{evaluation.pk}/change/")
    assert response.status_code == 200
    assert "支农返汉" in response.content.decode()
    assert b'name="budget"' not in response.content


def test_posting_an_evaluation_change_changes_nothing(admin_client, evaluation):
    response = admin_client.post(
        f"/admin/performance/evaluation/{evaluation.pk}/change/", {"stated_execution_score": "13"}
    )
    assert response.status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.stated_execution_score == Decimal("14.00")


def test_adding_and_deleting_evaluations_through_the_admin_is_refused(admin_client, evaluation):
    assert admin_client.get("/admin/performance/evaluation/add/").status_code == 403
    response = admin_client.post(f"/admin/performance/evaluation/{evaluation.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Evaluation.objects.count() == 12


@pytest.mark.parametrize(
    "model", ["evaluation", "goal", "indicatorcategory", "indicatorsubcategory", "indicator"]
)
def test_every_model_is_listed(admin_client, evaluation, model):
    response = admin_client.get(f"/admin/performance/{model}/")
    assert response.status_code == 200
    assert b'id="result_list"' in response.content
