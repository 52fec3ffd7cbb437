"""What the warnings app adds to the shells' navigation."""

from django.utils.translation import gettext_lazy as _

from kendali.lib import nav
from kendali.warnings.access import may_draft

nav.register(
    nav.NavItem("warnings", _("Peringatan"), "warnings-console:list", 60, "console", may_draft)
)
nav.register(nav.NavItem("warnings", _("Peringatan"), "warnings-portal:list", 70, "portal"))
