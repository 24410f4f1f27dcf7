from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation

from core.releases import record_tables, writable_columns
from tests.admin_helpers import roles  # noqa: F401 - shared fixture
from tests.api_helpers import anonymous, curator, reader  # noqa: F401 - shared fixtures

SNAPSHOT_SCHEMA = "record_snapshot"


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request a test makes leaves its language
    active in the thread (LocaleMiddleware), which would otherwise reach the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@dataclass(frozen=True)
class RecordSnapshot:
    """The real record as `load_initial_data` loaded it once, kept in a schema of its own."""

    tables: list[str]
    copies: list[str]

    def empty_tables(self, cursor) -> None:
        cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in self.tables))

    def restore(self) -> None:
        """Copy the rows back, keys and history included, in any table order: the foreign keys
        are checked when the transaction ends."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for copy in self.copies:
                cursor.execute(copy)


def snapshot_tables() -> list[str]:
    """Every table the record is loaded into: those of the models and many-to-many fields of
    settings.RECORD_APPS and their history (not core's version counter, which the load raises
    and must not lose)."""
    return [model._meta.db_table for model in record_tables()]


def copy_back(cursor, table: str) -> str:
    """SQL copying the snapshot of `table` into it, but for its generated columns (tsvectors)."""
    columns = ", ".join(writable_columns(cursor, table))
    # Names from the models and the catalog, not from input.
    return f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM {SNAPSHOT_SCHEMA}."{table}"'  # noqa: S608


@pytest.fixture(scope="session")
def record_snapshot(django_db_setup, django_db_blocker) -> RecordSnapshot:
    """Loads the record once a session (over a second) so that each test that wants it gets a
    copy in a few milliseconds; the tables are left empty for the tests that do not."""
    tables = snapshot_tables()
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("load_initial_data", verbosity=0)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
            for table in tables:
                cursor.execute(f'CREATE TABLE {SNAPSHOT_SCHEMA}."{table}" AS TABLE "{table}"')
            snapshot = RecordSnapshot(tables, [copy_back(cursor, table) for table in tables])
            snapshot.empty_tables(cursor)
    return snapshot


@pytest.fixture
def record(db, record_snapshot):
    """The real sourced record from fixtures/, as `make run` loads it."""
    record_snapshot.restore()


@pytest.fixture
def kept_answers(settings):
    """The answers and fragments kept for anonymous readers on, as deployed (the test settings
    turn them off), from an empty cache."""
    settings.RECORD_CACHE_SECONDS = 600
    caches["record"].clear()
    yield
    caches["record"].clear()
