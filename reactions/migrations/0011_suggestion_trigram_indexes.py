"""Trigram indexes on the speakers a search that found nothing suggests, as treaties 0024 on
the other names (search.selectors.suggestions)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_trigram_extension"),
        ("reactions", "0010_search_folding"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX reactions_reaction_{column}_trgm ON reactions_reaction "
            f"USING gin ({column} gin_trgm_ops)",
            f"DROP INDEX reactions_reaction_{column}_trgm",
        )
        for column in ("speaker_en", "speaker_ar")
    ]
