"""Reading frozen versions: verified bytes and parsed JSON, kept in the shared cache once verified.

A version's files never change, so bytes that passed `read_verified` once are served again from
Django's cache (shared by every process: Redis, or the database) without re-reading and re-hashing
them, as long as the stored file keeps the size and modification time it had when it was verified: a
file changed in place is read and checked again (and refused if damaged). Keys carry the SHA-256, so
an entry can never stand for other bytes; the parsed JSON of a version is kept under its hash too.
"""

import hashlib
import json

from django.core.cache import cache
from django.core.files.storage import default_storage

from ..publishing import LAYOUT, LayoutMissing, TamperedFile, read_verified

# Larger files are read from storage each time: a cache entry should stay far below what the cache
# accepts in one value (and a copy of every PDF would crowd out everything else).
MAX_CACHED_FILE_BYTES = 4 * 1024 * 1024
FROZEN_MAX_AGE = 7 * 24 * 3600  # immutable content: kept until evicted, or a week


def _key(kind, *parts):
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return f"juesuan:frozen:{kind}:{digest}"


def frozen_bytes(version, kind):
    """Return the verified bytes of one file of `version` ("html", "pdf", "json", "layout").

    Raises TamperedFile when the stored file is missing or damaged.
    """
    name = getattr(version, f"{kind}_file")
    try:
        stamp = (default_storage.size(name), default_storage.get_modified_time(name).timestamp())
    except OSError:
        return read_verified(version, kind)  # missing: read_verified reports it
    key = _key("bytes", name, getattr(version, f"{kind}_sha256"), *stamp)
    data = cache.get(key)
    if data is not None:
        return data
    data = read_verified(version, kind)
    if len(data) <= MAX_CACHED_FILE_BYTES:
        cache.set(key, data, FROZEN_MAX_AGE)
    return data


def frozen_data(version):
    """Return the parsed frozen JSON of `version`, or raise TamperedFile."""
    payload = frozen_bytes(version, "json")  # checks the stored file first, cheaply once verified
    key = _key("json", version.json_sha256)
    data = cache.get(key)
    if data is None:
        data = json.loads(payload)
        cache.set(key, data, FROZEN_MAX_AGE)
    return data


def frozen_layout(version):
    """Return the parsed supplementary layout file of `version` (read-only), or raise TamperedFile."""
    payload = frozen_bytes(version, LAYOUT)
    key = _key("layout", version.layout_sha256)
    data = cache.get(key)
    if data is None:
        data = json.loads(payload)
        cache.set(key, data, FROZEN_MAX_AGE)
    return data


__all__ = ["LayoutMissing", "TamperedFile", "frozen_bytes", "frozen_data", "frozen_layout"]
