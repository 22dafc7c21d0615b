"""makemigrations, running only the model checks: writing a migration needs valid models, not the
production settings, so that `makemigrations --check` works on a bare checkout (no SECRET_KEY)."""

from django.core import checks
from django.core.management.commands import makemigrations


class Command(makemigrations.Command):
    requires_system_checks = [checks.Tags.models]
