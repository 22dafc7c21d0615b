from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:bureau>/<slug:department>/<int:year>/", views.disclosure, name="disclosure"),
]
