"""Every URL pattern of the project as concrete addresses, and the text a response shows.

The patterns come from django.urls.get_resolver(), walked recursively, so a route added later is
crawled without anyone listing it here; a path parameter whose name has no values here makes
`addresses` raise, so that the crawl fails closed instead of silently skipping the new route.
"""

import io
import re
import subprocess
import zipfile
from itertools import product

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")
WORD_ALTERNATIVES = re.compile(r"^\w+(\|\w+)*$")


def endpoints(resolver=None, chain=()):
    """Yield (chain of patterns from the root, URLPattern) for every endpoint of the URLconf."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from endpoints(entry, (*chain, entry.pattern))
        elif isinstance(entry, URLPattern):
            yield (*chain, entry.pattern), entry


def _expansions(pattern, values):
    """Return the concrete texts one pattern (a route or a regex) can take with `values` for its parameters."""
    if isinstance(pattern, RoutePattern):
        text, finder = str(pattern._route), ROUTE_PARAMETER
    elif isinstance(pattern, RegexPattern):
        text = pattern._regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        finder = REGEX_GROUP
    else:
        raise TypeError(f"unknown pattern type {type(pattern).__name__}")
    matches = list(finder.finditer(text))
    choices = []
    for match in matches:
        name = match["name"]
        if name in values:
            choices.append([str(v) for v in values[name]])
        elif finder is REGEX_GROUP and WORD_ALTERNATIVES.match(match["body"]):
            choices.append(match["body"].split("|"))
        else:
            raise KeyError(f"no values for the path parameter <{name}> of {text!r}")
    results = []
    for combination in product(*choices):
        concrete, end = [], 0
        for match, value in zip(matches, combination, strict=True):
            concrete += [text[end : match.start()], value]
            end = match.end()
        concrete.append(text[end:])
        results.append("".join(concrete).replace("\\", ""))
    return results


def addresses(values):
    """Return [(address, URLPattern)] for every endpoint, its parameters filled with each combination of `values`.

    An address that resolves to another endpoint (a value the converter refuses, a route shadowed by an
    earlier one) is left out; the caller checks that every endpoint kept at least one.
    """
    found = []
    for chain, endpoint in endpoints():
        for parts in product(*(_expansions(pattern, values) for pattern in chain)):
            address = "/" + "".join(parts)
            try:
                match = resolve(address)
            except Resolver404:
                continue
            if match.func is endpoint.callback and match.url_name == endpoint.name:
                found.append((address, endpoint))
    return found


def one_address_per_endpoint(final_account):
    """Return one address of every endpoint, its parameters pointing at `final_account` and its department."""
    department = final_account.department
    found = addresses(
        {
            "bureau": [department.bureau.slug],
            "department": [department.slug],
            "year": [final_account.year],
            "number": [1],
            "table": [1],
            "screen": ["texts"],
            "region": ["national"],
            "variant": ["26类"],
            "pk": [final_account.pk],
            "rest": ["anything/"],
            "content_type_id": [1],
            "object_id": [final_account.pk],
            "id": [1],
            "url": ["accounts/no-such-page/"],
        }
    )
    missing = uncrawled(found)
    if missing:
        raise KeyError(f"no address for {missing}")
    first = {}
    for address, endpoint in found:
        first.setdefault(id(endpoint), address)
    return sorted(first.values())


def route(chain):
    return "".join(str(pattern) for pattern in chain)


def uncrawled(found):
    """Return the routes of the endpoints without an address in `found`."""
    crawled = {id(endpoint) for _address, endpoint in found}
    return sorted(route(chain) for chain, endpoint in endpoints() if id(endpoint) not in crawled)


def body_text(response):
    """Return what a response shows as text: HTML, JSON and CSV as such, the text of a PDF, the XML of an xlsx."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.headers.get("Content-Type", "")
    if content.startswith(b"%PDF-"):
        return subprocess.run(
            ["pdftotext", "-q", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if content_type.startswith(("text/", "application/json", "application/xml")) or not content:
        return content.decode("utf-8")
    raise AssertionError(f"cannot read a response of type {content_type!r}")
