"""Slugs that name a bureau or a department in addresses, and the words the site's own routes take.

A bureau's slug is the first segment of its departments' public addresses (/<bureau>/<department>/<year>/),
so a bureau slugged "review" or "api" would be hidden behind those pages; a department slugged "years"
would be hidden behind /compare/<bureau>/years/. The words are read from the URL patterns themselves,
so a route added later is protected too.
"""

from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import get_resolver

BUREAU, DEPARTMENT = "<slug:bureau>", "<slug:department>"


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


@cache
def taken_words():
    """Return (words a bureau slug may not be, words a department slug may not be)."""
    bureau, department = set(), set()
    for route in _routes(get_resolver().url_patterns):
        segments = [s for s in route.lstrip("^").split("/") if s]
        if segments and "<" not in segments[0]:
            bureau.add(segments[0])
        for before, after in zip(segments, segments[1:], strict=False):
            if before == BUREAU and "<" not in after:
                department.add(after)
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url:
            bureau.add(url.strip("/").split("/")[0])
    return frozenset(bureau), frozenset(department)


def validate_bureau_slug(value):
    if value in taken_words()[0]:
        raise ValidationError(
            "标识“%(value)s”是本站页面地址（/%(value)s/）的一部分，不能用作财政局标识，请换一个。",
            code="taken",
            params={"value": value},
        )


def validate_department_slug(value):
    if value in taken_words()[1]:
        raise ValidationError(
            "标识“%(value)s”是本站页面地址的一部分，不能用作部门标识，请换一个。",
            code="taken",
            params={"value": value},
        )
