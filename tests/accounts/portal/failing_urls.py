"""An address that fails, to see the 500 page (tests/accounts/portal/test_official_look.py)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path


@login_not_required
def fail(request):
    raise RuntimeError("a failing view")


urlpatterns = [path("fail/", fail)]
