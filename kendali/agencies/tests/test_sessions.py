"""Staff sessions end after 30 idle minutes and 12 hours after the login (both settings), and
a worker job removes ended sessions."""

from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from kendali.agencies.jobs import clean_sessions
from kendali.lib import worker

PASSWORD = "kata-sandi-yang-panjang-7"


def signed_in_client(user):
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    response = client.post("/console/masuk/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_an_idle_session_ends(world, operator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = signed_in_client(operator)
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/console/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
        response = client.get("/console/")
        assert response.status_code == 302 and "/console/masuk/" in response["Location"]


def test_a_busy_session_still_ends_after_twelve_hours(world, operator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = signed_in_client(operator)
    for step in range(1, 36):  # every twenty minutes, for 11h40m
        with time_machine.travel(start + timedelta(minutes=20 * step), tick=False):
            assert client.get("/console/").status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        assert client.get("/console/").status_code == 302


def test_the_limits_are_settings(world, operator, settings):
    settings.SESSION_IDLE_MINUTES = 5
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = signed_in_client(operator)
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert client.get("/console/").status_code == 302


def test_an_ended_session_cannot_use_the_api_either(world, operator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = signed_in_client(operator)
        assert client.get("/api/v1/me").status_code == 200
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert client.get("/api/v1/me").status_code == 401


def test_the_clean_up_job_removes_ended_sessions(world, operator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        signed_in_client(operator)
        live = signed_in_client(operator)
    assert Session.objects.count() == 2
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        live.get("/console/")  # stays active: its expiry moves on
    with time_machine.travel(start + timedelta(minutes=40), tick=False):
        assert clean_sessions()["sessions"] == 1
    assert Session.objects.count() == 1


def test_the_clean_up_job_is_registered():
    assert "sessions.clean" in {job.name for job in worker.registered()}
