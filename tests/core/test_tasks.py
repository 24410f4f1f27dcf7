"""Imports too long for a request: a background job checks the file, the curator confirms on the
job's page, the job imports it (core.tasks, run here by the real database worker)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import translation

from core import resources, tasks
from core.models import ImportJob
from tests.admin_helpers import staff_client
from tests.import_helpers import import_form, many_treaty_rows, treaty_rows
from treaties.models import Source, Treaty

# The worker closes its database connections between tasks, as in production: the tests
# commit what they write, so that closing loses nothing.
pytestmark = pytest.mark.django_db(transaction=True)

JOB_PAGE = "admin:treaties_treaty_import_job"


@pytest.fixture(autouse=True)
def short_requests(settings):
    """Files of more than two rows go to a job, so the tests' files stay small."""
    settings.IMPORT_ROWS_IN_REQUEST = 2
    with translation.override("en"):
        yield


@pytest.fixture
def curator(client, django_user_model, roles, record):
    return staff_client(client, django_user_model, "curator")


def worker_runs() -> None:
    """The worker of `make run` (django-tasks' database backend), until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def upload_long_file(client, dataset) -> ImportJob:
    response = client.post(reverse("admin:treaties_treaty_import"), import_form(dataset))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(JOB_PAGE, args=[job.pk])
    return job


def confirm(client, job):
    return client.post(reverse(JOB_PAGE, args=[job.pk]), {"action": "confirm"})


def test_a_long_file_is_checked_then_imported_by_the_worker_with_its_reason(curator):
    client, user = curator
    job = upload_long_file(client, many_treaty_rows(3))
    assert job.state == ImportJob.State.CHECKING
    assert job.rows == 3
    page = client.get(reverse(JOB_PAGE, args=[job.pk])).content.decode()
    assert "<progress" in page
    assert 'http-equiv="refresh"' in page

    worker_runs()
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED
    assert job.totals["new"] == 3
    assert not Treaty.objects.filter(slug__startswith="imported-treaty").exists()  # a dry run
    page = client.get(reverse(JOB_PAGE, args=[job.pk])).content.decode()
    assert "3 new, 0 updated, 0 unchanged" in page
    assert 'value="confirm"' in page
    assert 'http-equiv="refresh"' not in page

    confirm(client, job)
    job.refresh_from_db()
    assert job.state == ImportJob.State.IMPORTING
    worker_runs()
    job.refresh_from_db()
    assert job.state == ImportJob.State.IMPORTED
    assert job.finished_at is not None
    assert job.data == b""  # the file is not kept once imported
    imported = Treaty.objects.filter(slug__startswith="imported-treaty")
    assert imported.count() == 3
    for treaty in imported:
        assert treaty.is_draft
        (version,) = treaty.history.all()
        assert version.history_user == user
        assert version.history_change_reason == "Adding the 1961 PRC treaty"
        assert {link.source_id for link in version.sources.all()} == {
            source.pk for source in treaty.sources.all()
        }
    assert LogEntry.objects.filter(user=user).count() == 3
    assert "Imported" in client.get(reverse(JOB_PAGE, args=[job.pk])).content.decode()


def test_the_job_page_shows_the_rows_done_so_far(curator):
    client, _user = curator
    job = upload_long_file(client, many_treaty_rows(3))
    tasks.progress_report(job.pk, 2)
    page = client.get(reverse(JOB_PAGE, args=[job.pk])).content.decode()
    assert "2 of 3 rows done" in page
    assert 'value="2"' in page


def test_the_import_page_links_the_curators_recent_long_imports(curator):
    client, _user = curator
    job = upload_long_file(client, many_treaty_rows(3))
    page = client.get(reverse("admin:treaties_treaty_import")).content.decode()
    assert reverse(JOB_PAGE, args=[job.pk]) in page
    assert "Your recent long imports" in page


def test_a_file_with_errors_is_refused_with_its_rows_named_and_cannot_be_confirmed(curator):
    client, _user = curator
    dataset = many_treaty_rows(3)
    dataset.append(treaty_rows(slug="imported-treaty-4", sources="no-such-source")[0])
    job = upload_long_file(client, dataset)
    worker_runs()
    job.refresh_from_db()
    assert job.state == ImportJob.State.REFUSED
    assert [problem["row"] for problem in job.problems] == [4]
    page = client.get(reverse(JOB_PAGE, args=[job.pk])).content.decode()
    assert "row 4" in page
    assert "There is no source no-such-source" in page
    assert "Nothing was imported" in page
    assert 'value="confirm"' not in page

    response = confirm(client, job)
    assert response.status_code == 302
    worker_runs()
    job.refresh_from_db()
    assert job.state == ImportJob.State.REFUSED
    assert not Treaty.objects.filter(slug__startswith="imported-treaty").exists()


def test_a_row_that_turns_invalid_before_the_import_fails_it_whole_and_logs_nothing(curator):
    client, _user = curator
    job = upload_long_file(client, many_treaty_rows(3, sources="s17"))
    worker_runs()
    # Between the check and the confirmation, someone renames the source the rows cite.
    Source.objects.filter(slug="s17").update(slug="s17-renamed")
    confirm(client, job)
    worker_runs()
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert [problem["row"] for problem in job.problems] == [1, 2, 3]
    assert not Treaty.objects.filter(slug__startswith="imported-treaty").exists()
    assert not LogEntry.objects.exists()
    page = client.get(reverse(JOB_PAGE, args=[job.pk])).content.decode()
    assert "Nothing was imported" in page
    assert "There is no source s17" in page


def test_a_discarded_job_is_never_imported(curator):
    client, _user = curator
    job = upload_long_file(client, many_treaty_rows(3))
    worker_runs()
    client.post(reverse(JOB_PAGE, args=[job.pk]), {"action": "discard"})
    job.refresh_from_db()
    assert job.state == ImportJob.State.DISCARDED
    assert job.data == b""
    confirm(client, job)
    worker_runs()
    assert not Treaty.objects.filter(slug__startswith="imported-treaty").exists()


def test_only_who_started_a_job_sees_it(curator, client, django_user_model):
    first, _user = curator
    job = upload_long_file(first, many_treaty_rows(3))
    first.logout()
    other, _other_user = staff_client(client, django_user_model, "editor")
    assert other.get(reverse(JOB_PAGE, args=[job.pk])).status_code == 404
    assert other.post(reverse(JOB_PAGE, args=[job.pk]), {"action": "discard"}).status_code == 404
    assert other.get(reverse(JOB_PAGE, args=[job.pk + 1000])).status_code == 404


def test_an_import_needs_a_readable_reason(curator):
    client, _user = curator
    for reason in ("", "Fix\u202e", "x" * 101):
        response = client.post(
            reverse("admin:treaties_treaty_import"), import_form(many_treaty_rows(3), reason)
        )
        assert response.status_code == 200
        assert response.context["form"].errors["change_reason"]
    assert not ImportJob.objects.exists()


def test_a_short_file_keeps_the_reason_with_each_version(curator):
    client, _user = curator
    preview = client.post(
        reverse("admin:treaties_treaty_import"),
        import_form(many_treaty_rows(2), "Two treaties from the UNTS"),
    )
    assert not ImportJob.objects.exists()  # checked within the request
    client.post(
        reverse("admin:treaties_treaty_process_import"), preview.context["confirm_form"].initial
    )
    for treaty in Treaty.objects.filter(slug__startswith="imported-treaty"):
        assert treaty.history.get().history_change_reason == "Two treaties from the UNTS"


def test_an_error_of_the_whole_file_fails_the_job_and_says_so(curator, monkeypatch):
    """Seen on a 10,000-row file: writing its versions in one statement passed PostgreSQL's
    65,535 values, the import was undone, and the job still said "Imported"."""
    client, _user = curator
    job = upload_long_file(client, many_treaty_rows(3))
    worker_runs()
    confirm(client, job)

    def refused(versions):
        raise DatabaseError("number of parameters must be between 0 and 65535")

    monkeypatch.setattr(resources, "versions_keep_relations", refused)
    worker_runs()
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert "65535" in job.problems[0]["messages"][0]
    assert not Treaty.objects.filter(slug__startswith="imported-treaty").exists()
    page = client.get(reverse(JOB_PAGE, args=[job.pk])).content.decode()
    assert "The import failed and was undone" in page


def test_versions_are_written_in_batches_each_with_its_links(curator, monkeypatch):
    client, user = curator
    monkeypatch.setattr(resources, "HISTORY_BATCH", 2)
    job = upload_long_file(client, many_treaty_rows(5))
    worker_runs()
    confirm(client, job)
    worker_runs()
    imported = Treaty.objects.filter(slug__startswith="imported-treaty")
    assert imported.count() == 5
    for treaty in imported:
        (version,) = treaty.history.all()
        assert version.history_user == user
        assert version.sources.count() == treaty.sources.count() > 0
        assert version.parties.count() == treaty.parties.count() > 0
