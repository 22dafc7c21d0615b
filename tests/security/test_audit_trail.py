"""The audit trail keeps who did it: a person who changed, submitted or published cannot be deleted.

Before: the foreign keys were SET_NULL, so deleting a user rewrote their changes and submissions as
the system's (“系统”). Now the administrator deactivates them instead; deleting is refused.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError

from accounts import editing, workflow
from accounts.models import FigureChange, Transition
from tests.builders import follow_table_five, make_user
from tests.security.builders import SIGN_OFF, fill_clean


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def history(final_account, accountant):
    fill_clean(final_account)
    editing.set_income(
        final_account, code="2080101", source="general_budget", amount="1200.00", by=accountant
    )
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="1200.00", by=accountant
    )
    editing.set_basic_detail(final_account, code="30101", amount="1200.00", by=accountant)
    editing.set_budget(final_account, amount="1200.00", by=accountant)
    editing.set_budget(final_account, code="2080101", amount="1200.00", by=accountant)
    follow_table_five(final_account, by=accountant)
    workflow.submit(final_account, by=accountant, **SIGN_OFF)
    return final_account


def test_the_admin_refuses_to_delete_a_person_on_the_trail(admin_client, history, accountant):
    response = admin_client.post(f"/admin/auth/user/{accountant.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200  # the confirmation page, naming what protects the user
    assert "<title>无法删除 用户" in response.content.decode()
    assert get_user_model().objects.filter(pk=accountant.pk).exists()
    assert set(FigureChange.objects.filter(final_account=history).values_list("user", flat=True)) == {
        None,
        accountant.pk,
    }
    assert Transition.objects.get(final_account=history).by == accountant


def test_deleting_a_person_on_the_trail_is_refused_and_deactivating_keeps_the_name(history, accountant):
    with pytest.raises(ProtectedError):
        accountant.delete()
    accountant.is_active = False
    accountant.save(update_fields=["is_active"])
    assert Transition.objects.get(final_account=history).by.username == "alice"


def test_a_person_with_no_record_can_still_be_deleted(admin_client, db):
    newcomer = make_user("newcomer")
    response = admin_client.post(f"/admin/auth/user/{newcomer.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=newcomer.pk).exists()
