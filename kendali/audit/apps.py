from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "kendali.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from kendali.audit import (
            jobs,  # noqa: F401  (registers the checkpoint job)
            pages,  # noqa: F401  (registers its navigation)
        )
        from kendali.audit.maintenance import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="audit.sqlite_function")
