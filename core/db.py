"""The database objects behind RecordVersion, written into the migrations that need them.

PostgreSQL raises the record's version once for every transaction that writes to a record table:
a deferred constraint trigger on each table (installed by the migration that creates the table,
with RaisesRecordVersion) runs when its transaction commits, so the new number becomes visible
together with the rows it stands for, and the counter's row is locked only for that instant. The
first row of a transaction raises the counter; the others see a transaction-local mark and stop.
A test checks that every table of settings.RECORD_APPS carries the trigger.
"""

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


class RaisesRecordVersion(migrations.RunSQL):
    """Migration operation: writes to `table` raise the record's version."""

    def __init__(self, table: str):
        drop = f'DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON "{table}"'
        create = (
            f"CREATE CONSTRAINT TRIGGER {TRIGGER_NAME} AFTER INSERT OR UPDATE OR DELETE "
            f'ON "{table}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
            f"EXECUTE FUNCTION record_version_raise()"
        )
        super().__init__(sql=[drop, create], reverse_sql=[drop])


def record_tables(apps, app_label: str) -> list[str]:
    """The tables of an app's record: its models and many-to-many tables, not their history."""
    return [
        model._meta.db_table
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True)
        if not model._meta.model_name.startswith("historical")
    ]
