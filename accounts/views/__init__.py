"""Views of the final-accounts app, one module per area; each module lists its own urlpatterns."""
