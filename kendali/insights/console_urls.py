from django.urls import path

from kendali.insights import console_views as views
from kendali.insights import wall

app_name = "insights-console"

urlpatterns = [
    path("", views.home, name="home"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("opd/", views.league_table, name="league"),
    path("opd/<slug:code>/", views.scorecard, name="scorecard"),
    path("laporan/", views.reports, name="reports"),
    path("layar/", wall.console_wall, name="wall"),
    path("layar/panel/<slug:name>/", wall.console_wall_panel, name="wall-panel"),
    path("laporan/<int:pk>.pdf", views.report_file, name="report-file"),
]
