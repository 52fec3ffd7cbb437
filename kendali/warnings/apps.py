from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarningsConfig(AppConfig):
    name = "kendali.warnings"
    label = "warnings"
    verbose_name = _("Peringatan")

    def ready(self) -> None:
        from kendali.warnings import (
            jobs,  # noqa: F401  (registers the expiry job)
            pages,  # noqa: F401  (registers its navigation)
        )
