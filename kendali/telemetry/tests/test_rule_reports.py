"""What a rule writes into the city's records: in the city's language whatever the device's
request asked for, numbers written the Indonesian way, no internal rule names in the public
description, urgency raised at the top level, and the command center told when a case cannot
be opened."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kendali.notify.models import Notification
from kendali.reports.models import Report
from kendali.telemetry.models import Rule, RuleState, Sensor
from kendali.telemetry.tests.conftest import SIAGA, token_header


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def send(client, secret, clock, sensor, *values, language="en"):
    for value in values:
        body = [{"sensor": sensor.code, "ts": timezone.now().isoformat(), "value": value}]
        response = client.post(
            "/api/v1/readings",
            data=json.dumps(body),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
            **token_header(secret),
        )
        assert response.status_code == 200 and response.json()["stored"] == 1
        clock.shift(timedelta(seconds=30))


def test_a_sensor_report_is_written_in_the_citys_language_and_turns_urgent(
    client, clock, river, device_token
):
    send(client, device_token, clock, river, 163.5)  # Siaga 3 opens the report
    report = Report.objects.get()
    assert report.description.startswith("TMA Cikapundung Hulu: Tinggi muka air 163,5 cm")
    assert "Laporan dibuka otomatis" in report.description
    assert "aturan" not in report.description and "Siaga Cikapundung" not in report.description
    assert report.priority == "high"
    send(client, device_token, clock, river, 210.25, 262)  # Siaga 2, then Siaga 1
    report.refresh_from_db()
    assert report.priority == "urgent"
    notes = list(report.updates.filter(kind="note").values_list("body", flat=True))
    assert any("210,25 cm" in note for note in notes)
    assert all("Level" not in note and "changed" not in note for note in notes)


def test_the_command_center_hears_of_a_case_that_could_not_be_opened(
    client, clock, world, operator, supervisor, officer_a, device_token
):
    outside = Sensor.objects.create(
        code="tma-hulu-luar-kota",
        name="TMA Hulu (luar kota)",
        kind="water_level",
        latitude=-7.5,
        longitude=110.4,
        agency=world.agency_a,
    )
    rule = Rule.objects.create(
        sensor=outside, name="Siaga Hulu", levels=SIAGA, category=world.flood, report_level=1
    )
    RuleState.objects.create(rule=rule)
    send(client, device_token, clock, outside, 120)
    assert not Report.objects.exists()
    told = Notification.objects.filter(kind="telemetry.no_report")
    assert {n.user for n in told} == {operator, supervisor}
    assert "TMA Hulu (luar kota)" in told[0].title and "Siaga 4" in told[0].title
    assert told[0].url == "/console/telemetri/sensor/tma-hulu-luar-kota/"
    send(client, device_token, clock, outside, 121)  # the same level: told once
    assert told.count() == 2


def test_the_sensor_page_names_levels_as_operators_know_them(
    client, clock, river, operator, device_token
):
    send(client, device_token, clock, river, 160, 210)
    client.force_login(operator)
    page = client.get(f"/console/telemetri/sensor/{river.code}/").content.decode()
    assert "Siaga 3 → Siaga 2" in page and "Normal → Siaga 4" not in page
