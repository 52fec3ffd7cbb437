from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SopsConfig(AppConfig):
    name = "kendali.sops"
    label = "sops"
    verbose_name = _("SOP")

    def ready(self) -> None:
        from kendali.sops import (
            handlers,
            jobs,  # noqa: F401  (registers the worker jobs)
            pages,  # noqa: F401  (registers its navigation and report panels)
        )

        handlers.register()
