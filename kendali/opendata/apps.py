from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "kendali.opendata"
    label = "opendata"
    verbose_name = _("Data terbuka")

    def ready(self) -> None:
        from kendali.opendata import (
            jobs,  # noqa: F401  (registers the refresh job)
            pages,  # noqa: F401  (registers its navigation)
        )
