from django.apps import AppConfig
from django.core import checks


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "部门决算"

    def ready(self):
        checks.register(database_url_check, checks.Tags.database)
        # The importer's rules (printed cells against the facts) join the catalogue at load time, so that
        # every caller of the engine (commands included) runs them.
        from .importing import printed  # noqa: F401


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
