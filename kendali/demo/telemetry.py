"""The demo city's telemetry: river gauges along Bandung's rivers, rain gauges, air quality,
traffic and street lights, a few dozen CCTV cameras served by a small local snapshot server,
and a fleet that drives around the city.

`kendali demo` loads it with the demo city and starts two things next to the server: the
snapshot server and the simulator. Every 5 seconds the simulator sends a reading for each
sensor and a position for each vehicle, in-process (no broker needed) or over MQTT when
``KENDALI_MQTT_URL`` is set. A rain event starts a minute after the demo starts and repeats
every 30 minutes: the rain gauges rise, then the rivers; the Cikapundung crosses Siaga 3 about
two minutes into the event and opens a flood report, reaches Siaga 1 at Braga, and recedes.
"""

from __future__ import annotations

import io
import itertools
import json
import logging
import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from PIL import Image, ImageDraw
from shapely.geometry import Point, shape

from kendali.agencies.models import Agency
from kendali.cities.models import Area
from kendali.reports.models import Category
from kendali.telemetry import rollups
from kendali.telemetry.ingest import RawPosition, RawReading, ingest_positions, ingest_readings
from kendali.telemetry.models import Camera, Rule, RuleState, Sensor, Vehicle, new_tracker_id

logger = logging.getLogger("kendali.demo.telemetry")

TICK_SECONDS = 5.0
EVENT_START_SECONDS = 60.0
EVENT_EVERY_SECONDS = 30 * 60.0
SIAGA = ("Siaga 4", "Siaga 3", "Siaga 2", "Siaga 1")

# (code, name, river, kecamatan, normal cm, peak cm in the event, Siaga 4..1 thresholds cm)
RIVER_GAUGES = [
    ("tma-cikapundung-dago", "TMA Cikapundung · Dago", "Cikapundung", "bdg-coblong", 70, 205, (110, 150, 190, 230)),
    ("tma-cikapundung-siliwangi", "TMA Cikapundung · Siliwangi", "Cikapundung", "bdg-cidadap", 75, 215, (120, 160, 200, 240)),
    ("tma-cikapundung-braga", "TMA Cikapundung · Braga", "Cikapundung", "bdg-sumur-bandung", 80, 265, (120, 160, 200, 240)),
    ("tma-cikapundung-kolot", "TMA Cikapundung Kolot · Regol", "Cikapundung", "bdg-regol", 85, 225, (130, 170, 210, 250)),
    ("tma-citepus-astanaanyar", "TMA Citepus · Astanaanyar", "Citepus", "bdg-astanaanyar", 60, 185, (110, 150, 190, 230)),
    ("tma-cidurian-kiaracondong", "TMA Cidurian · Kiaracondong", "Cidurian", "bdg-kiaracondong", 65, 175, (110, 150, 190, 230)),
    ("tma-cinambo", "TMA Cinambo · Cisaranten", "Cinambo", "bdg-cinambo", 55, 150, (100, 140, 180, 220)),
    ("tma-cicadas-cibeunying", "TMA Cicadas · Cibeunying Kidul", "Cicadas", "bdg-cibeunying-kidul", 50, 125, (100, 140, 180, 220)),
    ("tma-cipamokolan-rancasari", "TMA Cipamokolan · Rancasari", "Cipamokolan", "bdg-rancasari", 60, 160, (110, 150, 190, 230)),
]  # fmt: skip

# (code, name, kind, kecamatan, agency)
OTHER_SENSORS = [
    ("ch-dago", "Curah hujan · Dago", "rainfall", "bdg-coblong", "bpbd"),
    ("ch-gedebage", "Curah hujan · Gedebage", "rainfall", "bdg-gedebage", "bpbd"),
    ("ch-bojongloa", "Curah hujan · Bojongloa", "rainfall", "bdg-bojongloa-kidul", "bpbd"),
    ("ch-ujungberung", "Curah hujan · Ujungberung", "rainfall", "bdg-ujungberung", "bpbd"),
    ("pm25-balaikota", "PM2.5 · Balai Kota", "pm25", "bdg-sumur-bandung", "dlh"),
    ("pm10-balaikota", "PM10 · Balai Kota", "pm10", "bdg-sumur-bandung", "dlh"),
    ("pm25-kiaracondong", "PM2.5 · Kiaracondong", "pm25", "bdg-kiaracondong", "dlh"),
    ("pm10-kiaracondong", "PM10 · Kiaracondong", "pm10", "bdg-kiaracondong", "dlh"),
    ("lalin-pasteur-kec", "Kecepatan · Pasteur", "traffic_speed", "bdg-sukajadi", "dishub"),
    ("lalin-pasteur-vol", "Volume · Pasteur", "traffic_volume", "bdg-sukajadi", "dishub"),
    ("lalin-soetta-kec", "Kecepatan · Soekarno-Hatta", "traffic_speed", "bdg-buahbatu", "dishub"),
    ("lalin-soetta-vol", "Volume · Soekarno-Hatta", "traffic_volume", "bdg-buahbatu", "dishub"),
    ("lalin-asia-afrika-kec", "Kecepatan · Asia Afrika", "traffic_speed", "bdg-regol", "dishub"),
    ("lalin-asia-afrika-vol", "Volume · Asia Afrika", "traffic_volume", "bdg-regol", "dishub"),
    ("pju-dipatiukur", "PJU · Dipatiukur", "streetlight", "bdg-coblong", "dpkp"),
    ("pju-cicaheum", "PJU · Cicaheum", "streetlight", "bdg-kiaracondong", "dpkp"),
    ("pju-kopo", "PJU · Kopo", "streetlight", "bdg-bojongloa-kaler", "dpkp"),
]  # fmt: skip
SILENT_SENSOR = "ch-ujungberung"  # sends history, then stops: goes offline with an alert
DARK_STREETLIGHT = "pju-dipatiukur"  # goes dark during the event: opens a "PJU mati" report

CAMERA_PLACES = [
    ("Simpang Dago", "bdg-coblong"), ("Jl. Ir. H. Juanda · ITB", "bdg-coblong"),
    ("Alun-alun Bandung", "bdg-regol"), ("Jl. Asia Afrika", "bdg-sumur-bandung"),
    ("Jl. Braga", "bdg-sumur-bandung"), ("Gedung Sate", "bdg-bandung-wetan"),
    ("Flyover Pasupati", "bdg-cidadap"), ("Jl. Pasteur", "bdg-sukajadi"),
    ("Simpang Cihampelas", "bdg-coblong"), ("Jl. Setiabudi", "bdg-sukasari"),
    ("Simpang Kiaracondong", "bdg-kiaracondong"), ("Terminal Cicaheum", "bdg-kiaracondong"),
    ("Jl. Soekarno-Hatta · Gedebage", "bdg-gedebage"), ("Stadion GBLA", "bdg-gedebage"),
    ("Simpang Buahbatu", "bdg-buahbatu"), ("Jl. Moh. Toha", "bdg-regol"),
    ("Simpang Kopo", "bdg-bojongloa-kaler"), ("Jl. Cibaduyut", "bdg-bojongloa-kidul"),
    ("Terminal Leuwipanjang", "bdg-bojongloa-kaler"), ("Stasiun Bandung", "bdg-andir"),
    ("Pasar Andir", "bdg-andir"), ("Jl. Sudirman", "bdg-astanaanyar"),
    ("Simpang Lima", "bdg-lengkong"), ("Jl. Lengkong Besar", "bdg-lengkong"),
    ("Jl. Surapati", "bdg-cibeunying-kaler"), ("Jl. PHH Mustofa", "bdg-cibeunying-kidul"),
    ("Simpang Antapani", "bdg-antapani"), ("Jl. AH Nasution", "bdg-mandalajati"),
    ("Alun-alun Ujungberung", "bdg-ujungberung"), ("Jl. Cibiru", "bdg-cibiru"),
    ("Jl. Rumah Sakit", "bdg-panyileukan"), ("Jl. Arcamanik", "bdg-arcamanik"),
    ("Jl. Batununggal", "bdg-batununggal"), ("Jl. Caringin", "bdg-babakan-ciparay"),
    ("Jl. Sukajadi", "bdg-sukajadi"), ("Jl. Gatot Subroto", "bdg-batununggal"),
]  # fmt: skip
BROKEN_CAMERAS = {"cctv-15", "cctv-28"}  # the snapshot server answers 503
FROZEN_CAMERAS = {"cctv-22"}  # always the same picture: "stale"

# (code, name, kind, agency, tracker, route as kecamatan codes)
VEHICLES = [
    ("d-7101-damkar", "Damkar Pos Pusat 1", "fire_truck", "diskarpb", ["bdg-sumur-bandung", "bdg-regol", "bdg-lengkong", "bdg-bandung-wetan"]),
    ("d-7102-damkar", "Damkar Pos Pusat 2", "fire_truck", "diskarpb", ["bdg-bandung-wetan", "bdg-coblong", "bdg-cidadap"]),
    ("d-7103-damkar", "Damkar Pos Timur", "fire_truck", "diskarpb", ["bdg-ujungberung", "bdg-cibiru", "bdg-panyileukan", "bdg-gedebage"]),
    ("d-7104-damkar", "Damkar Pos Selatan", "fire_truck", "diskarpb", ["bdg-bojongloa-kidul", "bdg-bojongloa-kaler", "bdg-babakan-ciparay"]),
    ("d-7105-damkar", "Damkar Pos Barat", "fire_truck", "diskarpb", ["bdg-andir", "bdg-cicendo", "bdg-sukajadi"]),
    ("d-1191-amb", "Ambulans Dinkes 1", "ambulance", "dinkes", ["bdg-sumur-bandung", "bdg-bandung-wetan", "bdg-cibeunying-kaler"]),
    ("d-1192-amb", "Ambulans Dinkes 2", "ambulance", "dinkes", ["bdg-kiaracondong", "bdg-antapani", "bdg-arcamanik"]),
    ("d-1193-amb", "Ambulans Dinkes 3", "ambulance", "dinkes", ["bdg-buahbatu", "bdg-rancasari", "bdg-bandung-kidul"]),
    ("d-1194-amb", "Ambulans Dinkes 4", "ambulance", "dinkes", ["bdg-sukasari", "bdg-sukajadi", "bdg-cicendo"]),
    ("d-8201-dlh", "Truk Sampah DLH 1", "garbage_truck", "dlh", ["bdg-coblong", "bdg-sukasari", "bdg-cidadap"]),
    ("d-8202-dlh", "Truk Sampah DLH 2", "garbage_truck", "dlh", ["bdg-astanaanyar", "bdg-bojongloa-kaler", "bdg-andir"]),
    ("d-8203-dlh", "Truk Sampah DLH 3", "garbage_truck", "dlh", ["bdg-gedebage", "bdg-rancasari", "bdg-buahbatu"]),
    ("d-8204-dlh", "Truk Sampah DLH 4", "garbage_truck", "dlh", ["bdg-mandalajati", "bdg-antapani", "bdg-cibeunying-kidul"]),
    ("d-8205-dlh", "Truk Sampah DLH 5", "garbage_truck", "dlh", ["bdg-batununggal", "bdg-lengkong", "bdg-regol"]),
    ("d-7001-tmb", "Trans Metro Bandung K1", "bus", "dishub", ["bdg-cibiru", "bdg-panyileukan", "bdg-gedebage", "bdg-buahbatu", "bdg-lengkong", "bdg-regol", "bdg-astanaanyar", "bdg-bojongloa-kaler"]),
    ("d-7002-tmb", "Trans Metro Bandung K2", "bus", "dishub", ["bdg-bojongloa-kaler", "bdg-andir", "bdg-cicendo", "bdg-sukajadi", "bdg-coblong", "bdg-bandung-wetan", "bdg-sumur-bandung"]),
    ("d-7003-tmb", "Trans Metro Bandung K3", "bus", "dishub", ["bdg-kiaracondong", "bdg-batununggal", "bdg-lengkong", "bdg-regol"]),
    ("d-9101-bpbd", "Rescue BPBD 1", "rescue", "bpbd", ["bdg-gedebage", "bdg-rancasari", "bdg-bandung-kidul"]),
    ("d-9102-bpbd", "Rescue BPBD 2", "rescue", "bpbd", ["bdg-regol", "bdg-astanaanyar", "bdg-bojongloa-kidul"]),
]  # fmt: skip


def _point_in(area: Area, rng: random.Random) -> tuple[float, float]:
    polygon = shape(area.geometry)
    min_x, min_y, max_x, max_y = polygon.bounds
    for _attempt in range(60):
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if polygon.contains(Point(x, y)):
            return round(y, 6), round(x, 6)
    return area.centroid_lat, area.centroid_lon


def load_telemetry(progress: Callable[[str], None] = print, *, history_days: int = 7) -> None:
    """Sensors with rules, cameras and vehicles for the demo city, and some days of history."""
    rng = random.Random(2015)
    areas = {area.code: area for area in Area.objects.filter(level="kecamatan")}
    if not areas:
        return
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    flood = Category.objects.filter(code="banjir").first()
    lights = Category.objects.filter(code="pju-mati").first()
    progress("demo: sensors, cameras and vehicles")
    for code, name, river, area, _normal, _peak, levels in RIVER_GAUGES:
        lat, lon = _point_in(areas[area], rng)
        sensor = Sensor.objects.create(
            code=code,
            name=name,
            kind="water_level",
            latitude=lat,
            longitude=lon,
            area=areas[area],
            agency=agencies.get("dsdabm"),
            description=f"Pos duga air Sungai {river}.",
        )
        rule = Rule.objects.create(
            sensor=sensor,
            name=f"Siaga {river} · {name.split('· ')[-1]}",
            levels=[
                {"name": label, "value": value} for label, value in zip(SIAGA, levels, strict=True)
            ],
            hysteresis=10,
            category=flood,
            report_level=2,
            warning_level=4,  # Siaga 1 drafts a public flood warning for a supervisor
        )
        RuleState.objects.create(rule=rule)
        rate = Rule.objects.create(
            sensor=sensor,
            name=f"Kenaikan cepat · {name.split('· ')[-1]}",
            kind="rate",
            rate_window_seconds=600,
            levels=[{"name": "Naik cepat", "value": 40}],
        )
        RuleState.objects.create(rule=rate)
    for code, name, kind, area, agency in OTHER_SENSORS:
        lat, lon = _point_in(areas[area], rng)
        sensor = Sensor.objects.create(
            code=code,
            name=name,
            kind=kind,
            latitude=lat,
            longitude=lon,
            area=areas[area],
            agency=agencies.get(agency),
        )
        if kind == "pm25":
            ispu = [
                {"name": "Tidak sehat", "value": 55.5},
                {"name": "Sangat tidak sehat", "value": 150.5},
                {"name": "Berbahaya", "value": 250.5},
            ]
            RuleState.objects.create(
                rule=Rule.objects.create(
                    sensor=sensor, name=f"ISPU {name}", levels=ispu, hysteresis=5
                )
            )
        elif kind == "traffic_speed":
            RuleState.objects.create(
                rule=Rule.objects.create(
                    sensor=sensor,
                    name=f"Macet {name}",
                    direction="below",
                    hysteresis=3,
                    levels=[{"name": "Padat", "value": 20}, {"name": "Macet", "value": 10}],
                    duration_seconds=60,
                )
            )
        elif kind == "streetlight":
            RuleState.objects.create(
                rule=Rule.objects.create(
                    sensor=sensor,
                    name=f"Lampu mati {name}",
                    direction="below",
                    levels=[{"name": "Mati", "value": 0.5}],
                    category=lights,
                    report_level=1,
                    duration_seconds=20,
                )
            )
    diskominfo = agencies.get("diskominfo") or agencies.get("dishub")
    for number, (place, area) in enumerate(CAMERA_PLACES, start=1):
        code = f"cctv-{number:02d}"
        lat, lon = _point_in(areas[area], rng)
        Camera.objects.create(
            code=code,
            name=f"CCTV {place}",
            latitude=lat,
            longitude=lon,
            area=areas[area],
            agency=diskominfo,
            snapshot_url=f"http://127.0.0.1:8001/cctv/{code}.jpg",
            stream_url=f"http://127.0.0.1:8001/cctv/{code}.mjpg",
            stream_kind="mjpeg",
        )
    for code, name, kind, agency, _route in VEHICLES:
        Vehicle.objects.create(
            code=code,
            name=name,
            kind=kind,
            agency=agencies.get(agency),
            tracker_id=new_tracker_id(),  # random, as for a real fleet: the id is the secret
        )
    _history(history_days, rng, progress)


def _history(days: int, rng: random.Random, progress: Callable[[str], None]) -> None:
    """Readings every 20 minutes for the past days: a daily rhythm and one old rain event."""
    if days <= 0:
        return
    sensors = list(Sensor.objects.all())
    now = timezone.now().replace(second=0, microsecond=0)
    items: list[RawReading | None] = []
    steps = days * 24 * 3
    # Up to this minute, so the sensors are not taken for silent before the simulator starts.
    for step in range(steps, -1, -1):
        moment = now - timedelta(minutes=20 * step)
        # An evening downpour three days ago, well below the report levels.
        storm = max(0.0, 1 - abs((now - moment).total_seconds() / 3600 - 74) / 3)
        for sensor in sensors:
            value = _value(sensor, moment.hour + moment.minute / 60, storm * 0.3, rng)
            items.append(RawReading(sensor.code, moment.isoformat(), value))
    progress(f"demo: {len(items)} historical readings")
    for start in range(0, len(items), 5000):
        ingest_readings(items[start : start + 5000], source="demo")
    rollups.roll_up(now + timedelta(minutes=5))


GAUGES = {code: (normal, peak) for code, _n, _r, _a, normal, peak, _l in RIVER_GAUGES}


def _value(sensor: Sensor, hour: float, wet: float, rng: random.Random) -> float:
    """A believable value for the hour of day, with ``wet`` (0..1) how far into a storm."""
    daily = math.sin((hour - 8) / 24 * 2 * math.pi)
    rush = math.exp(-(((hour - 7.5) / 1.5) ** 2)) + math.exp(-(((hour - 17.5) / 1.5) ** 2))
    kind = sensor.kind
    if kind == "water_level":
        normal, peak = GAUGES.get(sensor.code, (70, 150))
        return round(normal + 4 * daily + (peak - normal) * wet + rng.uniform(-1.5, 1.5), 1)
    if kind == "rainfall":
        return round(max(0.0, 75 * wet + rng.uniform(-1, 1) * (0.5 + 10 * wet)), 1)
    if kind == "pm25":
        return round(max(3.0, 30 + 22 * rush - 18 * wet + rng.uniform(-4, 4)), 1)
    if kind == "pm10":
        return round(max(5.0, 48 + 30 * rush - 25 * wet + rng.uniform(-6, 6)), 1)
    if kind == "traffic_speed":
        night = 1 if hour < 5 or hour > 22 else 0
        return round(max(3.0, 38 - 22 * rush - 16 * wet + 12 * night + rng.uniform(-3, 3)), 1)
    if kind == "traffic_volume":
        night = 1 if hour < 5 or hour > 22 else 0
        return float(max(40, int(1400 + 1600 * rush - 900 * night + rng.uniform(-120, 120))))
    if kind == "streetlight":
        return 1.0  # the lamp answers: it works
    return 0.0


# ---------------------------------------------------------------------------------------------
# The local snapshot server


def _frame(code: str, name: str, moment: float) -> bytes:
    rng = random.Random(code)
    sky = (rng.randint(70, 110), rng.randint(90, 130), rng.randint(120, 160))
    image = Image.new("RGB", (320, 180), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 110, 320, 180), fill=(60, 60, 64))
    for lane in range(3):
        offset = (moment * (25 + 10 * lane) + rng.randint(0, 300)) % 380 - 60
        draw.rectangle(
            (offset, 118 + lane * 18, offset + 36, 130 + lane * 18),
            fill=(rng.randint(120, 230), rng.randint(40, 200), rng.randint(40, 200)),
        )
    draw.rectangle((0, 0, 320, 16), fill=(0, 0, 0))
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(moment))
    draw.text((4, 3), f"{name[:34]}  {stamp}", fill=(255, 255, 255))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=70)
    return output.getvalue()


class SnapshotServer:
    """Serves /cctv/<code>.jpg (a fresh picture) and /cctv/<code>.mjpg (a short MJPEG stream)
    for the demo cameras; a few are broken or frozen on purpose."""

    def __init__(self, port: int) -> None:
        names = dict(Camera.objects.values_list("code", "name"))
        frozen = {code: _frame(code, names.get(code, code), time.time()) for code in FROZEN_CAMERAS}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                code, _dot, suffix = path.removeprefix("/cctv/").partition(".")
                if code not in names or code in BROKEN_CAMERAS:
                    self.send_error(503 if code in BROKEN_CAMERAS else 404)
                    return
                if suffix == "mjpg":
                    self._stream(code)
                    return
                body = frozen.get(code) or _frame(code, names[code], time.time())
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def _stream(self, code: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
                self.end_headers()
                try:
                    for _n in range(600):  # five minutes at most
                        body = frozen.get(code) or _frame(code, names[code], time.time())
                        self.wfile.write(
                            b"--frame\r\nContent-Type: image/jpeg\r\n"
                            + f"Content-Length: {len(body)}\r\n\r\n".encode()
                            + body
                            + b"\r\n"
                        )
                        time.sleep(0.5)
                except (BrokenPipeError, ConnectionResetError):
                    return

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])

    def start(self) -> None:
        threading.Thread(target=self.server.serve_forever, name="snapshots", daemon=True).start()


def start_snapshot_server(preferred_port: int) -> SnapshotServer:
    """Start on the preferred port (or any free one) and point the demo cameras at it."""
    try:
        server = SnapshotServer(preferred_port)
    except OSError:
        server = SnapshotServer(0)
    server.start()
    base = f"http://127.0.0.1:{server.port}/cctv/"
    for camera in Camera.objects.filter(code__startswith="cctv-"):
        if not camera.snapshot_url.startswith("http://127.0.0.1:"):
            continue
        Camera.objects.filter(pk=camera.pk).update(
            snapshot_url=f"{base}{camera.code}.jpg",
            stream_url=f"{base}{camera.code}.mjpg",
            next_probe_at=None,
        )
    return server


# ---------------------------------------------------------------------------------------------
# The simulator


@dataclass
class Route:
    points: list[tuple[float, float]]
    position: float  # metres along the loop
    speed: float  # metres per second (time runs three times faster on the map)


class TelemetrySimulator:
    """Sends readings and positions every few seconds with a rain event that repeats."""

    def __init__(self, *, mqtt_url: str = "", prefix: str = "", seed: int | None = None) -> None:
        self.rng = random.Random(seed)
        self.started = time.monotonic()
        self.stopped = threading.Event()
        self.mqtt_url = mqtt_url
        self.prefix = prefix
        self.publisher: Any = None
        self.routes: dict[str, Route] = {}

    def wetness(self, elapsed: float) -> tuple[float, float]:
        """How wet it is for rain gauges and for rivers (which follow the rain with a lag)."""
        since = (elapsed - EVENT_START_SECONDS) % EVENT_EVERY_SECONDS
        if elapsed < EVENT_START_SECONDS:
            return 0.0, 0.0

        def bump(t: float, rise: float, hold: float, fall: float) -> float:
            if t < 0:
                return 0.0
            if t < rise:
                return t / rise
            if t < rise + hold:
                return 1.0
            return max(0.0, 1 - (t - rise - hold) / fall)

        return bump(since, 90, 240, 420), bump(since - 20, 160, 300, 540)

    def readings(self, elapsed: float) -> list[RawReading | None]:
        now = timezone.now()
        hour = timezone.localtime(now).hour + timezone.localtime(now).minute / 60
        rain, river = self.wetness(elapsed)
        items: list[RawReading | None] = []
        for sensor in self._sensors():
            if sensor.code == SILENT_SENSOR:
                continue
            wet = river if sensor.kind == "water_level" else rain
            value = _value(sensor, hour, wet, self.rng)
            if sensor.kind == "streetlight":
                since = (elapsed - EVENT_START_SECONDS) % EVENT_EVERY_SECONDS
                dark = (
                    sensor.code == DARK_STREETLIGHT
                    and elapsed > EVENT_START_SECONDS
                    and (60 < since < 20 * 60)
                )
                value = 0.0 if dark else 1.0
            items.append(RawReading(sensor.code, now.isoformat(), value))
        return items

    def _sensors(self) -> list[Sensor]:
        if not hasattr(self, "_sensor_list"):
            self._sensor_list = list(Sensor.objects.filter(is_active=True))
        return self._sensor_list

    def positions(self, seconds: float) -> list[RawPosition | None]:
        if not self.routes:
            self._plan_routes()
        now = timezone.now()
        items: list[RawPosition | None] = []
        for tracker, route in self.routes.items():
            route.position += route.speed * seconds
            lat, lon, heading = _along(route.points, route.position)
            items.append(
                RawPosition(
                    tracker, now.isoformat(), lat, lon, round(route.speed * 3.6 / 3, 1), heading
                )
            )
        return items

    def _plan_routes(self) -> None:
        areas = {a.code: a for a in Area.objects.filter(level="kecamatan")}
        trackers = dict(Vehicle.objects.exclude(tracker_id=None).values_list("code", "tracker_id"))
        for code, _name, _kind, _agency, stops in VEHICLES:
            points = [(areas[s].centroid_lat, areas[s].centroid_lon) for s in stops if s in areas]
            if len(points) < 2 or not trackers.get(code):
                continue
            self.routes[str(trackers[code])] = Route(
                points=[*points, points[0]],
                position=self.rng.uniform(0, 5000),
                speed=self.rng.uniform(7, 12) * 3,
            )

    def tick(self) -> None:
        elapsed = time.monotonic() - self.started
        readings = self.readings(elapsed)
        positions = self.positions(TICK_SECONDS)
        if self.mqtt_url:
            self._publish(readings, positions)
            return
        ingest_readings(readings, source="simulator")
        ingest_positions(positions, source="simulator")

    def _publish(
        self, readings: list[RawReading | None], positions: list[RawPosition | None]
    ) -> None:
        if self.publisher is None:
            import paho.mqtt.client as mqtt
            from paho.mqtt.enums import CallbackAPIVersion

            from kendali.telemetry.adapters.mqtt.ingestor import parse_url

            broker = parse_url(self.mqtt_url)
            self.publisher = mqtt.Client(
                callback_api_version=CallbackAPIVersion.VERSION2,
                client_id=f"kendali-demo-{self.rng.randint(0, 10**6)}",
            )
            if broker.username:
                self.publisher.username_pw_set(broker.username, broker.password)
            self.publisher.connect(broker.host, broker.port)
            self.publisher.loop_start()
        batch = [
            {"sensor": r.sensor, "ts": r.ts, "value": r.value} for r in readings if r is not None
        ]
        self.publisher.publish(f"{self.prefix}/readings", json.dumps(batch), qos=1)
        for p in positions:
            if p is None:
                continue
            message = {
                "_type": "location",
                "lat": p.latitude,
                "lon": p.longitude,
                "tst": int(timezone.now().timestamp()),
                "vel": p.speed,
                "cog": p.heading,
            }
            self.publisher.publish(
                f"{self.prefix}/vehicles/{p.tracker}", json.dumps(message), qos=1
            )

    def run_forever(self) -> None:
        logger.info(
            "telemetry simulator: %s sensors every %.0f s; rain event after %.0f s",
            len(self._sensors()),
            TICK_SECONDS,
            EVENT_START_SECONDS,
        )
        while not self.stopped.wait(TICK_SECONDS):
            close_old_connections()
            try:
                self.tick()
            except Exception:  # the demo keeps running whatever one tick does
                logger.exception("telemetry simulator tick failed")
            finally:
                close_old_connections()


def _along(points: list[tuple[float, float]], metres: float) -> tuple[float, float, float]:
    """The point ``metres`` along a closed polyline, and the heading there."""
    from kendali.lib.geo import distance_m

    legs = [distance_m(*a, *b) for a, b in itertools.pairwise(points)]
    total = sum(legs) or 1.0
    left = metres % total
    for (a, b), length in zip(itertools.pairwise(points), legs, strict=True):
        if left <= length:
            share = left / length if length else 0.0
            lat = a[0] + (b[0] - a[0]) * share
            lon = a[1] + (b[1] - a[1]) * share
            heading = (math.degrees(math.atan2(b[1] - a[1], b[0] - a[0])) + 360) % 360
            return round(lat, 6), round(lon, 6), round(heading, 1)
        left -= length
    return points[-1][0], points[-1][1], 0.0


def start_demo_telemetry(port: int) -> TelemetrySimulator | None:
    """Called by `kendali demo`: the snapshot server and the simulator, in daemon threads."""
    if not Sensor.objects.exists():
        return None
    server = start_snapshot_server(port + 1)
    prefix = ""
    if settings.MQTT_URL:
        from kendali.telemetry.adapters.mqtt.ingestor import default_prefix

        prefix = default_prefix()
    simulator = TelemetrySimulator(mqtt_url=settings.MQTT_URL, prefix=prefix)
    threading.Thread(target=simulator.run_forever, name="telemetry-sim", daemon=True).start()
    logger.info("demo cameras at http://127.0.0.1:%s/cctv/", server.port)
    return simulator
