"""The triggers that raise RecordVersion on every write to the record's tables.

They are (re)installed after every `migrate` (and `flush`) on the tables of the apps in
RECORD_APPS, so a model added later is covered without a migration of its own.

A deferred constraint trigger runs when its transaction commits, so the new number becomes visible
together with the rows it stands for, and the counter's row is locked only for that instant. The
first row of a transaction raises the counter; the others see a transaction-local mark and stop.
"""

RECORD_APPS = ("treaties", "reactions")
TRIGGER_NAME = "record_version_raise"
FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION record_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('record_version.raised_in', true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('record_version.raised_in', txid_current()::text, true);
  INSERT INTO treaties_recordversion (id, number) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET number = treaties_recordversion.number + 1;
  RETURN NULL;
END
$$;
"""
COUNTER_ROW_SQL = (
    "INSERT INTO treaties_recordversion (id, number) VALUES (1, 0) ON CONFLICT (id) DO NOTHING"
)


def record_tables(apps, app_label: str) -> list[str]:
    """The tables of an app's record: its models and many-to-many tables, not their history."""
    return [
        model._meta.db_table
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True)
        if not model._meta.model_name.startswith("historical")
        and model._meta.db_table != "treaties_recordversion"
    ]


def install_triggers(sender, app_config, using, apps=None, **kwargs):
    """post_migrate receiver: the counter's row and the trigger on each of the app's tables (or
    no trigger, when the migrations were taken back before the counter existed). `flush` sends
    the signal without `apps`: the installed apps then."""
    from django.apps import apps as installed_apps
    from django.db import connections

    apps = apps or installed_apps
    if app_config.label not in RECORD_APPS:
        return
    connection = connections[using]
    try:
        apps.get_model("treaties", "RecordVersion")
        counted = True
    except LookupError:
        counted = False
    with connection.cursor() as cursor:
        if counted:
            cursor.execute(FUNCTION_SQL)
            cursor.execute(COUNTER_ROW_SQL)
        for table in record_tables(apps, app_config.label):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON {quoted}")
            if counted:
                cursor.execute(
                    f"CREATE CONSTRAINT TRIGGER {TRIGGER_NAME} AFTER INSERT OR UPDATE OR DELETE "
                    f"ON {quoted} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                    f"EXECUTE FUNCTION record_version_raise()"
                )
