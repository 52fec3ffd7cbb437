"""Choices for telemetry. Each carries its label and, where the console shows it, its colour,
shared by the console, the map legend and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from kendali.lib.choices import ColoredChoices, nonmember


class SensorKind(models.TextChoices):
    WATER_LEVEL = "water_level", _("Tinggi muka air")
    RAINFALL = "rainfall", _("Curah hujan")
    PM25 = "pm25", _("Kualitas udara PM2.5")
    PM10 = "pm10", _("Kualitas udara PM10")
    TRAFFIC_SPEED = "traffic_speed", _("Kecepatan lalu lintas")
    TRAFFIC_VOLUME = "traffic_volume", _("Volume lalu lintas")
    STREETLIGHT = "streetlight", _("Status lampu jalan")


@dataclass(frozen=True)
class KindSpec:
    unit: str
    # Values outside this range are physically absurd for the kind and rejected at ingest.
    minimum: float
    maximum: float


KIND_SPECS: dict[str, KindSpec] = {
    SensorKind.WATER_LEVEL: KindSpec("cm", -100, 3000),
    SensorKind.RAINFALL: KindSpec("mm/jam", 0, 500),
    SensorKind.PM25: KindSpec("µg/m³", 0, 2000),
    SensorKind.PM10: KindSpec("µg/m³", 0, 3000),
    SensorKind.TRAFFIC_SPEED: KindSpec("km/jam", 0, 250),
    SensorKind.TRAFFIC_VOLUME: KindSpec("kendaraan/jam", 0, 20000),
    SensorKind.STREETLIGHT: KindSpec("nyala", 0, 1),
}


class SensorStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Belum ada data")
    ONLINE = "online", _("Aktif")
    OFFLINE = "offline", _("Tidak mengirim data")


# A rule's level: 0 is normal; higher is more serious. Names per level come from each rule
# (for a river: Siaga 4 → Siaga 1); colours are shared by the map and the console.
LEVEL_COLORS = {0: "green", 1: "yellow", 2: "orange", 3: "red", 4: "red"}
OFFLINE_COLOR = "grey"


def level_color(level: int) -> str:
    return LEVEL_COLORS.get(min(max(level, 0), 4), "red")


class RuleKind(models.TextChoices):
    THRESHOLD = "threshold", _("Ambang batas")
    RATE = "rate", _("Laju perubahan")
    NO_DATA = "no_data", _("Tidak ada data")


class Direction(models.TextChoices):
    ABOVE = "above", _("di atas ambang")
    BELOW = "below", _("di bawah ambang")


class RuleEventKind(models.TextChoices):
    RAISED = "raised", _("Naik")
    LOWERED = "lowered", _("Turun")
    CLEARED = "cleared", _("Kembali normal")


class CameraStatus(ColoredChoices):
    UNKNOWN = "unknown", _("Belum diperiksa")
    ONLINE = "online", _("Aktif")
    STALE = "stale", _("Gambar tidak berubah")
    OFFLINE = "offline", _("Mati")

    COLORS = nonmember({"online": "green", "stale": "yellow", "offline": "red"})


class StreamKind(models.TextChoices):
    HLS = "hls", "HLS"
    MJPEG = "mjpeg", "MJPEG"
    OTHER = "other", _("Lainnya")


class VehicleKind(models.TextChoices):
    FIRE_TRUCK = "fire_truck", _("Mobil pemadam")
    AMBULANCE = "ambulance", _("Ambulans")
    RESCUE = "rescue", _("Kendaraan penyelamat")
    BUS = "bus", _("Bus")
    GARBAGE_TRUCK = "garbage_truck", _("Truk sampah")
    PATROL = "patrol", _("Kendaraan patroli")
    UTILITY = "utility", _("Kendaraan dinas teknis")


class VehicleStatus(ColoredChoices):
    AVAILABLE = "available", _("Siaga (tersedia)")
    ON_DUTY = "on_duty", _("Bertugas")
    OUT_OF_SERVICE = "out_of_service", _("Tidak beroperasi")

    COLORS = nonmember({"available": "green", "on_duty": "orange"})


# Which vehicles suit a report of a category (by category code); others fall back to any kind.
CATEGORY_VEHICLE_KINDS: dict[str, tuple[str, ...]] = {
    "kebakaran": (VehicleKind.FIRE_TRUCK, VehicleKind.RESCUE),
    "banjir": (VehicleKind.RESCUE, VehicleKind.FIRE_TRUCK),
    "pohon-tumbang": (VehicleKind.RESCUE, VehicleKind.UTILITY),
    "sampah": (VehicleKind.GARBAGE_TRUCK,),
    "kecelakaan": (VehicleKind.AMBULANCE,),
    "kesehatan": (VehicleKind.AMBULANCE,),
}


class AlertKind(models.TextChoices):
    CAMERA_OFFLINE = "camera_offline", _("Kamera mati")
    SENSOR_OFFLINE = "sensor_offline", _("Sensor tidak mengirim data")
