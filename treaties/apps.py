from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TreatiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treaties"

    def ready(self):
        from .record_triggers import install_triggers
        from .search import keep_vectors_in_rows

        post_migrate.connect(install_triggers, dispatch_uid="treaties.record_triggers")
        post_migrate.connect(keep_vectors_in_rows, dispatch_uid="treaties.search_vectors")
