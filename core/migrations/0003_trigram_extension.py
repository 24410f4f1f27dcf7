"""pg_trgm, for the search's suggestions when it finds nothing (search.selectors.suggestions)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0002_import_job")]

    operations = [TrigramExtension()]
