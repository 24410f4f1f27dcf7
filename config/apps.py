from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    """jQuery UI, served for the admin's language tabs, ships theme stylesheets that point at
    images it does not ship, which the hashed-name storage refuses. Only its script is used."""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "jquery-ui*.css", "themes/*"]
