"""Export the benchmark record to SQLite for Datasette, the peer bench/load.py measures us
against. Usage (from the project root, with the bench database in DATABASE_URL):

    python -m bench.export_sqlite OUT.db

The same rows and columns people read, with the indexes a publisher would add (foreign keys,
signing date) and full-text search on the text columns (FTS5, as Datasette expects it, made by
sqlite-utils from Datasette's own virtual environment: see bench/run).
"""

import os
import sqlite3
import sys

import django

TABLES = {
    "treaties_party": ["id", "slug", "name_en", "name_ar", "short_name_en", "kind"],
    "treaties_topic": ["id", "slug", "name_en", "name_ar", "order"],
    "treaties_treaty": [
        "id",
        "slug",
        "title_en",
        "title_ar",
        "short_title_en",
        "short_title_ar",
        "summary_en",
        "summary_ar",
        "signed_on",
        "entry_into_force",
        "ended_on",
        "end_reason",
        "replaces_id",
    ],
    "treaties_treaty_parties": ["id", "treaty_id", "party_id"],
    "treaties_clause": [
        "id",
        "slug",
        "treaty_id",
        "order",
        "number",
        "heading_en",
        "heading_ar",
        "summary_en",
        "summary_ar",
        "searched_wording_en",
        "obligation_level",
    ],
    "treaties_clause_topics": ["id", "clause_id", "topic_id"],
    "treaties_event": ["id", "slug", "treaty_id", "kind", "date", "title_en", "title_ar"],
    "reactions_reaction": [
        "id",
        "slug",
        "treaty_id",
        "party_id",
        "speaker_en",
        "speaker_ar",
        "date",
        "stance",
        "summary_en",
        "summary_ar",
        "quote",
    ],
}
INDEXES = [
    ("treaties_treaty", "signed_on"),
    ("treaties_treaty_parties", "treaty_id"),
    ("treaties_clause", "treaty_id"),
    ("treaties_clause_topics", "clause_id"),
    ("treaties_event", "treaty_id"),
    ("reactions_reaction", "treaty_id"),
]


# PostgreSQL's integer types (int8, int2, int4), by type OID.
INTEGER_TYPES = {20, 21, 23}


def sqlite_type(type_code: int) -> str:
    """A column's type in the copy. Datasette passes every parameter of a query as text: only a
    column declared INTEGER compares `treaty_id in (:a, :b)` with "857" as the number 857 (an
    untyped one matches no row, and Datasette's answer would be empty)."""
    return "INTEGER" if type_code in INTEGER_TYPES else "TEXT"


def export(path: str) -> None:
    from django.db import connection

    if os.path.exists(path):
        os.remove(path)
    target = sqlite3.connect(path)
    with connection.cursor() as cursor:
        for table, columns in TABLES.items():
            quoted = ", ".join(f'"{column}"' for column in columns)
            cursor.execute(f"SELECT {quoted} FROM {table} ORDER BY id")  # noqa: S608 - fixed names
            typed = ", ".join(
                f'"{column.name}" {sqlite_type(column.type_code)}' for column in cursor.description
            )
            target.execute(f"CREATE TABLE {table} ({typed}, PRIMARY KEY (id))")
            marks = ", ".join("?" for _ in columns)
            while rows := cursor.fetchmany(5000):
                target.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608
    for table, column in INDEXES:
        target.execute(f"CREATE INDEX {table}_{column} ON {table} ({column})")
    target.commit()
    target.execute("VACUUM")
    target.close()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    export(sys.argv[1])
