from django.urls import include, path

from . import views

app_name = "performance"

# Routes of one self-evaluation, under its id.
evaluation_urls = [
    path("", views.evaluation_detail, name="evaluation-detail"),
    path("update/", views.evaluation_update, name="evaluation-update"),
    path("preview/", views.evaluation_preview, name="evaluation-preview"),
]

urlpatterns = [
    path("final-accounts/<int:pk>/", views.evaluation_list, name="evaluation-list"),
    path("<int:pk>/", include(evaluation_urls)),
]
