from tests.accounts.workflow.conftest import clean_account  # noqa: F401
