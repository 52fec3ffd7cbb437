from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "kendali.agencies"
    label = "agencies"
    verbose_name = _("Perangkat daerah dan pengguna")

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from kendali.agencies import (
            handlers,
            jobs,  # noqa: F401  (registers the session clean-up job)
        )

        user_logged_in.connect(handlers.on_logged_in, dispatch_uid="agencies.logged_in")
        user_login_failed.connect(handlers.on_login_failed, dispatch_uid="agencies.login_failed")
        user_locked_out.connect(handlers.on_locked_out, dispatch_uid="agencies.locked_out")
