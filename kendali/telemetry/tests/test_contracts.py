"""Contracts: lists keep a fixed number of queries as sensors, cameras and vehicles grow, and
real answers match the schemas the OpenAPI document promises."""

from django.utils import timezone

from conftest import bearer
from kendali.reports.tests.test_openapi import check
from kendali.telemetry.ingest import RawReading, ingest_readings
from kendali.telemetry.models import Camera, Sensor, Vehicle


def grow(world, start, count):
    for n in range(start, start + count):
        sensor = Sensor.objects.create(
            code=f"s-{n}",
            name=f"S {n}",
            kind="rainfall",
            latitude=-6.92,
            longitude=107.58,
            area=world.west_north,
            agency=world.agency_a,
        )
        ingest_readings([RawReading(sensor.code, timezone.now().isoformat(), 1.0)])
        Camera.objects.create(
            code=f"c-{n}",
            name=f"C {n}",
            latitude=-6.92,
            longitude=107.58,
            snapshot_url="http://127.0.0.1:9/x.jpg",
            agency=world.agency_a,
        )
        Vehicle.objects.create(code=f"v-{n}", name=f"V {n}", kind="bus", agency=world.agency_a)


def test_lists_do_not_query_per_row(client, world, operator, django_assert_max_num_queries):
    grow(world, 0, 3)
    headers = bearer(operator)
    client.force_login(operator)
    pages = [
        "/api/v1/sensors",
        "/api/v1/map/sensors",
        "/console/telemetri/",
        "/console/telemetri/kamera/",
        "/console/telemetri/armada/",
    ]
    staff = ["/api/v1/cameras", "/api/v1/vehicles", "/api/v1/staff/map/telemetry"]
    counts = {}
    for url in pages + staff:
        with django_assert_max_num_queries(30) as captured:
            assert client.get(url, **(headers if url in staff else {})).status_code == 200
        counts[url] = len(captured)
    grow(world, 3, 12)  # five times as many: not one query more
    for url in pages + staff:
        with django_assert_max_num_queries(counts[url]):
            client.get(url, **(headers if url in staff else {}))


def test_answers_match_the_openapi_document(client, world, river, operator, device_token):
    ingest_readings([RawReading(river.code, timezone.now().isoformat(), 160)])
    spec = client.get("/api/v1/openapi.json").json()
    check(spec, "/api/v1/sensors", client.get("/api/v1/sensors").json())
    check(spec, "/api/v1/sensors/{code}", client.get(f"/api/v1/sensors/{river.code}").json())
    check(
        spec,
        "/api/v1/sensors/{code}/readings",
        client.get(f"/api/v1/sensors/{river.code}/readings").json(),
    )
    check(spec, "/api/v1/vehicles", client.get("/api/v1/vehicles", **bearer(operator)).json())
    answer = client.post(
        "/api/v1/readings",
        [{"sensor": river.code, "ts": timezone.now().isoformat(), "value": "x"}],
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {device_token}",
    ).json()
    check(spec, "/api/v1/readings", answer, method="post")
