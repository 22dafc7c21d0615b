import pytest
from django.contrib.auth import get_user_model

from accounts.models import Membership


@pytest.fixture
def colleague(department):
    """A second accountant of the accountant's department, who saves cells in between."""
    user = get_user_model().objects.create_user(
        username="zhangsan", password="correct horse battery", first_name="张三"
    )
    Membership.objects.create(user=user, role=Membership.Role.ACCOUNTANT, department=department)
    return user
