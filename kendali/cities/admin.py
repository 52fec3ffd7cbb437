from django.contrib import admin

from kendali.audit.admin_mixins import AuditedAdmin
from kendali.cities.models import Area, City
from kendali.lib.translated_admin import TranslatedAdmin


@admin.register(City)
class CityAdmin(AuditedAdmin, TranslatedAdmin):
    list_display = ["name", "command_center_name", "province"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "province", "latitude", "longitude", "zoom"]}),
        (
            "Command center",
            {
                "fields": [
                    "command_center_name",
                    "tagline",
                    "regulation",
                    "about",
                    "organisation",
                    "address",
                    "phone",
                    "email",
                    "emergency_number",
                ]
            },
        ),
    ]


@admin.register(Area)
class AreaAdmin(AuditedAdmin, admin.ModelAdmin[Area]):
    list_display = ["name", "level", "code", "parent", "is_approximate"]
    list_filter = ["level", "is_approximate"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
