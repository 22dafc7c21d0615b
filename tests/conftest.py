import hashlib
import os
import uuid
from pathlib import Path

import pytest

from accounts import publishing
from accounts.document import pdf
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
    return make_accountant(
        make_department(bureau, slug="finance", name="区财政局机关", short_name="财政局机关"), "bob"
    )


@pytest.fixture
def reviewer(bureau):
    return make_reviewer(bureau, "charlie")


@pytest.fixture
def other_bureau_reviewer(db):
    return make_reviewer(make_bureau(slug="caidian", name="蔡甸区财政局"), "dave")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Published files go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Django's default PBKDF2 takes about a second per password; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def own_cache(settings):
    """Each test has a cache of its own, in memory: it stands in for the shared Redis of production
    (no SQL, so query counts count the database's work only) and starts empty. Tests of the database
    cache and of Redis across processes set CACHES themselves."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4()}",
        }
    }


@pytest.fixture(scope="session")
def rendered_pdfs(tmp_path_factory):
    """The directory of the PDFs rendered in this run, shared by its xdist workers.

    scripts/test.sh names one for both of its runs (PostgreSQL, then SQLite) in JUESUAN_TEST_PDFS.
    """
    if os.environ.get("JUESUAN_TEST_PDFS"):
        return Path(os.environ["JUESUAN_TEST_PDFS"])
    base = tmp_path_factory.getbasetemp()
    directory = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "rendered-pdfs"
    directory.mkdir(exist_ok=True)
    return directory


@pytest.fixture(autouse=True)
def render_each_pdf_once(monkeypatch, rendered_pdfs):
    """In one run, render_pdf lays out each distinct document once.

    WeasyPrint turns the same HTML and stylesheets into the same bytes, and a layout takes seconds:
    publishing the same small departments in test after test was about half of the suite's time.
    Any change of a figure, a text, the draft mark or the stylesheets is another document, rendered
    anew (a missing stylesheet still fails). Test modules that import render_pdf by name, as the
    document tests do, hold the unwrapped function and call WeasyPrint every time.
    """
    render = pdf.render_pdf

    def render_pdf(document, *, draft=False):
        html = pdf.render_html(document, draft=draft)
        key = hashlib.sha256(repr((html, pdf.stylesheets())).encode()).hexdigest()
        path = rendered_pdfs / f"{key}.pdf"
        if not path.exists():
            partial = path.with_suffix(f".{os.getpid()}")
            partial.write_bytes(render(document, draft=draft))
            partial.replace(path)  # atomic: another worker reads a whole file or none
        return path.read_bytes()

    monkeypatch.setattr(pdf, "render_pdf", render_pdf)
    monkeypatch.setattr(publishing, "render_pdf", render_pdf)  # imported there by name
