"""Import and export of treaties, clauses and reactions: round trips, dry runs, failing files."""

import csv
import io

import openpyxl
import pytest
import tablib
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from import_export.formats import base_formats

from core import spreadsheets
from reactions.models import Reaction
from reactions.resources import ReactionResource
from tests.admin_helpers import staff_client
from tests.import_helpers import import_form, many_treaty_rows, treaty_rows
from treaties.models import Clause, Source, Treaty
from treaties.resources import ClauseResource, TreatyResource

pytestmark = pytest.mark.django_db

RESOURCES = [(Treaty, TreatyResource), (Clause, ClauseResource), (Reaction, ReactionResource)]
# The admin's formats: its CSV and XLSX keep formulas from running (core.spreadsheets).
FORMATS = spreadsheets.FORMATS
# Texts a spreadsheet would run as formulas, and those that only look like escaped ones.
HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tTab", "\rReturn", "'=x", "'"]
# Those the text rule stores as they are (it ends lines with LF alone, as XLSX keeps them).
STORED_HOSTILE = [text for text in HOSTILE if "\r" not in text]


@pytest.fixture(autouse=True)
def in_english():
    """Row errors are read in English here, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("importer", password="pw")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["treaties", "reactions"])
    )
    return user


def exported(resource_class) -> tablib.Dataset:
    return resource_class().export()


def as_rows(dataset: tablib.Dataset) -> list[dict]:
    return [dict(zip(dataset.headers, row, strict=True)) for row in dataset]


def remove_the_record():
    """Delete reactions, clauses and treaties (newest treaty first: each protects the one it
    replaced)."""
    Reaction.objects.all().delete()
    Clause.objects.all().delete()
    for treaty in Treaty.objects.order_by("-signed_on"):
        treaty.delete()


def write_hostile_texts():
    """Texts that start like formulas in records of each kind (an update skips nothing here:
    each is plain text the rules accept)."""
    for index, text in enumerate(STORED_HOSTILE):
        treaty = Treaty.objects.order_by("pk")[index % 3]
        Treaty.objects.filter(pk=treaty.pk).update(notes_en=f"{treaty.notes_en}{text}")
    Clause.objects.filter(pk=Clause.objects.order_by("pk")[0].pk).update(summary_ar=HOSTILE[0])
    Reaction.objects.filter(pk=Reaction.objects.order_by("pk")[0].pk).update(quote=HOSTILE[4])
    Treaty.objects.filter(slug="russia-dprk-2024").update(duration_en=HOSTILE[1])


@pytest.mark.parametrize("file_format", FORMATS, ids=lambda f: f().get_title())
def test_export_then_import_gives_the_same_data(record, editor, file_format):
    write_hostile_texts()
    before = {resource: exported(resource) for _model, resource in RESOURCES}
    files = {resource: file_format().export_data(dataset) for resource, dataset in before.items()}
    remove_the_record()

    for model, resource in RESOURCES:
        dataset = file_format().create_dataset(files[resource])
        result = resource().import_data(dataset, user=editor, rollback_on_validation_errors=True)
        assert not result.has_errors()
        assert not result.has_validation_errors(), result.invalid_rows[0].error_dict
        assert model.objects.count() == len(before[resource])

    for _model, resource in RESOURCES:
        assert as_rows(exported(resource)) == as_rows(before[resource])


def test_the_export_names_relations_by_slug(record):
    rows = {row["slug"]: row for row in as_rows(exported(TreatyResource))}
    assert rows["russia-dprk-2024"]["replaces"] == "russia-dprk-2000"
    assert set(rows["russia-dprk-2024"]["parties"].split("|")) == {"russia", "dprk"}
    clause = next(row for row in as_rows(exported(ClauseResource)) if row["key_phrases"] != "[]")
    assert clause["key_phrases"].startswith('["')


def test_an_import_with_one_bad_row_changes_nothing(record, editor):
    good = treaty_rows()
    bad = treaty_rows(slug="bad-treaty", entry_into_force="2020-01-01")
    dataset = tablib.Dataset(*good, *bad, headers=good.headers)
    result = TreatyResource().import_data(dataset, user=editor, rollback_on_validation_errors=True)
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [2]
    assert "enter into force before" in str(result.invalid_rows[0].error_dict)
    assert not Treaty.objects.filter(slug__in=["imported-treaty", "bad-treaty"]).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"parties": "russia|atlantis"}, "parties", "There is no party atlantis"),
        ({"replaces": "no-such-treaty"}, "replaces", "There is no treaty no-such-treaty"),
        ({"sources": ""}, "sources", "at least one source"),
        ({"signed_on": "19/06/2024 or so"}, "signed_on", ""),
        ({"title_ar": ""}, "title_ar", ""),
    ],
)
def test_row_errors_name_the_field(record, editor, changes, field, message):
    result = TreatyResource().import_data(treaty_rows(**changes), user=editor, dry_run=True)
    assert result.has_validation_errors()
    errors = result.invalid_rows[0].error_dict
    assert message in str(errors[field])
    assert not Treaty.objects.filter(slug="imported-treaty").exists()


def test_only_editors_import_published_rows(record, django_user_model):
    curator = django_user_model.objects.create_user("curator-importer", password="pw")
    result = TreatyResource().import_data(
        treaty_rows(publication="published"), user=curator, dry_run=True
    )
    assert "editor role" in str(result.invalid_rows[0].error_dict["publication"])
    drafted = TreatyResource().import_data(treaty_rows(), user=curator)
    assert not drafted.has_validation_errors()
    assert Treaty.objects.get(slug="imported-treaty").is_draft


def test_admin_dry_run_shows_row_errors_and_offers_no_import(
    client, django_user_model, roles, record
):
    client, _user = staff_client(client, django_user_model, "curator")
    bad = treaty_rows(entry_into_force="2020-01-01")
    response = client.post(
        reverse("admin:treaties_treaty_import"),
        import_form(bad),
    )
    assert response.status_code == 200
    assert response.context["result"].has_validation_errors()
    assert "confirm_form" not in response.context
    assert "enter into force before" in response.content.decode()
    assert not Treaty.objects.filter(slug="imported-treaty").exists()


def test_admin_import_previews_then_imports_on_confirmation(
    client, django_user_model, roles, record
):
    client, user = staff_client(client, django_user_model, "curator")
    preview = client.post(
        reverse("admin:treaties_treaty_import"),
        import_form(treaty_rows()),
    )
    assert preview.status_code == 200
    assert not Treaty.objects.filter(slug="imported-treaty").exists()  # a dry run
    confirm = preview.context["confirm_form"]
    response = client.post(reverse("admin:treaties_treaty_process_import"), confirm.initial)
    assert response.status_code == 302
    treaty = Treaty.objects.get(slug="imported-treaty")
    assert treaty.is_draft
    assert treaty.history.first().history_user == user
    assert {source.slug for source in treaty.sources.all()}


def export_columns(client) -> list[str]:
    """The column boxes of the admin's treaty export form, to tick them all."""
    form = client.get(reverse("admin:treaties_treaty_export")).context["form"]
    return [
        name for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)
    ]


def test_admin_exports_each_format(client, django_user_model, roles, record):
    client, _user = staff_client(client, django_user_model, "curator")
    columns = export_columns(client)
    for index, file_format in enumerate(FORMATS):
        response = client.post(
            reverse("admin:treaties_treaty_export"),
            {"resource": "0", "format": str(index), **dict.fromkeys(columns, "on")},
        )
        assert response.status_code == 200, file_format
        assert file_format().get_content_type() in response["Content-Type"]
        assert b"russia-dprk-2024" in response.content or issubclass(file_format, base_formats.XLSX)


@pytest.mark.parametrize("text", HOSTILE)
def test_no_exported_cell_runs_as_a_formula(record, text):
    Treaty.objects.filter(slug="russia-dprk-2024").update(duration_en=text)
    dataset = exported(TreatyResource)
    csv_text = spreadsheets.CSV().export_data(dataset)
    cells = list(csv.reader(io.StringIO(csv_text)))
    duration = cells[0].index("duration_en")
    written = next(row[duration] for row in cells if "russia-dprk-2024" in row)
    assert written == "'" + text
    book = openpyxl.load_workbook(io.BytesIO(spreadsheets.XLSX().export_data(dataset)))
    column = [cell.value for cell in next(book.active.iter_rows())].index("duration_en") + 1
    kinds = {cell.data_type for cell in next(book.active.iter_cols(column, column))}
    assert "f" not in kinds  # no formula


def test_the_apis_csv_runs_no_formula(client, record):
    Reaction.objects.filter(slug="blinken-russia-desperation").update(summary_en="=HYPERLINK(x)")
    response = client.get("/api/v2/reactions/", {"format": "csv"})
    assert "'=HYPERLINK(x)" in response.content.decode()
    Treaty.objects.filter(slug="russia-dprk-2024").update(notes_en="@SUM(A1)")
    compare = client.get("/api/v2/compare/", {"format": "csv"}).content.decode()
    assert ",=" not in compare


def test_two_rows_with_one_slug_are_a_row_error(record, editor):
    first, second = treaty_rows(title_en="First"), treaty_rows(title_en="Second")
    dataset = tablib.Dataset(*first, *second, headers=first.headers)
    result = TreatyResource().import_data(dataset, user=editor, dry_run=True)
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [1, 2]
    assert "more than one row" in str(result.invalid_rows[0].error_dict["slug"])


def test_a_confirmed_import_that_fails_says_so_and_logs_nothing(
    client, django_user_model, roles, record
):
    from django.contrib.admin.models import LogEntry

    client, _user = staff_client(client, django_user_model, "curator")
    rows = treaty_rows(sources="s17")
    preview = client.post(
        reverse("admin:treaties_treaty_import"),
        import_form(rows),
    )
    confirm = preview.context["confirm_form"]
    # Between the dry run and the confirmation, someone removes the source the row cites.
    Source.objects.filter(slug="s17").update(slug="s17-renamed")
    response = client.post(
        reverse("admin:treaties_treaty_process_import"), confirm.initial, follow=True
    )
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "row 1" in html
    assert "There is no source s17" in html
    assert "Import finished" not in html
    assert not Treaty.objects.filter(slug="imported-treaty").exists()
    assert not LogEntry.objects.exists()


def test_the_admins_csv_export_runs_no_formula(client, django_user_model, roles, record):
    Treaty.objects.filter(slug="russia-dprk-2024").update(duration_en="=1+1")
    client, _user = staff_client(client, django_user_model, "curator")
    columns = export_columns(client)
    response = client.post(
        reverse("admin:treaties_treaty_export"),
        {"resource": "0", "format": "0", **dict.fromkeys(columns, "on")},
    )
    assert "'=1+1" in response.content.decode()


def test_an_imported_row_makes_one_version_with_its_links(record, editor):
    result = TreatyResource().import_data(treaty_rows(), user=editor)
    assert not result.has_validation_errors()
    treaty = Treaty.objects.get(slug="imported-treaty")
    assert treaty.history.count() == 1  # not one more for each many-to-many field
    version = treaty.history.get()
    assert {row.party_id for row in version.parties.all()} == set(
        treaty.parties.values_list("pk", flat=True)
    )
    assert version.sources.count() == treaty.sources.count() > 0


def test_an_imports_queries_grow_by_a_bounded_number_a_row(record, editor):
    """Related rows are read once for the file, and versions written once for it; what is
    left per row is the row's own validation and writes (51 statements a treaty before, 27 now,
    savepoints included; 36 were counted while making the rows was counted too)."""

    def queries_to_import(count: int) -> int:
        rows = many_treaty_rows(count)  # made outside the count: it exports the whole record
        with CaptureQueriesContext(connection) as queries:
            result = TreatyResource().import_data(rows, user=editor, change_reason="Bulk")
        assert not result.has_errors()
        assert not result.has_validation_errors()
        Treaty.objects.filter(slug__startswith="imported-treaty").delete()
        return len(queries)

    per_row = (queries_to_import(20) - queries_to_import(10)) / 10
    assert per_row <= 27
