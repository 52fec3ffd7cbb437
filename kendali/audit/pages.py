"""What the audit app adds to the console's navigation."""

from django.utils.translation import gettext_lazy as _

from kendali.audit.access import may_read_audit
from kendali.lib import nav

nav.register(nav.NavItem("audit", _("Audit"), "audit-console:log", 50, "console", may_read_audit))
