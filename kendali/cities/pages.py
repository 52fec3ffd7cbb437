"""What the cities app adds to the public website's navigation."""

from django.utils.translation import gettext_lazy as _

from kendali.lib import nav

nav.register(nav.NavItem("about", _("Tentang"), "cities-portal:about", 90, "portal"))
