"""The database objects that a post_migrate receiver used to make, written here: the trigger that
raises the record's version, and the search vectors kept in their rows (core/db.py says why)."""

from django.db import migrations

from core.db import raises_record_version, vectors_in_row


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("reactions", "0006_reaction_published_in_order"),
    ]

    operations = [
        raises_record_version("reactions_reaction"),
        raises_record_version("reactions_reaction_sources"),
        vectors_in_row("reactions_reaction", "search_en", "search_ar"),
    ]
