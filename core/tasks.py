"""Background work: imports too long for a request (django-tasks, its database backend).

The admin hands a file of more than settings.IMPORT_ROWS_IN_REQUEST rows to `import_job_start`.
A worker (`manage.py db_worker`) checks it, as a dry run, like the admin's own preview; the
curator reads the result on the job's page and confirms; the worker then imports it in one
transaction, so a row that turned invalid meanwhile changes nothing. Both steps report how many
rows they have done through the shared cache: the import's own writes stay invisible to other
connections until it ends.
"""

import logging

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from .models import ImportJob
from .resources import import_problems

logger = logging.getLogger(__name__)


PROGRESS_EVERY = 50  # rows between two progress reports


def progress_key(job_id: int) -> str:
    return f"import-job-{job_id}-rows-done"


def rows_done(job: ImportJob) -> int:
    """How many rows the job's running step has gone through."""
    return caches[settings.RECORD_CACHE_ALIAS].get(progress_key(job.pk), 0)


def progress_report(job_id: int, done: int) -> None:
    caches[settings.RECORD_CACHE_ALIAS].set(progress_key(job_id), done, timeout=24 * 3600)


def import_job_start(*, resource, input_format, file_name, data, rows, change_reason, user):
    """Keep the file and queue its check; the job's page shows how it goes."""
    job = ImportJob.objects.create(
        resource=f"{type(resource).__module__}.{type(resource).__qualname__}",
        input_format=f"{type(input_format).__module__}.{type(input_format).__qualname__}",
        file_name=file_name,
        data=data,
        rows=rows,
        change_reason=change_reason,
        user=user,
    )
    transaction.on_commit(lambda: import_job_check.enqueue(job.pk))
    return job


def import_job_confirm(job: ImportJob) -> bool:
    """Queue the import of a checked file; False when it is not waiting for confirmation."""
    confirmed = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKED).update(
        state=ImportJob.State.IMPORTING
    )
    if confirmed:
        progress_report(job.pk, 0)
        transaction.on_commit(lambda: import_job_run.enqueue(job.pk))
    return bool(confirmed)


def import_job_discard(job: ImportJob) -> bool:
    """Drop a file that is not being imported; False when it is running or already done."""
    waiting = {ImportJob.State.CHECKED, ImportJob.State.REFUSED}
    return bool(
        ImportJob.objects.filter(pk=job.pk, state__in=waiting).update(
            state=ImportJob.State.DISCARDED, data=b"", finished_at=timezone.now()
        )
    )


def import_job_step(job: ImportJob, *, dry_run: bool):
    """Check (`dry_run`) or import the job's file as its user, keeping the reason they gave."""
    input_format = import_string(job.input_format)()
    data = bytes(job.data)
    dataset = input_format.create_dataset(data if input_format.is_binary() else data.decode())
    return import_string(job.resource)().import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        rollback_on_validation_errors=True,
        retain_instance_in_row_result=not dry_run,
        file_name=job.file_name,
        user=job.user,
        change_reason=job.change_reason,
        progress=lambda done: done % PROGRESS_EVERY or progress_report(job.pk, done),
    )


def admin_log(job: ImportJob, result) -> None:
    """The admin's recent actions, as an import within a request records them."""
    for action, flag in (("new", ADDITION), ("update", CHANGE)):
        instances = [row.instance for row in result.rows if row.import_type == action]
        if instances and job.user is not None:
            LogEntry.objects.log_actions(
                job.user.pk,
                instances,
                flag,
                change_message=_("Imported from %(file)s") % {"file": job.file_name},
                single_object=False,
            )


def job_run(job_id: int, *, expected: str, dry_run: bool) -> None:
    job = ImportJob.objects.filter(pk=job_id, state=expected).first()
    if job is None:  # discarded meanwhile, or a repeated delivery of a step that ran
        return
    progress_report(job.pk, 0)
    try:
        result = import_job_step(job, dry_run=dry_run)
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        result = None
    if result is None:
        job.problems = [
            {"row": None, "messages": [_("The import stopped on an unexpected error.")]}
        ]
        failed = True
    else:
        job.totals = dict(result.totals)
        job.problems = import_problems(result)
        failed = bool(job.problems)
    if dry_run:
        job.state = ImportJob.State.REFUSED if failed else ImportJob.State.CHECKED
    else:
        job.state = ImportJob.State.FAILED if failed else ImportJob.State.IMPORTED
        if not failed:
            admin_log(job, result)
    if job.state != ImportJob.State.CHECKED:
        job.data, job.finished_at = b"", timezone.now()
    job.save()


@task()
def import_job_check(job_id: int) -> None:
    job_run(job_id, expected=ImportJob.State.CHECKING, dry_run=True)


@task()
def import_job_run(job_id: int) -> None:
    job_run(job_id, expected=ImportJob.State.IMPORTING, dry_run=False)
