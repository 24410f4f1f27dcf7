"""Import benchmark: a file of BENCH_IMPORT_ROWS new articles (10,000 by default) checked and
imported by the background job (core.tasks), as a curator's upload in the admin would be.

    scripts/dev.sh bench imports      (make bench runs the load benchmark; this runs on its own)

Prints, for the check (a dry run) and the import: seconds, milliseconds a row, rows a second, and
the process's peak resident memory. The rows are synthetic (bench.scale_data's treaties) and the
import runs in a benchmark database only.
"""

import os
import resource
import sys
import time

import django
import tablib

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
PREFIX = "synthetic-import-"


def articles_file(rows: int) -> bytes:
    """A CSV of `rows` new articles, made from the synthetic ones spread over their treaties."""
    from core import spreadsheets
    from treaties.models import Clause
    from treaties.resources import ClauseResource

    models = Clause.objects.filter(slug__startswith="synthetic-").order_by("pk")[:100]
    dataset = ClauseResource().export(queryset=Clause.objects.filter(pk__in=models.values("pk")))
    slug, order, number = (dataset.headers.index(name) for name in ("slug", "order", "number"))
    source_rows = list(dataset)
    made = []
    for index in range(rows):
        row = list(source_rows[index % len(source_rows)])
        row[slug] = f"{PREFIX}{index}"
        row[order] = 1_000 + index
        row[number] = ""
        made.append(row)
    return spreadsheets.CSV().export_data(tablib.Dataset(*made, headers=dataset.headers)).encode()


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import get_user_model

    from bench.scale_data import generate_scale_data
    from core import spreadsheets, tasks
    from core.models import ImportJob
    from treaties.models import Clause
    from treaties.resources import ClauseResource

    if not Clause.objects.filter(slug__startswith="synthetic-").exists():
        # A benchmark database of its own; `make bench`'s synthetic record is used as it is.
        print(generate_scale_data(treaties=50, clauses_per_treaty=4, reactions_per_treaty=1))
    Clause.objects.filter(slug__startswith=PREFIX).delete()
    user, _created = get_user_model().objects.get_or_create(
        username="bench-importer", defaults={"is_superuser": True, "is_staff": True}
    )
    job = tasks.import_job_start(
        resource=ClauseResource(),
        input_format=spreadsheets.CSV(),
        file_name="bench-articles.csv",
        data=articles_file(ROWS),
        rows=ROWS,
        change_reason="Benchmark import",
        user=user,
    )
    print(f"{ROWS} rows, peak memory before: {peak_mib():.0f} MiB")
    for step, expected, dry_run in (
        ("check", ImportJob.State.CHECKING, True),
        ("import", ImportJob.State.IMPORTING, False),
    ):
        if not dry_run:
            tasks.import_job_confirm(job)
        started = time.perf_counter()
        tasks.job_run(job.pk, expected=expected, dry_run=dry_run)
        seconds = time.perf_counter() - started
        job.refresh_from_db()
        print(
            f"{step:7} {seconds:7.1f} s  {1000 * seconds / ROWS:6.1f} ms/row  "
            f"{ROWS / seconds:6.0f} rows/s  state={job.state}  totals={job.totals}  "
            f"peak {peak_mib():.0f} MiB"
        )
        if job.problems:
            print("  problems:", job.problems[:3])
            return 1
    imported = Clause.objects.filter(slug__startswith=PREFIX).count()
    Clause.objects.filter(slug__startswith=PREFIX).delete()
    print(f"imported {imported} articles (removed again)")
    return 0 if imported == ROWS else 1


if __name__ == "__main__":
    sys.exit(main())
