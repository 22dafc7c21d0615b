from .views import (
    api,
    disclosure_checks,
    entry,
    findings,
    imports,
    jobs,
    portal,
    public,
    review,
    rules,
    subjects,
    workflow,
    workspace,
)

app_name = "accounts"

# Each view module owns its routes; the public disclosure routes come last because their
# <bureau>/<department>/<year>/ pattern would shadow fixed prefixes.
urlpatterns = [
    *findings.urlpatterns,
    *jobs.urlpatterns,
    *disclosure_checks.urlpatterns,
    *workflow.urlpatterns,
    *review.urlpatterns,
    *imports.urlpatterns,
    *workspace.urlpatterns,
    *subjects.urlpatterns,
    *entry.urlpatterns,
    *portal.urlpatterns,
    *rules.urlpatterns,  # before api's catch-all api/v1/<path>
    *api.urlpatterns,
    *public.urlpatterns,
]
