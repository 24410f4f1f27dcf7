"""The SQLite copy Datasette serves (bench/export_sqlite.py) answers its queries as ours do."""

import sqlite3

import pytest

from bench.export_sqlite import export
from bench.load import COMPARISON_SQL
from treaties.models import Clause, Treaty


@pytest.mark.django_db(transaction=True)  # the export reads through a connection of its own
def test_datasettes_comparison_finds_the_articles_from_parameters_given_as_text(record, tmp_path):
    copy = tmp_path / "bench.db"
    export(str(copy))
    old, new = Treaty.objects.order_by("signed_on").values_list("pk", flat=True)[:2]
    database = sqlite3.connect(copy)
    # Datasette passes every parameter of a query as text.
    rows = database.execute(COMPARISON_SQL, {"a": str(old), "b": str(new), "c": str(new)})
    found = {row[2] for row in rows}
    on_topics = Clause.objects.filter(treaty__in=[old, new], topics__isnull=False)
    assert found == set(on_topics.values_list("pk", flat=True))
    assert found
    # And a table's filters, also text: ids compare as numbers, not as words.
    (count,) = database.execute(
        "select count(*) from treaties_treaty where id > ?", ["1"]
    ).fetchone()
    assert count == Treaty.objects.filter(pk__gt=1).count()
