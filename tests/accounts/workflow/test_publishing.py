"""Freezing a version: its cover shows its own date, and the facts are loaded once."""

import datetime
import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import editing, publishing, workflow
from accounts.models import (
    Balance,
    BasicExpenditureDetail,
    Budget,
    ExpenditureFact,
    FreeText,
    IncomeFact,
    OfficialExpense,
    StatedFigure,
)
from accounts.publishing import read_verified

from .conftest import SIGN_OFF


def cover_date(version):
    """The date printed on the frozen cover of `version` (None when it prints none)."""
    found = re.search(r'<p class="cover-date">([^<]*)</p>', read_verified(version, "html").decode())
    return found.group(1) if found else None


def printed(date):
    return f"{date.year} 年 {date.month} 月 {date.day} 日"


def test_version_one_cover_shows_the_day_it_is_published(clean_account, accountant, reviewer):
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    workflow.approve(clean_account, by=reviewer)
    version = workflow.publish(clean_account, by=reviewer)
    today = timezone.localdate()
    clean_account.refresh_from_db()
    assert (cover_date(version), clean_account.disclosure_date, timezone.localdate(version.published_at)) == (
        printed(today),
        today,
        today,
    )
    assert json.loads(read_verified(version, "json"))["final_account"]["disclosure_date"] == today.isoformat()


def test_a_correction_cover_shows_its_own_date_and_the_first_keeps_its_own(
    clean_account, accountant, reviewer
):
    first = workflow.record_imported_publication(
        clean_account, published_on=datetime.date(2023, 11, 28), reason="载入已公开的决算"
    )
    assert cover_date(first) == "2023 年 11 月 28 日"

    workflow.open_correction(clean_account, by=accountant, reason="更正2080101的支出")
    editing.set_free_text(
        clean_account, key="main_functions", text="负责全区人力资源和社会保障工作。", by=accountant
    )
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    workflow.approve(clean_account, by=reviewer)
    second = workflow.publish(clean_account, by=reviewer)

    today = timezone.localdate()
    assert (cover_date(first), cover_date(second)) == ("2023 年 11 月 28 日", printed(today))
    dates = [
        json.loads(read_verified(v, "json"))["final_account"]["disclosure_date"] for v in (first, second)
    ]
    assert dates == ["2023-11-28", today.isoformat()]


FACT_MODELS = (
    IncomeFact,
    ExpenditureFact,
    Balance,
    BasicExpenditureDetail,
    OfficialExpense,
    Budget,
    StatedFigure,
    FreeText,
)


def test_freeze_loads_the_facts_once(clean_account):
    with CaptureQueriesContext(connection) as captured:
        frozen = publishing.freeze(clean_account, number=1, published_on=datetime.date(2023, 11, 28))
    reads = {
        model.__name__: sum(
            1 for query in captured.captured_queries if f'FROM "{model._meta.db_table}"' in query["sql"]
        )
        for model in FACT_MODELS
    }
    assert reads == dict.fromkeys(reads, 1)
    # What the cells are written from is what the JSON holds: the same data, not a re-parse of it.
    assert json.loads(frozen.files["json"]) == json.loads(publishing.json_bytes(frozen.data))
    assert frozen.data["final_account"]["disclosure_date"] == "2023-11-28"
