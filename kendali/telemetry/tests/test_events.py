"""Telemetry's live events through a real ASGI server: the command center hears every sensor;
agency staff hear only their agency's sensors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kendali.console.tests.test_events import next_event, start_listener
from kendali.telemetry.ingest import RawReading, ingest_readings


def events_of(found, kind, timeout=5.0):
    seen = []
    while True:
        event = next_event(found, timeout=timeout)
        if event is None:
            return seen
        if event[0] == kind:
            seen.append(event[1])
            timeout = 0.5


@pytest.mark.django_db(transaction=True)
def test_sensor_events_reach_the_center_and_the_owning_agency_only(
    live_url, world, river, rain, operator, officer_a, officer_b
):
    center, stop1 = start_listener(live_url, operator)
    agency_a, stop2 = start_listener(live_url, officer_a)
    agency_b, stop3 = start_listener(live_url, officer_b)
    now = timezone.now()
    ingest_readings([RawReading(river.code, (now - timedelta(seconds=1)).isoformat(), 210)])
    heard = events_of(center, "sensor.readings")
    assert heard and heard[0]["sensors"][0]["code"] == river.code
    assert heard[0]["sensors"][0]["color"] == "red"
    assert events_of(agency_a, "sensor.readings")[0]["sensors"][0]["value"] == 210
    # Agency B owns the rain gauge, not the river.
    assert events_of(agency_b, "sensor.readings", timeout=1.0) == []
    ingest_readings([RawReading(rain.code, now.isoformat(), 3.5)])
    assert events_of(agency_b, "sensor.readings")[0]["sensors"][0]["code"] == rain.code
    for stop in (stop1, stop2, stop3):
        stop.set()
