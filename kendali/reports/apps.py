from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kendali.reports"
    label = "reports"
    verbose_name = _("Laporan")

    def ready(self) -> None:
        from kendali.reports import pages  # noqa: F401  (registers its navigation)
