"""Telemetry fixtures on top of the shared world: a river gauge with the Siaga ladder that
opens flood reports, a rain gauge, tokens for devices."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import INSIDE_EAST, INSIDE_WEST
from kendali.telemetry.ingest import sensor_cache
from kendali.telemetry.models import IngestToken, Rule, RuleState, Sensor

SIAGA = [
    {"name": "Siaga 4", "value": 100},
    {"name": "Siaga 3", "value": 150},
    {"name": "Siaga 2", "value": 200},
    {"name": "Siaga 1", "value": 250},
]


@pytest.fixture(autouse=True)
def _fresh_sensor_cache() -> Any:
    sensor_cache.clear()
    yield
    sensor_cache.clear()


@pytest.fixture
def river(world: Any) -> Sensor:
    """A water-level gauge in the west, owned by agency A, whose rule opens flood reports
    from Siaga 3 upwards."""
    sensor = Sensor.objects.create(
        code="tma-cikapundung-1",
        name="TMA Cikapundung Hulu",
        kind="water_level",
        latitude=INSIDE_WEST[0],
        longitude=INSIDE_WEST[1],
        area=world.west_north,
        agency=world.agency_a,
    )
    rule = Rule.objects.create(
        sensor=sensor,
        name="Siaga Cikapundung Hulu",
        levels=SIAGA,
        hysteresis=10,
        category=world.flood,
        report_level=2,
    )
    RuleState.objects.create(rule=rule)
    return sensor


@pytest.fixture
def rain(world: Any) -> Sensor:
    return Sensor.objects.create(
        code="ch-timur",
        name="Curah hujan Timur",
        kind="rainfall",
        latitude=INSIDE_EAST[0],
        longitude=INSIDE_EAST[1],
        agency=world.agency_b,
    )


@pytest.fixture
def device_token(world: Any) -> str:
    _token, secret = IngestToken.issue("pos-tma")
    return secret


def token_header(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
