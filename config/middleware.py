"""The input policy at the door: control characters in query strings and form or JSON bodies are refused.

A NUL byte in any text reaches PostgreSQL, which refuses it with an error (a 500). Refusing it here, for
every view at once, keeps a forgotten form field or `request.GET.get` from becoming one; the forms and
`editing.parse_value` apply the same policy (`accounts.inputs`) where text is saved.
"""

import json

from django.http import JsonResponse
from django.shortcuts import render

from accounts.inputs import TEXT_LIMITS, character_message, refused_character

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE = "application/json"


def _strings(value):
    """Yield every string in a decoded JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _first_refused(strings):
    for text in strings:
        character = refused_character(text)
        if character is not None:
            return character
    return None


class InputPolicyMiddleware:
    """Answers 400 with a Chinese page (JSON for a JSON body) when the input holds a control character,
    or a query-string value is longer than TEXT_LIMITS["query"].

    The query string is checked before any view; the body just before the view runs (after
    CsrfViewMiddleware has parsed it). A multipart body is checked only for views that CSRF protection
    reads anyway: the import upload, exempt so that it can set its upload handlers first, is left to
    its form (Django's form fields refuse NUL).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        character = _first_refused(_form_strings(request.GET))
        if character is not None:
            return self.refuse(request, character_message(character))
        limit = TEXT_LIMITS["query"]
        if any(len(text) > limit for text in _form_strings(request.GET)):
            return self.refuse(request, f"查询参数超过 {limit} 个字符，请缩短后重试。")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return None
        character = None
        if request.content_type == JSON_CONTENT_TYPE:
            try:
                data = json.loads(request.body or b"null")
            except ValueError:
                return None  # the view answers a body that is not JSON
            character = _first_refused(_strings(data))
        elif request.content_type == FORM_CONTENT_TYPE or not getattr(view_func, "csrf_exempt", False):
            character = _first_refused(_form_strings(request.POST))
        return None if character is None else self.refuse(request, character_message(character))

    def refuse(self, request, message):
        if request.content_type == JSON_CONTENT_TYPE:
            return JsonResponse({"error": message}, status=400)
        return render(request, "input_refused.html", {"message": message}, status=400)


def _form_strings(query_dict):
    for key, values in query_dict.lists():
        yield key
        yield from values


class SharedResponseMiddleware:
    """Drops `Cookie` from the Vary header of responses marked shared (accounts.open_data.caching):
    their bytes are the same for every reader, so a shared cache may keep one copy for all of them,
    whatever cookies the readers send. Comes before SessionMiddleware and CsrfViewMiddleware, which add
    `Vary: Cookie` when a request's session or CSRF token was looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "shared", False) and response.has_header("Vary"):
            kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
