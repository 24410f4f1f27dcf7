import logging
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.management import BaseCommand, CommandError
from django.db import connections

from core.fragments import kept_day, made_by
from core.models import RecordVersion
from treaties.api import keep_treaty_records
from treaties.fragments import api_request, keep_comparisons

logger = logging.getLogger(__name__)


def seconds(value: str) -> float:
    if float(value) <= 0:
        raise ValueError(value)
    return float(value)


class Command(BaseCommand):
    help = (
        "Make and keep what new comparisons read of every published treaty (each treaty's "
        "columns), and with --origin the JSON of each treaty the API's lists show, so a "
        "combination or list page never asked for is put together from kept parts. With "
        "--watch, again whenever the record changes, on a new day and before they expire."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--origin",
            action="append",
            default=[],
            help="Where readers reach the site (e.g. https://example.org), for the API's links; "
            "repeat for several. Without it, only the pages' columns are kept.",
        )
        parser.add_argument(
            "--watch",
            type=seconds,
            metavar="SECONDS",
            help="Keep running: look every SECONDS for a new record version or day.",
        )

    def handle(self, *args, origin: list[str], watch: float | None, verbosity: int, **options):
        if settings.RECORD_CACHE_SECONDS <= 0:
            raise CommandError("Nothing is kept with RECORD_CACHE_SECONDS=0.")
        for address in origin:
            try:
                api_request(address, settings.REST_FRAMEWORK["DEFAULT_VERSION"])
            except (ValueError, DisallowedHost) as refused:
                raise CommandError(f"{refused} (--origin)") from None
        kept, renewed = None, 0.0
        while True:
            try:
                current = (RecordVersion.current(), kept_day())
                # Kept again before they expire: a reader never finds them missing.
                if (
                    current != kept
                    or time.monotonic() - renewed > settings.RECORD_CACHE_SECONDS / 2
                ):
                    started = time.monotonic()
                    version, count = keep_comparisons(origins=origin)
                    listed = keep_treaty_records(origins=origin) if origin else 0
                    kept, renewed = (version, current[1]), time.monotonic()
                    if verbosity:
                        self.stdout.write(
                            # The code's digest names the keys: a web server deployed with other
                            # code reads none of these (core.fragments.made_by).
                            f"Record version {version}, code {made_by()}: the comparison "
                            f"columns of {count} treaties and the API records of {listed} "
                            f"kept ({renewed - started:.1f} s)"
                        )
            except Exception:
                if watch is None:
                    raise
                # The database away for a while: readers make the columns meanwhile, and the
                # next pass connects again rather than reuse a connection PostgreSQL dropped.
                logger.exception("The comparison columns could not be kept; trying again")
                connections.close_all()
            if watch is None:
                return
            time.sleep(watch)
