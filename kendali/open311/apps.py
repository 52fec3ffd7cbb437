from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    name = "kendali.open311"
    label = "open311"
    verbose_name = _("Open311")

    def ready(self) -> None:
        from kendali.open311 import pages  # noqa: F401  (registers its navigation)
