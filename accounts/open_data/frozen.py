"""Reading frozen versions: verified bytes and parsed JSON, kept in memory once verified.

A version's files never change, so bytes that passed `read_verified` once are served again without
re-reading and re-hashing them, as long as the stored file keeps the size and modification time it had
when it was verified: a file changed in place is read and checked again (and refused if damaged).
"""

import json
import threading
from collections import OrderedDict

from django.core.files.storage import default_storage

from ..publishing import LAYOUT, LayoutMissing, TamperedFile, read_verified

# Per process: a few dozen documents (≈ 0.2–1 MB each) cover what a server is asked for most.
MAX_CACHED_BYTES = 64 * 1024 * 1024
MAX_CACHED_DOCUMENTS = 32


class BoundedCache:
    """A least-recently-used mapping bounded by entry count and, optionally, by total size."""

    def __init__(self, *, max_entries, max_bytes=None):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.entries, self.size = OrderedDict(), 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value, size=0):
        with self.lock:
            replaced = self.entries.pop(key, None)
            if replaced is not None:
                self.size -= replaced[1]
            self.entries[key] = (value, size)
            self.size += size
            while self.entries and (
                len(self.entries) > self.max_entries or (self.max_bytes and self.size > self.max_bytes)
            ):
                _key, (_value, old_size) = self.entries.popitem(last=False)
                self.size -= old_size

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


_bytes = BoundedCache(max_entries=256, max_bytes=MAX_CACHED_BYTES)
_documents = BoundedCache(max_entries=MAX_CACHED_DOCUMENTS)


def frozen_bytes(version, kind):
    """Return the verified bytes of one file of `version` ("html", "pdf", "json", "layout").

    Raises TamperedFile when the stored file is missing or damaged.
    """
    name = getattr(version, f"{kind}_file")
    try:
        stamp = (default_storage.size(name), default_storage.get_modified_time(name))
    except OSError:
        stamp = None  # missing: read_verified reports it
    key = (name, getattr(version, f"{kind}_sha256"), stamp)
    cached = _bytes.get(key)
    if cached is not None:
        return cached[0]
    data = read_verified(version, kind)
    if stamp is not None:
        _bytes.put(key, data, len(data))
    return data


def frozen_data(version):
    """Return the parsed frozen JSON of `version` (treat it as read-only), or raise TamperedFile."""
    payload = frozen_bytes(version, "json")  # checks the stored file first, cheaply once verified
    key = version.json_sha256
    cached = _documents.get(key)
    if cached is not None:
        return cached[0]
    data = json.loads(payload)
    _documents.put(key, data)
    return data


def frozen_layout(version):
    """Return the parsed supplementary layout file of `version` (read-only), or raise TamperedFile."""
    payload = frozen_bytes(version, LAYOUT)
    key = ("layout", version.layout_sha256)
    cached = _documents.get(key)
    if cached is not None:
        return cached[0]
    data = json.loads(payload)
    _documents.put(key, data)
    return data


def clear_caches():
    """Forget every cached file (tests that damage stored files call this)."""
    _bytes.clear()
    _documents.clear()


__all__ = ["LayoutMissing", "TamperedFile", "clear_caches", "frozen_bytes", "frozen_data", "frozen_layout"]
