from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "kendali.insights"
    label = "insights"
    verbose_name = _("Kinerja layanan")

    def ready(self) -> None:
        from kendali.insights import (
            drilldown,  # noqa: F401  (registers the queue's KPI drill-down)
            handlers,
            jobs,  # noqa: F401  (registers the rollup job)
            pages,  # noqa: F401  (registers its navigation)
        )

        handlers.register()
