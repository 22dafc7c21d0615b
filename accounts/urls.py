from .views import findings, public

app_name = "accounts"

# Each view module owns its routes; the public disclosure routes come last because their
# <bureau>/<department>/<year>/ pattern would shadow fixed prefixes.
urlpatterns = [
    *findings.urlpatterns,
    *public.urlpatterns,
]
