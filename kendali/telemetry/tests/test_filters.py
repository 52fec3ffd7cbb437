"""Unknown filter values are refused with 400 and a message that names the values allowed,
on the vehicle and sensor lists, the nearest-vehicles list and the camera wall. An unknown area
code is not refused: areas are not validated as filters anywhere (reports neither); it matches
nothing."""

import pytest

from conftest import bearer


@pytest.mark.parametrize(
    ("query", "allowed"),
    [
        ("status=bogus", "available, on_duty, out_of_service"),
        ("kind=bogus", "fire_truck, ambulance"),
    ],
)
def test_the_vehicle_list_refuses_unknown_filters(client, world, operator, query, allowed):
    response = client.get(f"/api/v1/vehicles?{query}", **bearer(operator))
    assert response.status_code == 400
    field = query.split("=")[0]
    assert allowed in response.json()["detail"]
    assert allowed in response.json()["errors"][0]["message"]
    assert response.json()["errors"][0]["field"] == field
    known = client.get("/api/v1/vehicles?status=on_duty&kind=bus", **bearer(operator))
    assert known.status_code == 200 and known.json() == []


def test_the_sensor_list_names_the_kinds_it_knows(client, world):
    response = client.get("/api/v1/sensors?kind=bogus")
    assert response.status_code == 400
    assert "water_level" in response.json()["detail"]
    assert client.get("/api/v1/sensors?area=tidak-ada").json() == []


def test_nearest_vehicles_refuses_an_unknown_kind(client, disposed_report, operator):
    response = client.get(
        f"/api/v1/reports/{disposed_report.ticket}/nearest-vehicles?kind=bogus",
        **bearer(operator),
    )
    assert response.status_code == 400
    assert "fire_truck" in response.json()["detail"]


def test_the_camera_wall_refuses_an_unknown_status(client, world, operator):
    client.force_login(operator)
    response = client.get("/console/telemetri/kamera/?status=bogus")
    assert response.status_code == 400
    assert "online, stale, offline" in response.content.decode()
    assert client.get("/console/telemetri/kamera/?status=offline").status_code == 200
