"""Views of the final-accounts app, one module per area; each module lists its own urlpatterns.

links.py is no view: it is the registry of other apps' pages about a final account that views link to.
"""
