"""What the reports app adds to the shells' navigation."""

from django.utils.translation import gettext_lazy as _

from kendali.lib import nav
from kendali.lib.nav import signed_in

nav.register(nav.NavItem("queue", _("Antrean"), "reports-console:queue", 10, "console", signed_in))
nav.register(nav.NavItem("map", _("Peta"), "reports-console:map", 20, "console", signed_in))
nav.register(
    nav.NavItem("report", _("Lapor"), "reports-portal:new", 10, "portal", css_class="nav-cta")
)
nav.register(nav.NavItem("track", _("Lacak"), "reports-portal:track", 20, "portal"))
nav.register(nav.NavItem("reports", _("Laporan warga"), "reports-portal:list", 30, "portal"))
nav.register(nav.NavItem("map", _("Peta"), "reports-portal:map", 40, "portal"))
nav.register(nav.NavItem("categories", _("Kategori"), "reports-portal:categories", 50, "portal"))
