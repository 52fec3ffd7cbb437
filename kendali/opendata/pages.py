"""What the open data app adds to the shells' navigation."""

from django.utils.translation import gettext_lazy as _

from kendali.lib import nav
from kendali.opendata.actions import may_manage

nav.register(
    nav.NavItem("opendata", _("Data terbuka"), "opendata-console:list", 70, "console", may_manage)
)
nav.register(nav.NavItem("opendata", _("Data terbuka"), "opendata-portal:list", 80, "portal"))
