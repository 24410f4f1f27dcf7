"""Trigram indexes on the names a search that found nothing suggests (search.selectors.suggestions):
without them each such search compared the words with every article's heading (a second on
100,000 articles)."""

from django.db import migrations

# (table, column) of each name suggested, in both languages (search.rows.SUGGESTED_FIELDS).
SUGGESTED_COLUMNS = [
    (table, f"{column}_{language}")
    for table, column in [
        ("treaties_topic", "name"),
        ("treaties_party", "short_name"),
        ("treaties_treaty", "short_title"),
        ("treaties_clause", "heading"),
    ]
    for language in ("en", "ar")
]


def trigram_indexes(columns):
    return [
        migrations.RunSQL(
            f"CREATE INDEX {table}_{column}_trgm ON {table} USING gin ({column} gin_trgm_ops)",
            f"DROP INDEX {table}_{column}_trgm",
        )
        for table, column in columns
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_trigram_extension"),
        ("treaties", "0023_treaty_end_certainty"),
    ]

    operations = trigram_indexes(SUGGESTED_COLUMNS)
