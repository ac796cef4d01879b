"""Create the database cache table (CACHE_URL=db://…, the default) with the
schema, so every way of setting up a database — `migrate` alone, as in
deploy scripts, benchmarks and the search evaluation — gets a working cache.
`manage.py createcachetable` does the same for a table configured later."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    dependencies = [("core", "0002_centresettings_menu_links")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
