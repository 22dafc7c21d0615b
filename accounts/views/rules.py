"""The rule catalogue: every check with its severity and why, as a page and in the API."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path

from ..rules.guide import rule_entries, severity_guide


@login_not_required
def rule_catalogue(request):
    """The page listing every rule: id, message, severity and its reasoning, tolerance, source."""
    return render(
        request,
        "accounts/portal/rule_catalogue.html",
        {"rules": rule_entries(), "severities": severity_guide()},
    )


@login_not_required
def rule_catalogue_json(request):
    """The rule catalogue as JSON, the API's dictionary of checks."""
    return JsonResponse(
        {
            "severities": [
                {"severity": severity, "label": label, "meaning": meaning}
                for severity, label, meaning in severity_guide()
            ],
            "rules": [entry.as_dict() for entry in rule_entries()],
        },
        json_dumps_params={"ensure_ascii": False},
    )


urlpatterns = [
    path("api/rules/", rule_catalogue, name="rule-catalogue"),
    path("api/v1/rules/", rule_catalogue_json, name="api-rules"),
]
