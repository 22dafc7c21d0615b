"""Readers' JSON carries the department's explanations, never the checks' workings (rule ids)."""

import io
import json
import re
import zipfile

from accounts.publishing import read_verified

from .explained import explained_demo

DEMO = "/dongxihu/hrss/2022/"
RULE_ID = re.compile(r'"[A-Z]{1,2}\d{1,2}"')  # "R17", "I1", "N4" …


def test_served_json_of_the_demo_has_no_rule_ids_but_the_explanations(client, db):
    demo, _reviewer = explained_demo()
    version = demo.published_versions.get()
    frozen = read_verified(version, "json").decode()
    assert '"rule_id"' in frozen and RULE_ID.search(frozen)  # the record keeps what the checks found
    written = {e["text"].strip() for e in json.loads(frozen)["explanations"] if e["text"].strip()}
    assert written

    served = client.get(DEMO + "v1/json/").content
    api = client.get("/api/v1/final-accounts/dongxihu/hrss/2022/v1/facts/").content
    member = zipfile.ZipFile(io.BytesIO(client.get("/open-data/dongxihu/2022-json.zip").content)).read(
        "dongxihu/hrss/2022-v1.json"
    )
    assert member == served
    for body in (served, api):
        text = body.decode()
        assert '"rule_id"' not in text and '"findings"' not in text and not RULE_ID.search(text)
        assert "未填写说明" not in text and "审核提示" not in text
        assert {e["text"] for e in json.loads(body)["explanations"]} == written
    data = json.loads(served)
    assert (
        data["facts"] == json.loads(frozen)["facts"]
        and data["statements"] == json.loads(frozen)["statements"]
    )
