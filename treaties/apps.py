from django.apps import AppConfig


class TreatiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treaties"
