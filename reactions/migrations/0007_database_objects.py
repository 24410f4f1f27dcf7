"""The database objects that a post_migrate receiver used to make, written here: the trigger that
raises the record's version, and the vectors stored in their rows (see treaties' 0010)."""

from django.db import migrations

from core.db import RaisesRecordVersion


def vectors_stored(storage: str) -> str:
    return (
        f"ALTER TABLE reactions_reaction ALTER COLUMN search_en SET STORAGE {storage}, "
        f"ALTER COLUMN search_ar SET STORAGE {storage}"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("reactions", "0006_reaction_published_in_order"),
    ]

    operations = [
        RaisesRecordVersion("reactions_reaction"),
        RaisesRecordVersion("reactions_reaction_sources"),
        migrations.RunSQL(vectors_stored("MAIN"), vectors_stored("EXTENDED")),
    ]
