from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "kendali.sla"
    label = "sla"
    verbose_name = _("Kalender dan SLA")

    def ready(self) -> None:
        from kendali.sla import (
            handlers,
            jobs,  # noqa: F401  (registers the worker jobs)
            pages,  # noqa: F401  (registers its report panels)
        )

        handlers.register()
