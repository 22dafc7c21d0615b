from django.apps import AppConfig
from django.core import checks


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "部门决算"

    def ready(self):
        checks.register(database_url_check, checks.Tags.database)
        checks.register(secret_key_check, checks.Tags.security)
        # The importer's rules (printed cells against the facts) join the catalogue at load time, so that
        # every caller of the engine (commands included) runs them; the background tasks register which
        # of them runs each kind of job. Public pages keep what they found in the shared cache; publishing
        # (which must not import its readers) tells them when a version is stored, so that every process
        # serves it at once.
        from . import publishing, tasks  # noqa: F401
        from .importing import printed  # noqa: F401
        from .open_data.caching import forget_on_publication
        from .open_data.search import index_missing
        from .rules import (
            completeness,  # noqa: F401  (the content a format requires, checked before submission)
            pending_subjects,  # noqa: F401  (K1: subjects pending confirmation)
        )

        publishing.on_publication(forget_on_publication)
        publishing.on_publication(index_missing)  # the public search's passages of the new version


SUPPORTED_DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}


def database_url_check(app_configs, **kwargs):
    """Reject a DATABASE_URL whose scheme is neither SQLite nor PostgreSQL."""
    from django.conf import settings

    scheme = getattr(settings, "DATABASE_URL_SCHEME", "sqlite")
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        return [
            checks.Error(
                f"DATABASE_URL scheme {scheme!r} is not supported.",
                hint="Use postgres://user:password@host:5432/name, or leave DATABASE_URL unset for SQLite.",
                id="accounts.E001",
            )
        ]
    return []


def secret_key_check(app_configs, **kwargs):
    """Require SECRET_KEY when DEBUG is off (settings leave it empty then, rather than fail to import)."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.SECRET_KEY  # noqa: B018  (Django raises on an empty key when it is read)
    except ImproperlyConfigured:
        pass
    else:
        return []
    return [
        checks.Error(
            "SECRET_KEY must be set when DEBUG is off.",
            hint="Set the SECRET_KEY (or SECRET_KEY_FILE) environment variable to a long random value.",
            id="accounts.E002",
        )
    ]
