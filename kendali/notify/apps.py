from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "kendali.notify"
    label = "notify"
    verbose_name = _("Pemberitahuan")

    def ready(self) -> None:
        from kendali.notify import (
            handlers,
            jobs,  # noqa: F401  (registers the worker jobs)
        )

        handlers.register()
