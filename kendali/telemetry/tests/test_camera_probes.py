"""Camera probes against a local HTTP server that goes up and down: online, offline after
failures in a row (with an operator alert), back online (alert closed), stale when the picture
stops changing; claims are not taken twice; the wall and its snapshots are staff-only."""

import contextlib
import itertools
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.utils import timezone

from kendali.telemetry import probes
from kendali.telemetry.models import Alert, Camera


class Snapshots:
    """A camera's snapshot server: serves a changing JPEG-like body until told otherwise."""

    def __init__(self):
        self.mode = "up"  # up | frozen | error | html
        self.counter = itertools.count()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if outer.mode == "error":
                    self.send_response(503)
                    self.end_headers()
                    return
                if outer.mode == "html":
                    body, kind = b"<html>login</html>", "text/html"
                else:
                    frame = "frozen" if outer.mode == "frozen" else next(outer.counter)
                    body, kind = b"\xff\xd8\xff" + f"frame {frame}".encode(), "image/jpeg"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def down(self):
        self.server.shutdown()
        self.server.server_close()

    def url(self, path="/snapshot.jpg"):
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def snapshots():
    server = Snapshots()
    yield server
    with contextlib.suppress(OSError):
        server.down()


@pytest.fixture
def camera(world, snapshots, settings):
    settings.TELEMETRY_PROBE_TIMEOUT_SECONDS = 2
    settings.TELEMETRY_CAMERA_OFFLINE_AFTER = 2
    settings.TELEMETRY_CAMERA_STALE_SECONDS = 300
    return Camera.objects.create(
        code="cctv-simpang-dago",
        name="Simpang Dago",
        latitude=-6.92,
        longitude=107.58,
        agency=world.agency_a,
        snapshot_url=snapshots.url(),
        stream_url="http://127.0.0.1:9/stream.m3u8",
    )


def probe_now(camera):
    Camera.objects.filter(pk=camera.pk).update(next_probe_at=None)
    probes.probe_due_cameras()
    camera.refresh_from_db()
    return camera


def test_a_camera_goes_online_offline_and_back(camera, snapshots):
    assert probe_now(camera).status == "online"
    assert probes.snapshot_path(camera).read_bytes().startswith(b"\xff\xd8")
    snapshots.mode = "error"
    assert probe_now(camera).status == "online"  # one failure may be a blip
    camera = probe_now(camera)
    assert (camera.status, camera.last_error) == ("offline", "HTTP 503")
    alert = Alert.objects.get(camera=camera, closed_at=None)
    assert "Simpang Dago" in alert.message
    probe_now(camera)  # still offline: no second alert
    assert Alert.objects.filter(camera=camera).count() == 1
    snapshots.mode = "up"
    assert probe_now(camera).status == "online"
    assert Alert.objects.get(pk=alert.pk).closed_at is not None


def test_a_server_that_is_gone_and_a_page_that_is_not_an_image(camera, snapshots):
    snapshots.mode = "html"
    probe_now(camera)
    camera = probe_now(camera)
    assert camera.status == "offline" and "not an image" in camera.last_error
    snapshots.down()
    camera = probe_now(camera)
    assert camera.status == "offline" and camera.failures == 3
    assert camera.last_error  # connection refused, in words


def test_a_frozen_picture_makes_the_camera_stale(camera, snapshots):
    snapshots.mode = "frozen"
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert probe_now(camera).status == "online"
        traveller.shift(timedelta(minutes=6))
        assert probe_now(camera).status == "stale"
        snapshots.mode = "up"
        assert probe_now(camera).status == "online"


def test_due_cameras_are_claimed_once(camera):
    first = probes.claim_due()
    assert [c.pk for c in first] == [camera.pk]
    assert probes.claim_due() == []  # a second worker finds nothing due


def test_probes_run_a_few_at_a_time(world, snapshots, settings):
    settings.TELEMETRY_PROBE_CONCURRENCY = 3
    for n in range(7):
        Camera.objects.create(
            code=f"cam-{n}",
            name=f"Kamera {n}",
            latitude=-6.92,
            longitude=107.58,
            snapshot_url=snapshots.url(f"/{n}.jpg"),
        )
    assert probes.probe_due_cameras() == 7
    assert Camera.objects.filter(status="online").count() == 7


def test_the_camera_wall_and_snapshots_are_for_staff_of_the_owner(
    client, camera, operator, officer_a, officer_b
):
    probe_now(camera)
    client.force_login(operator)
    page = client.get("/console/telemetri/kamera/")
    assert page.status_code == 200 and b"Simpang Dago" in page.content
    assert client.get(f"/console/telemetri/kamera/{camera.code}/snapshot.jpg").status_code == 200
    client.force_login(officer_b)
    assert b"Simpang Dago" not in client.get("/console/telemetri/kamera/").content
    assert client.get(f"/console/telemetri/kamera/{camera.code}/snapshot.jpg").status_code == 404
    client.force_login(officer_a)
    assert client.get(f"/console/telemetri/kamera/{camera.code}/snapshot.jpg").status_code == 200
    client.logout()
    response = client.get(f"/console/telemetri/kamera/{camera.code}/snapshot.jpg")
    assert response.status_code == 302
