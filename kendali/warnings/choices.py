"""Choices of public warnings: Kendali's workflow states and CAP 1.2's own vocabularies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kendali.lib.choices import ColoredChoices, nonmember


class WarningState(ColoredChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")
    SUPERSEDED = "superseded", _("Digantikan pembaruan")
    CANCELLED = "cancelled", _("Dibatalkan")
    EXPIRED = "expired", _("Berakhir")
    DISCARDED = "discarded", _("Dibuang")

    COLORS = nonmember(
        {
            "draft": "blue",
            "published": "red",
            "superseded": "grey",
            "cancelled": "grey",
            "expired": "teal",
            "discarded": "grey",
        }
    )


class MessageType(models.TextChoices):
    ALERT = "Alert", _("Peringatan baru")
    UPDATE = "Update", _("Pembaruan")
    CANCEL = "Cancel", _("Pembatalan")


class CapCategory(models.TextChoices):
    GEO = "Geo", _("Geofisika (gempa, longsor)")
    MET = "Met", _("Cuaca dan banjir")
    SAFETY = "Safety", _("Keselamatan umum")
    SECURITY = "Security", _("Keamanan")
    RESCUE = "Rescue", _("Penyelamatan")
    FIRE = "Fire", _("Kebakaran")
    HEALTH = "Health", _("Kesehatan")
    ENV = "Env", _("Lingkungan (polusi)")
    TRANSPORT = "Transport", _("Transportasi")
    INFRA = "Infra", _("Infrastruktur dan utilitas")
    CBRNE = "CBRNE", _("Bahan berbahaya (KBRN)")
    OTHER = "Other", _("Lainnya")


class Urgency(models.TextChoices):
    IMMEDIATE = "Immediate", _("Segera")
    EXPECTED = "Expected", _("Dalam waktu dekat (1 jam)")
    FUTURE = "Future", _("Akan datang")
    PAST = "Past", _("Sudah lewat")
    UNKNOWN = "Unknown", _("Tidak diketahui")


class Severity(ColoredChoices):
    EXTREME = "Extreme", _("Ekstrem")
    SEVERE = "Severe", _("Berat")
    MODERATE = "Moderate", pgettext_lazy("CAP severity", "Sedang")
    MINOR = "Minor", _("Ringan")
    UNKNOWN = "Unknown", _("Tidak diketahui")

    COLORS = nonmember(
        {"Extreme": "red", "Severe": "orange", "Moderate": "yellow", "Minor": "blue"}
    )


class Certainty(models.TextChoices):
    OBSERVED = "Observed", _("Sudah terjadi")
    LIKELY = "Likely", _("Kemungkinan besar")
    POSSIBLE = "Possible", _("Mungkin")
    UNLIKELY = "Unlikely", _("Kecil kemungkinan")
    UNKNOWN = "Unknown", _("Tidak diketahui")


class ResponseType(models.TextChoices):
    SHELTER = "Shelter", _("Berlindung")
    EVACUATE = "Evacuate", _("Mengungsi")
    PREPARE = "Prepare", _("Bersiap")
    EXECUTE = "Execute", _("Laksanakan rencana")
    AVOID = "Avoid", _("Hindari")
    MONITOR = "Monitor", _("Pantau informasi")
    ASSESS = "Assess", _("Nilai situasi")
    ALL_CLEAR = "AllClear", _("Aman kembali")
    NONE = "None", _("Tidak ada tindakan")
