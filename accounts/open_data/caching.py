"""HTTP caching of public responses: version addresses never change, current addresses change rarely.

A version's address (…/v<n>/…) always answers with the same content, so it is cached for a year
(`immutable`) under an ETag made from the frozen file's SHA-256. The current address (…/<year>/…)
moves to the next version when a correction is published, so caches keep it for a few minutes and
revalidate it with its ETag (If-None-Match → 304).

Within one server process, anonymous requests reuse what a request of the last few seconds found at
an address (STAMPS_MAX_AGE, far inside the minutes shared caches may keep a current address), and the
page rendered for it: a busy page then costs no query at all. Publishing clears both in the process
that publishes; signed-in people always get a fresh lookup.
"""

import time

from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

from . import frozen
from .frozen import BoundedCache
from .queries import version_stamps_at

CURRENT_MAX_AGE = 300  # seconds a cache may serve a current address before asking again
IMMUTABLE_MAX_AGE = 365 * 24 * 3600
STAMPS_MAX_AGE = 5  # seconds an anonymous request may be answered with the versions found by another

# Rendered anonymous pages, by a key naming everything a page shows (the frozen version and its place
# among the versions): a page rendered once is the page for every anonymous visitor.
_rendered = BoundedCache(max_entries=256, max_bytes=64 * 1024 * 1024)
# (bureau, department, year) → (monotonic time until which it may be reused, the VersionStamps there).
_stamps = BoundedCache(max_entries=4096)


def clear_caches():
    """Forget rendered pages, version lookups and frozen files kept in memory."""
    _rendered.clear()
    _stamps.clear()
    frozen.clear_caches()


def forget_on_publication():
    """Clear the caches now and once the publishing transaction commits (a request in between may
    have looked up the versions as they were)."""
    clear_caches()
    transaction.on_commit(clear_caches)


def published_stamps(request, bureau, department, year):
    """Return the VersionStamps at an address, newest first: for a request carrying no cookie, as
    found by a request of the last STAMPS_MAX_AGE seconds when there was one."""
    if request.COOKIES:
        return version_stamps_at(bureau, department, year)
    key, now = (bureau, department, year), time.monotonic()
    cached = _stamps.get(key)
    if cached is not None and cached[0][0] > now:
        return cached[0][1]
    stamps = version_stamps_at(bureau, department, year)
    if stamps:  # an address with nothing published yet is asked again next time
        _stamps.put(key, (now + STAMPS_MAX_AGE, stamps))
    return stamps


def etag(*parts, weak=False):
    """Return an ETag from `parts` (a SHA-256 first); weak for files generated anew on each request."""
    tag = '"' + "-".join(str(part) for part in parts) + '"'
    return f"W/{tag}" if weak else tag


def serve_cached(request, tag, produce, *, immutable, personal=False, memo_key=None):
    """Return `produce()` with caching headers, or 304 Not Modified when the client already has `tag`.

    `personal` responses (pages that show who is signed in) are never stored by shared caches.
    With a `memo_key`, a successful response is kept in memory under it and served again to
    requests that carry no cookie (no session, no pending message), as a shared cache would.
    """
    if personal:
        response = produce()
        patch_cache_control(response, private=True, no_cache=True)
        return response
    response = get_conditional_response(request, etag=tag)
    if response is None and memo_key is not None and not request.COOKIES:
        cached = _rendered.get(memo_key)
        if cached is not None:
            content, content_type = cached[0]
            response = HttpResponse(content, content_type=content_type)
        else:
            response = produce()
            if response.status_code == 200 and not response.cookies:
                _rendered.put(memo_key, (response.content, response["Content-Type"]), len(response.content))
    if response is None:
        response = produce()
    if response.status_code in (200, 304):
        response["ETag"] = tag
        if immutable:
            patch_cache_control(response, public=True, max_age=IMMUTABLE_MAX_AGE, immutable=True)
        else:
            patch_cache_control(response, public=True, max_age=CURRENT_MAX_AGE)
    return response
