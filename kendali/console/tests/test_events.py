"""Live events through a real ASGI server: new reports reach the right staff, and only them."""

import contextlib
import json
import queue
import threading

import httpx
import pytest

from conftest import bearer, new_report
from kendali.reports import actions


def listen(url, headers, found, stop, ready):
    with contextlib.suppress(httpx.HTTPError):  # the server stops at the end of the test
        _listen(url, headers, found, stop, ready)


def _listen(url, headers, found, stop, ready):
    with (
        httpx.Client(timeout=httpx.Timeout(10, read=10)) as client,
        client.stream("GET", f"{url}/api/v1/events", headers=headers) as response,
    ):
        found.put(("status", response.status_code))
        event = None
        for line in response.iter_lines():
            if line.startswith(": connected"):
                ready.set()
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event:
                found.put((event, json.loads(line[6:])))
            if stop.is_set():
                return


def start_listener(url, user):
    headers = {"Authorization": bearer(user)["HTTP_AUTHORIZATION"]}
    found, stop, ready = queue.Queue(), threading.Event(), threading.Event()
    thread = threading.Thread(target=listen, args=(url, headers, found, stop, ready), daemon=True)
    thread.start()
    assert ready.wait(10), "the event stream did not open"
    assert found.get(timeout=5) == ("status", 200)
    return found, stop


def next_event(found, timeout=5.0):
    try:
        return found.get(timeout=timeout)
    except queue.Empty:
        return None


@pytest.mark.django_db(transaction=True)
def test_a_new_report_reaches_the_operator_and_its_agency_only(
    live_url, world, operator, officer_a, officer_b
):
    operator_events, stop1 = start_listener(live_url, operator)
    agency_a_events, stop2 = start_listener(live_url, officer_a)
    agency_b_events, stop3 = start_listener(live_url, officer_b)
    report = actions.create_report(new_report(world), channel="web")
    kind, data = next_event(operator_events)
    assert kind == "report.created" and data["ticket"] == report.ticket
    assert "reporter_contact" not in data and "description" not in data
    actions.verify_report(report, operator)
    actions.dispose_report(report, operator, agency=world.agency_a)
    # The agency hears of the report when it is disposed to it, not before: the report's change
    # and a notification for its staff.
    seen = [next_event(agency_a_events), next_event(agency_a_events)]
    assert {kind for kind, _data in seen} == {"report.changed", "notification"}
    changed = next(data for kind, data in seen if kind == "report.changed")
    assert (changed["ticket"], changed["status"]) == (report.ticket, "dispositioned")
    assert next_event(agency_a_events, timeout=0.5) is None
    assert next_event(agency_b_events, timeout=0.5) is None
    for stop in (stop1, stop2, stop3):
        stop.set()


@pytest.mark.django_db(transaction=True)
def test_the_stream_refuses_strangers(live_url, world):
    response = httpx.get(f"{live_url}/api/v1/events", timeout=5)
    assert response.status_code == 401
    response = httpx.get(
        f"{live_url}/api/v1/events", headers={"Authorization": "Bearer kdl_nope"}, timeout=5
    )
    assert response.status_code == 401


@pytest.mark.django_db(transaction=True)
def test_a_huge_body_is_refused_before_it_is_read(live_url, world):
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(live_url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as sock:
        sock.sendall(
            b"POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            + f"Content-Length: {60 * 1024 * 1024}\r\n\r\n".encode()
            + b"x" * 1024
        )
        # The head and the body may arrive in separate packets: read until the server closes.
        chunks = []
        while True:
            try:
                chunk = sock.recv(4096)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        answer = b"".join(chunks).decode()
    assert answer.startswith("HTTP/1.1 413")
    assert "MB" in answer
