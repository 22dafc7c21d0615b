from .views import findings, imports, public, workflow

app_name = "accounts"

# Each view module owns its routes; the public disclosure routes come last because their
# <bureau>/<department>/<year>/ pattern would shadow fixed prefixes.
urlpatterns = [
    *findings.urlpatterns,
    *workflow.urlpatterns,
    *imports.urlpatterns,
    *public.urlpatterns,
]
