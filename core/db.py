"""The database objects the record needs beyond its tables, as migration operations, and the
record's models as settings.RECORD_APPS names them.

RecordVersion: PostgreSQL raises the record's version once for every transaction that writes to a
record table. A deferred constraint trigger on each table (installed by the migration that
creates the table, with raises_record_version) runs when its transaction commits, so the new
number becomes visible together with the rows it stands for, and the counter's row is locked
only for that instant. The first row of a transaction raises the counter; the others see a
transaction-local mark and stop. A test checks that every record table carries the trigger.

Search vectors are stored MAIN instead of EXTENDED (vectors_in_row): a search ranks every
candidate the index finds, reading each one's vector, and PostgreSQL moves the largest values of
a row over 2 kB out to its TOAST table; an article's vectors are among its largest, so ranking
500 articles cost 500 more index lookups (three times the query). With MAIN the texts go out
first and the vectors stay in the row. Rows written before keep their layout until they are next
written. A test checks every record table with vectors.
"""

from django.conf import settings
from django.db import migrations

TRIGGER_NAME = "record_version_raise"

RAISE_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION record_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('record_version.raised_in', true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('record_version.raised_in', txid_current()::text, true);
  INSERT INTO core_recordversion (id, number) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET number = core_recordversion.number + 1;
  RETURN NULL;
END
$$;
"""


def raises_record_version(table: str) -> migrations.RunSQL:
    """Migration operation: writes to `table` raise the record's version."""
    drop = f'DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON "{table}"'
    create = (
        f"CREATE CONSTRAINT TRIGGER {TRIGGER_NAME} AFTER INSERT OR UPDATE OR DELETE "
        f'ON "{table}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
        f"EXECUTE FUNCTION record_version_raise()"
    )
    return migrations.RunSQL([drop, create], [drop])


def vectors_in_row(table: str, *columns: str) -> migrations.RunSQL:
    """Migration operation: `table`'s tsvector `columns` are stored in the row (see above)."""

    def storage(kind: str) -> str:
        altered = ", ".join(f'ALTER COLUMN "{column}" SET STORAGE {kind}' for column in columns)
        return f'ALTER TABLE "{table}" {altered}'

    return migrations.RunSQL(storage("MAIN"), storage("EXTENDED"))


def record_models(apps=None, *, include_auto_created: bool = False) -> list[type]:
    """The models of settings.RECORD_APPS, without their history: with `include_auto_created`,
    their many-to-many tables too."""
    if apps is None:
        from django.apps import apps
    return [
        model
        for label in settings.RECORD_APPS
        for model in apps.get_app_config(label).get_models(
            include_auto_created=include_auto_created
        )
        if not model._meta.model_name.startswith("historical")
    ]
