from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over the record apps' rows (treaties, articles, reactions): above them,
    it imports both; neither imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
