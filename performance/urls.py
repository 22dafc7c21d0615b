from django.urls import include, path

from . import views

app_name = "performance"

# Routes of one self-evaluation, under its id.
evaluation_urls = [
    path("", views.evaluation_detail, name="evaluation-detail"),
    path("update/", views.evaluation_update, name="evaluation-update"),
    path("preview/", views.evaluation_preview, name="evaluation-preview"),
    path("delete/", views.evaluation_delete, name="evaluation-delete"),
]

urlpatterns = [
    path("final-accounts/<int:pk>/", views.evaluation_list, name="evaluation-list"),
    path("final-accounts/<int:pk>/add/", views.evaluation_create, name="evaluation-create"),
    path("<int:pk>/", include(evaluation_urls)),
]
