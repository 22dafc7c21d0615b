"""HTTP caching of public responses: version addresses never change, current addresses change rarely.

A version's address (…/v<n>/…) always answers with the same content, so it is cached for a year
(`immutable`) under an ETag made from the frozen file's SHA-256. The current address (…/<year>/…)
moves to the next version when a correction is published, so browsers revalidate it on every visit and
shared caches (a CDN) after a few minutes, with its ETag (If-None-Match → 304).

App servers keep no state of their own: every reader who is not signed in — with or without
cookies (a CSRF token, a returning visitor's, an expired session) — reuses, through Django's cache
framework (shared by every process on every machine: Redis, or the database), the versions another
request found at an address and the response rendered for them. A publication bumps one generation
number in that cache (`forget_on_publication`), so every process looks the versions up again at once;
the rendered responses are keyed by what they show and never go stale. Signed-in people always get a
fresh lookup, and the shared bytes with their own header put in (`serve_cached(personalise=…)`);
what is rendered for the shared cache is always rendered for an anonymous reader (`anonymous_view`).

Whether someone is signed in is asked only of a request carrying a session cookie: a request without
one never touches the session, and a shared response never says `Vary: Cookie`
(config.middleware.SharedResponseMiddleware), since its bytes do not depend on who reads them.
"""

import copy
import hashlib
import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

from .queries import version_stamps_at

# Seconds a shared cache (a CDN) may serve a current address before asking again. A browser asks every
# time (max-age=0) with the ETag it has, answered 304 from the shared cache: a reader, or the reviewer
# who has just published a correction, never sees the version it replaced once served.
CURRENT_MAX_AGE = 300
IMMUTABLE_MAX_AGE = 365 * 24 * 3600
# Seconds the versions found at an address are reused for anonymous requests. A publication makes
# every process look again at once; this bounds only changes made behind the application's back.
STAMPS_MAX_AGE = 60
RENDERED_MAX_AGE = 24 * 3600
RENDERED_MAX_BYTES = 2 * 1024 * 1024

GENERATION_KEY = "juesuan:published:generation"


def clear_caches():
    """Empty the whole cache (tests; a command that restores the database)."""
    cache.clear()


def _bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (a fresh or evicted cache): any new value makes old entries stale
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


def forget_on_publication():
    """Make every process look up the versions at every address again: now, and once the publishing
    transaction commits (a request in between may have looked up the versions as they were)."""
    _bump_generation()
    transaction.on_commit(_bump_generation)


# Seconds a session cookie found naming no signed-in user is remembered as such.
NOT_SIGNED_IN_MAX_AGE = 600


def signed_in(request):
    """Whether `request` comes from a signed-in user. The session is read only when the request
    carries a session cookie: without one this runs no query and leaves the session untouched.

    A session key found naming no signed-in user (expired, or a visitor's who never signed in) is
    remembered as such in the shared cache, so a returning visitor's stale cookie costs a cache lookup
    rather than a session query. Such a key never becomes a signed-in one: signing in gives the session
    a new key (django.contrib.auth.login cycles it).
    """
    known = getattr(request, "_juesuan_signed_in", None)
    if known is not None:
        return known
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    answer = False
    if key:
        marker = "juesuan:not-signed-in:" + hashlib.sha256(key.encode()).hexdigest()
        if not cache.get(marker):
            answer = request.user.is_authenticated
            if not answer:
                cache.set(marker, True, NOT_SIGNED_IN_MAX_AGE)
    request._juesuan_signed_in = answer
    return answer


def anonymous_view(request):
    """Return a stand-in for `request` as an anonymous reader with no cookie sees it: what is rendered
    for the shared cache is rendered through it, so that nothing of the reader (name, CSRF token,
    pending messages) can reach the bytes every reader gets."""
    anonymous = copy.copy(request)
    anonymous.user = AnonymousUser()
    anonymous._messages = ()
    anonymous.COOKIES = {}
    anonymous.META = {key: value for key, value in request.META.items() if not key.startswith("CSRF_")}
    anonymous.META.pop("HTTP_COOKIE", None)
    return anonymous


def mark_shared(response):
    """Mark `response` as the same for every reader: SharedResponseMiddleware drops `Vary: Cookie`."""
    response.shared = True
    return response


def shared_read(request):
    """Whether `request` may be answered from the shared cache: it may, unless it carries cookies
    and settings.PUBLIC_CACHE_WITH_COOKIES is off (the former behaviour, kept for measuring)."""
    return settings.PUBLIC_CACHE_WITH_COOKIES or not request.COOKIES


def published_stamps(request, bureau, department, year):
    """Return the VersionStamps at an address, newest first: for a reader who is not signed in, as
    found by another request (in any process) since the last publication, within STAMPS_MAX_AGE."""
    if not shared_read(request) or signed_in(request):
        return version_stamps_at(bureau, department, year)
    key = f"juesuan:stamps:{bureau}:{department}:{year}"
    found = cache.get_many([GENERATION_KEY, key])  # one round trip
    generation, entry = found.get(GENERATION_KEY), found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    # The generation read before the lookup: a publication committing meanwhile bumps it, and what
    # this lookup found is then never reused.
    stamps = version_stamps_at(bureau, department, year)
    if stamps:  # an address with nothing published yet is asked again next time
        cache.set(key, (generation, stamps), STAMPS_MAX_AGE)
    return stamps


def memoised(parts, build):
    """Return what `build()` returns, kept in the shared cache under `parts` (naming everything it
    depends on) for RENDERED_MAX_AGE; `build` returns (bytes, anything) and is not kept when its bytes
    are larger than RENDERED_MAX_BYTES. Exceptions of `build` pass through and nothing is kept."""
    key = "juesuan:memo:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    entry = cache.get(key)
    if entry is None:
        entry = build()
        if len(entry[0]) <= RENDERED_MAX_BYTES:
            cache.set(key, entry, RENDERED_MAX_AGE)
    return entry


def etag(*parts, weak=False):
    """Return an ETag from `parts` (a SHA-256 first); weak for files generated anew on each request."""
    tag = '"' + "-".join(str(part) for part in parts) + '"'
    return f"W/{tag}" if weak else tag


def _memoised(memo_key, produce):
    """Return the response kept under `memo_key` in the shared cache, or `produce()` it and keep it."""
    key = "juesuan:page:" + hashlib.sha256(repr(memo_key).encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        content, content_type, headers = cached if len(cached) == 3 else (*cached, {})
        response = HttpResponse(content, content_type=content_type)
        for name, value in headers.items():
            response[name] = value
        return response
    response = produce()
    if response.status_code == 200 and not response.cookies and len(response.content) <= RENDERED_MAX_BYTES:
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        cache.set(key, (response.content, response["Content-Type"], headers), RENDERED_MAX_AGE)
    return response


# Headers of a produced response kept with its bytes in the shared cache.
KEPT_HEADERS = ("Content-Disposition",)


def serve_cached(request, tag, produce, *, immutable, personal=False, memo_key=None, personalise=None):
    """Return `produce()` with caching headers, or 304 Not Modified when the client already has `tag`.

    `personal` responses (pages that show who is signed in) are never stored by shared caches.
    With a `memo_key` (naming everything the response shows), a successful response is kept in the
    shared cache under it and served again to every reader; `produce` must then render what an
    anonymous reader sees (`anonymous_view`). A personal response with `personalise` is the shared
    response with `personalise(content)` applied (the reader's header put in); without it, a personal
    response is produced anew each time.
    """
    if personal and personalise is None:
        response = produce()
        patch_cache_control(response, private=True, no_cache=True)
        return response
    response = None if personal else get_conditional_response(request, etag=tag)
    if response is None and memo_key is not None and shared_read(request):
        response = _memoised(memo_key, produce)
    if response is None:
        response = produce()
    if personal:
        if response.status_code == 200:
            response.content = personalise(response.content)
        patch_cache_control(response, private=True, no_cache=True)
        return response
    if response.status_code in (200, 304):
        response["ETag"] = tag
        if immutable:
            patch_cache_control(response, public=True, max_age=IMMUTABLE_MAX_AGE, immutable=True)
        else:
            patch_cache_control(response, public=True, max_age=0, s_maxage=CURRENT_MAX_AGE)
    return mark_shared(response) if memo_key is not None else response
