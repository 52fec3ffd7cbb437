from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "kendali.console"
    label = "console"
    verbose_name = _("Konsol operator")

    def ready(self) -> None:
        from kendali.console import pages  # noqa: F401  (registers its navigation)
