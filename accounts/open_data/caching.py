"""HTTP caching of public responses: version addresses never change, current addresses change rarely.

A version's address (…/v<n>/…) always answers with the same content, so it is cached for a year
(`immutable`) under an ETag made from the frozen file's SHA-256. The current address (…/<year>/…)
moves to the next version when a correction is published, so caches keep it for a few minutes and
revalidate it with its ETag (If-None-Match → 304).
"""

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

from . import frozen
from .frozen import BoundedCache

CURRENT_MAX_AGE = 300  # seconds a cache may serve a current address before asking again
IMMUTABLE_MAX_AGE = 365 * 24 * 3600

# Rendered anonymous pages, by a key naming everything a page shows (the frozen version and its place
# among the versions): a page rendered once is the page for every anonymous visitor.
_rendered = BoundedCache(max_entries=256, max_bytes=64 * 1024 * 1024)


def clear_caches():
    """Forget rendered pages and frozen files kept in memory (for tests that rewrite stored files)."""
    _rendered.clear()
    frozen.clear_caches()


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
