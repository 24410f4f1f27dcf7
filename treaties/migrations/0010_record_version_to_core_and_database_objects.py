"""RecordVersion moves to core; the database objects that a post_migrate receiver used to make
are written here: the trigger that raises the record's version on each table, and the storage of
the search vectors.

Vectors are stored MAIN instead of EXTENDED: a search ranks every candidate the index finds,
reading each one's vector, and PostgreSQL moves the largest values of a row over 2 kB out to its
TOAST table; an article's vectors are among its largest, so ranking 500 articles cost 500 more
index lookups (three times the query). With MAIN the texts go out first and the vectors stay in
the row. Rows written before keep their layout until they are next written.
"""

from django.db import migrations

from core.db import RaisesRecordVersion

RECORD_TABLES = [
    "treaties_party",
    "treaties_source",
    "treaties_topic",
    "treaties_treaty",
    "treaties_treaty_parties",
    "treaties_treaty_sources",
    "treaties_signatory",
    "treaties_signatory_sources",
    "treaties_clause",
    "treaties_clause_topics",
    "treaties_clause_sources",
    "treaties_topicnote",
    "treaties_topicnote_sources",
    "treaties_event",
    "treaties_event_sources",
]


def vectors_stored(storage: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ALTER COLUMN search_en SET STORAGE {storage}, "
        f"ALTER COLUMN search_ar SET STORAGE {storage}"
        for table in ("treaties_treaty", "treaties_clause")
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("treaties", "0009_clause_order_index_covers_publication"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RecordVersion")],
            database_operations=[
                migrations.RunSQL("DROP TABLE IF EXISTS treaties_recordversion", migrations.RunSQL.noop)
            ],
        ),
        *[RaisesRecordVersion(table) for table in RECORD_TABLES],
        migrations.RunSQL(vectors_stored("MAIN"), vectors_stored("EXTENDED")),
    ]
