from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What the record apps (treaties, reactions) share: their base models, the record's version
    and the answers kept under it, and the bases of their admin, imports and API."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
