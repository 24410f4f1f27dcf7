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
from django.test.utils import override_settings
from simple_history.models import HistoricalChanges

from core.services import versions_keep_relations
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
            # Fixtures load raw, but their many-to-many values would each record a version;
            # every row gets one first version, with all its values, once they are loaded.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", *fixture_paths(), verbosity=verbosity)
            record_first_versions()


def record_first_versions() -> None:
    """A first historical version for every tracked row that has none (fixtures load raw),
    with the many-to-many values it has, so reverting to it brings those back too."""
    for historical in apps.get_models():
        if not issubclass(historical, HistoricalChanges):
            continue
        model = historical.instance_type
        if model._meta.auto_created:
            continue  # the history of a many-to-many table, written with its owner's
        unrecorded = list(model.objects.exclude(pk__in=historical.objects.values("id")))
        versions = model.history.bulk_history_create(
            unrecorded, default_change_reason="Loaded from the sourced fixtures"
        )
        versions_keep_relations(versions)
