import logging
import time

from django.core.exceptions import DisallowedHost
from django.core.management import BaseCommand, CommandError

from core.models import RecordVersion
from treaties.fragments import keep_comparisons

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Make and keep what new comparisons read of every published treaty (each treaty's "
        "columns), so a combination never asked for is put together from kept parts. With "
        "--watch, again whenever the record changes and as kept parts expire."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--origin",
            action="append",
            default=[],
            help="Where readers reach the API (e.g. https://example.org), for its links; "
            "repeat for several. Without it, only the pages' columns are kept.",
        )
        parser.add_argument(
            "--watch",
            type=float,
            metavar="SECONDS",
            help="Keep running: look every SECONDS for a new record version or expired parts.",
        )

    def handle(self, *args, origin: list[str], watch: float | None, verbosity: int, **options):
        while True:
            started = time.monotonic()
            try:
                version = RecordVersion.current()
                count = keep_comparisons(origins=origin)
            except DisallowedHost as refused:
                raise CommandError(f"{refused} Readers cannot reach the API there.") from None
            except Exception:
                if watch is None:
                    raise
                # The database or the cache away for a while: readers make the columns meanwhile.
                logger.exception("Comparison columns could not be kept; trying again")
                time.sleep(watch)
                continue
            if verbosity:
                seconds = time.monotonic() - started
                self.stdout.write(
                    f"Record version {version}: {count} treaties' comparison columns kept "
                    f"({seconds:.1f} s)"
                )
            if watch is None:
                return
            time.sleep(watch)
