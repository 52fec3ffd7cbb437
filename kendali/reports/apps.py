from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kendali.reports"
    label = "reports"
    verbose_name = _("Laporan")

    def ready(self) -> None:
        from django.conf import settings

        from kendali.lib.images import configure_pillow
        from kendali.reports import pages  # noqa: F401  (registers its navigation)

        configure_pillow(settings.MAX_IMAGE_PIXELS)
