"""What the insights app adds to the shells' navigation."""

from django.utils.translation import gettext_lazy as _

from kendali.insights.access import may_view_insights
from kendali.lib import nav

nav.register(
    nav.NavItem("insights", _("Kinerja"), "insights-console:home", 15, "console", may_view_insights)
)
nav.register(
    nav.NavItem("insights", _("Kinerja layanan"), "insights-portal:performance", 65, "portal")
)
