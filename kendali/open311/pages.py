"""What the Open311 app adds to the console's navigation."""

from django.utils.translation import gettext_lazy as _

from kendali.lib import nav
from kendali.open311.access import may_manage_keys

nav.register(
    nav.NavItem("open311", _("Integrasi"), "open311-console:keys", 80, "console", may_manage_keys)
)
