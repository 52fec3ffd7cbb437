from django.apps import AppConfig


class KendaliConfig(AppConfig):
    """The project package is an app too: shared templates, static files, commands and locale."""

    name = "kendali"
    verbose_name = "Kendali"
