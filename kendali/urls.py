from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from kendali import views
from kendali.api import api
from kendali.console.views.auth import admin_login

# The admin signs in through the console's steps: lockout, then the second factor.
admin.site.login = admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("api/v1/events", views.events, name="events"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("console/integrasi/", include("kendali.open311.console_urls")),
    path("console/peringatan/", include("kendali.warnings.console_urls")),
    path("console/data/", include("kendali.opendata.console_urls")),
    path("console/telemetri/", include("kendali.telemetry.console_urls")),
    path("console/kinerja/", include("kendali.insights.console_urls")),
    path("layar/", include("kendali.insights.wall_urls")),
    path("console/", include("kendali.reports.console_urls")),
    path("console/", include("kendali.sops.console_urls")),
    path("console/", include("kendali.audit.console_urls")),
    path("console/", include("kendali.console.urls")),
    path("open311/v2/", include("kendali.open311.urls")),
    path("warnings/", include("kendali.warnings.urls")),
    path("", include("kendali.opendata.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]
urlpatterns += i18n_patterns(
    path("", include("kendali.warnings.portal_urls")),
    path("", include("kendali.insights.portal_urls")),
    path("", include("kendali.opendata.portal_urls")),
    path("", include("kendali.reports.portal_urls")),
    path("", include("kendali.sops.portal_urls")),
    path("", include("kendali.cities.portal_urls")),
    path("", include("kendali.portal.urls")),
    prefix_default_language=False,
)

if settings.BENCH_ENDPOINTS:
    urlpatterns.insert(0, path("_bench/bare", views.bench_bare))
