"""The database objects of core.db, as the migrations installed them on every record table."""

import pytest
from django.db import connection

from core.db import TRIGGER_NAME, record_models
from core.search_vectors import search_vector_paths

pytestmark = pytest.mark.django_db


def test_every_table_of_the_record_raises_the_version():
    # A model or many-to-many field added to a record app fails here until its migration
    # installs core.db.raises_record_version on its table.
    tables = {model._meta.db_table for model in record_models(include_auto_created=True)}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [TRIGGER_NAME]
        )
        triggered = {row[0] for row in cursor.fetchall()}
    assert {"treaties_clause_topics", "reactions_reaction", "reactions_reaction_sources"} <= tables
    assert tables <= triggered, tables - triggered


def test_the_vectors_a_search_ranks_stay_in_their_rows():
    # Ranking reads every candidate's vector: one kept in the TOAST relation costs a lookup more.
    # A model with vectors added later fails here until its migration uses core.db.vectors_in_row.
    columns = {
        (model._meta.db_table, model._meta.get_field(name).column)
        for model in record_models()
        for name in search_vector_paths(model, {})
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attname, attstorage FROM pg_attribute "
            "WHERE attname LIKE 'search\\_%%' AND attrelid = ANY(%s::regclass[])",
            [sorted({table for table, _column in columns})],
        )
        storage = {(table, column): kind for table, column, kind in cursor.fetchall()}
    assert len(columns) == 10  # treaties, articles, reactions, topics and parties
    assert {column: storage[column] for column in columns} == dict.fromkeys(columns, "m")


def test_the_apps_connections_never_jit_compile():
    # A ranking whose estimated cost passes jit_above_cost spent up to 670 ms compiling a plan
    # that runs in 40 ms (bench/README.md).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
