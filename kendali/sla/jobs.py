from kendali.lib.worker import job
from kendali.sla.monitor import tick


@job("sla.tick", every=15)
def sla_tick() -> dict[str, int]:
    return tick()


@job("sla.holidays", every=24 * 3600)
def store_holidays() -> dict[str, int]:
    """Keep this year's and next year's package holidays stored on every calendar that names a
    country, so the admin shows them (clocks use the package for any year regardless)."""
    from django.utils import timezone

    from kendali.sla.importer import import_country
    from kendali.sla.models import Calendar

    year = timezone.localdate().year
    created = 0
    for calendar in Calendar.objects.filter(always_open=False).exclude(holiday_country=""):
        for wanted in (year, year + 1):
            created += import_country(calendar, calendar.holiday_country, wanted, source="worker")[
                0
            ]
    return {"created": created}
