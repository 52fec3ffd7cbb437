from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kendali.lib.choices import ColoredChoices, nonmember


class ClockKind(models.TextChoices):
    """The four promises a report's SLA makes, in the order they usually end."""

    VERIFY = "verify", _("Verifikasi")
    DISPOSE = "dispose", _("Disposisi")
    FIRST_RESPONSE = "first_response", _("Tanggapan pertama perangkat daerah")
    RESOLVE = "resolve", _("Penyelesaian")


class ClockState(ColoredChoices):
    RUNNING = "running", _("Berjalan")
    PAUSED = "paused", _("Dijeda")
    AT_RISK = "at_risk", _("Hampir terlambat")
    BREACHED = "breached", _("Terlambat")
    MET = "met", _("Tepat waktu")
    CANCELLED = "cancelled", _("Dibatalkan")

    COLORS = nonmember(
        {
            "running": "blue",
            "paused": "grey",
            "at_risk": "yellow",
            "breached": "red",
            "met": "green",
            "cancelled": "grey",
        }
    )


class HolidayKind(models.TextChoices):
    NATIONAL = "national", _("Libur nasional")
    COLLECTIVE_LEAVE = "collective_leave", _("Cuti bersama")
    LOCAL = "local", _("Libur daerah")
    # A stored correction: this date is a working day even if the holidays package lists it.
    WORKING_DAY = "working_day", _("Hari kerja (koreksi)")


class Recipient(models.TextChoices):
    """Who an escalation level reaches."""

    ASSIGNEE = "assignee", _("Penanggung jawab (petugas perangkat daerah, atau operator)")
    AGENCY_HEAD = "agency_head", _("Pimpinan perangkat daerah")
    SHIFT_SUPERVISOR = "shift_supervisor", _("Supervisor jaga")
    EXECUTIVE = "executive", _("Pimpinan daerah")


WEEKDAYS = [
    (0, _("Senin")),
    (1, _("Selasa")),
    (2, _("Rabu")),
    (3, _("Kamis")),
    (4, _("Jumat")),
    (5, _("Sabtu")),
    (6, _("Minggu")),
]
