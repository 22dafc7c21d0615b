"""The JSON of a version as the public gets it: the frozen JSON without the checks' workings.

The frozen JSON is the record of what was published, and keeps what the checks found when it was
frozen (rule ids, the checks' own messages), which the published page reads to place the
department's explanations. Readers get the same data without them: the facts, tables and files as
frozen, and the department's explanations of its figures in its own words (figure and text). This is
made when served, so versions frozen before it are served the same way; its SHA-256 is what the
version's page, the API and the downloads state for the JSON.
"""

import hashlib

from django.core.cache import cache

from ..publishing import json_bytes
from .frozen import frozen_bytes, frozen_data

INTERNAL = ("findings",)  # what the checks found: rule ids, severities, the checks' wording
CACHED_MAX_AGE = 24 * 3600
CACHED_MAX_BYTES = 4 * 1024 * 1024


def public_data(frozen):
    """Return the parsed frozen JSON `frozen` as readers get it (a new dict; `frozen` is unchanged)."""
    data = {key: value for key, value in frozen.items() if key not in INTERNAL}
    explanations, seen = [], set()
    for explanation in frozen.get("explanations", []):
        text = explanation["text"].strip()
        if text and (explanation["target"], text) not in seen:
            seen.add((explanation["target"], text))
            explanations.append({"target": explanation["target"], "text": text})
    data["explanations"] = explanations
    return data


def public_json(version):
    """Return (bytes, SHA-256) of `version`'s public JSON; raise TamperedFile when its file fails its check."""
    frozen_bytes(version, "json")  # the stored file is checked first, on every call (cheap once verified)
    key = f"juesuan:public-json:{version.json_sha256}"
    found = cache.get(key)
    if found is None:
        body = json_bytes(public_data(frozen_data(version)))
        found = (body, hashlib.sha256(body).hexdigest())
        if len(body) <= CACHED_MAX_BYTES:
            cache.set(key, found, CACHED_MAX_AGE)
    return found


__all__ = ["public_data", "public_json"]
