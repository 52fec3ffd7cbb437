from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Staff roles (DESIGN.md §2). Citizens use the public website without an account."""

    OPERATOR = "operator", _("Operator")
    SUPERVISOR = "supervisor", _("Supervisor")
    AGENCY_ADMIN = "agency_admin", _("Admin perangkat daerah")
    AGENCY_OFFICER = "agency_officer", _("Petugas perangkat daerah")
    EXECUTIVE = "executive", _("Pimpinan")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator sistem")


# Roles that work the shared queue of the command center itself.
CENTER_ROLES = frozenset({Role.OPERATOR, Role.SUPERVISOR, Role.ADMIN})
# Roles tied to one agency, who see only that agency's reports.
AGENCY_ROLES = frozenset({Role.AGENCY_ADMIN, Role.AGENCY_OFFICER})
# Roles that read everything and change nothing.
READ_ONLY_ROLES = frozenset({Role.EXECUTIVE, Role.AUDITOR})
