"""Load the sourced record (fixtures/*.yaml) in one transaction.

Fixtures refer to rows by natural key (slugs), so loading again updates the same rows instead of
adding copies. By default nothing is loaded once the record exists, so curators' later edits survive
`make run`; --force reloads the fixtures over the stored rows. Each loaded row without a history
gets its first version, so a curator's first edit can be reverted.
"""

from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.db import transaction
from simple_history.models import HistoricalChanges

from treaties.models import Treaty


def fixture_paths() -> list[str]:
    fixture_dir = settings.BASE_DIR / "fixtures"
    return [str(path) for path in sorted(fixture_dir.glob("*.yaml"))]


class Command(BaseCommand):
    help = "Load the treaty record from fixtures/ (idempotent; skips if treaties already exist)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even if the database already holds treaties, overwriting fixture rows.",
        )

    def handle(self, *args, force: bool, verbosity: int, **options):
        if Treaty.objects.exists() and not force:
            self.stdout.write("The record is already loaded; use --force to reload the fixtures.")
            return
        with transaction.atomic():
            call_command("loaddata", *fixture_paths(), verbosity=verbosity)
            record_first_versions()


def record_first_versions() -> None:
    """A first historical version for every tracked row that has none (fixtures load raw)."""
    for historical in apps.get_models():
        if not issubclass(historical, HistoricalChanges):
            continue
        model = historical.instance_type
        unrecorded = model.objects.exclude(pk__in=historical.objects.values("id"))
        model.history.bulk_history_create(
            list(unrecorded), default_change_reason="Loaded from the sourced fixtures"
        )
