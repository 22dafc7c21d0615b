# The shared cache (config/settings.py CACHES) is a database table unless CACHE_URL or REDIS_URL names
# another cache: `migrate` creates it, so that no deployment step is forgotten. createcachetable does
# nothing for the other caches, and nothing for a table that exists.

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0008_fill_figure_change_address"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
