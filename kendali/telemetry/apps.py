from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelemetryConfig(AppConfig):
    name = "kendali.telemetry"
    label = "telemetry"
    verbose_name = _("Telemetri")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kendali.telemetry import (
            handlers,
            jobs,  # noqa: F401  (registers the background jobs)
            pages,  # noqa: F401  (registers its navigation and report panel)
        )

        handlers.register()
