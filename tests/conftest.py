import pytest

from accounts.reference_data import load_shipped_reference_data
from tests.builders import make_accountant, make_bureau, make_department, make_final_account, make_reviewer


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped 2022 subjects and format once for the whole session."""
    with django_db_blocker.unblock():
        load_shipped_reference_data(2022)


@pytest.fixture
def bureau(db):
    return make_bureau()


@pytest.fixture
def department(bureau):
    return make_department(bureau)


@pytest.fixture
def final_account(department):
    return make_final_account(department)


@pytest.fixture
def accountant(department):
    return make_accountant(department, "alice")


@pytest.fixture
def other_department_accountant(bureau):
    return make_accountant(make_department(bureau, slug="finance", name="区财政局机关", short_name="财政局机关"), "bob")


@pytest.fixture
def reviewer(bureau):
    return make_reviewer(bureau, "charlie")


@pytest.fixture
def other_bureau_reviewer(db):
    return make_reviewer(make_bureau(slug="caidian", name="蔡甸区财政局"), "dave")
