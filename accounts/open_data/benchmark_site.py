"""WSGI application of the portal load benchmark: the whole site, plus one view that returns fixed bytes.

Only `manage.py benchmark portal` starts it (under gunicorn). The extra view answers
/__benchmark__/memory/ with the bytes of the file named by JUESUAN_BENCHMARK_BODY, read once and then
served from memory through the same middleware as every page: the ceiling a Django page can reach.
Its route comes after the site's, so that resolving it tries as many patterns as the disclosure page
(whose <bureau>/<department>/<year>/ route is the site's last).
"""

import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (settings exist once the application is set up)
from django.contrib.auth.decorators import login_not_required  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402

settings.ROOT_URLCONF = __name__
_body = []


@login_not_required
def memory(request):
    if not _body:
        _body.append(Path(os.environ["JUESUAN_BENCHMARK_BODY"]).read_bytes())
    return HttpResponse(_body[0], content_type="text/html; charset=utf-8")


urlpatterns = [
    path("", include("config.urls")),
    path("__benchmark__/memory/", memory),
]
