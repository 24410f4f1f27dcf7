from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """What the record apps (treaties, reactions) share: their base models, the record's version
    and the answers kept under it, the bases of their admin, imports and API, and the releases
    of the record."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"

    def ready(self):
        from .releases import sync_release_schemas

        # A migration changes the record's tables; every release's copy follows.
        post_migrate.connect(sync_release_schemas, sender=self)
