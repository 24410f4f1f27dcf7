from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TreatiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treaties"

    def ready(self):
        from .record_triggers import install_triggers

        post_migrate.connect(install_triggers, dispatch_uid="treaties.record_triggers")
