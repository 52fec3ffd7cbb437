from django.urls import path

from kendali.insights import wall

app_name = "insights-wall"

urlpatterns = [
    path("<str:secret>/", wall.kiosk_wall, name="wall"),
    path("<str:secret>/panel/<slug:name>/", wall.kiosk_panel, name="panel"),
    path("<str:secret>/events", wall.kiosk_events, name="events"),
]
