"""The outbox: signed webhooks to a real local receiver that fails and recovers, retries with
backoff, dead letters, email to reporters, and two workers that never send a message twice."""

import hashlib
import hmac
import json
import threading
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from kendali.notify import actions
from kendali.notify.delivery import deliver_due
from kendali.notify.models import OutboxMessage, WebhookEndpoint
from kendali.reports import actions as report_actions


class Receiver:
    """A webhook receiver on loopback that fails the first ``failures`` calls."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.calls: list[dict] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with outer.lock:
                    outer.calls.append({"headers": dict(self.headers), "body": body})
                    failing = outer.failures > 0
                    outer.failures -= 1
                self.send_response(503 if failing else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def stop(self):
        self.server.shutdown()


@pytest.fixture
def receiver():
    created = []

    def make(failures=0):
        instance = Receiver(failures)
        created.append(instance)
        return instance

    yield make
    for instance in created:
        instance.stop()


def test_a_webhook_is_signed_retried_with_backoff_and_delivered_once(world, receiver, make_report):
    hook = receiver(failures=2)
    endpoint = WebhookEndpoint.objects.create(name="Sistem DPU", url=hook.url, events=["report.*"])
    report = make_report()
    message = OutboxMessage.objects.get(event="report.created")

    assert deliver_due() == {"sent": 0, "retry": 1, "dead": 0}
    message.refresh_from_db()
    assert message.attempts == 1 and message.last_status == 503
    # Nothing is retried before its backoff has passed.
    assert deliver_due() == {"sent": 0, "retry": 0, "dead": 0}
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        assert deliver_due()["retry"] == 1
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert deliver_due()["sent"] == 1
    message.refresh_from_db()
    assert message.status == "sent" and len(hook.calls) == 3

    call = hook.calls[-1]
    body, headers = call["body"], call["headers"]
    expected = hmac.new(
        endpoint.secret.encode(),
        headers["X-Kendali-Timestamp"].encode() + b"." + body,
        hashlib.sha256,
    )
    assert headers["X-Kendali-Signature"] == "sha256=" + expected.hexdigest()
    assert headers["X-Kendali-Delivery"] == str(message.pk)
    payload = json.loads(body)
    assert payload["event"] == "report.created" and payload["data"]["ticket"] == report.ticket
    assert "rahasia.pelapor" not in body.decode() and "Zzyzx" not in body.decode()


def test_a_message_that_keeps_failing_becomes_a_dead_letter(world, receiver, make_report):
    hook = receiver(failures=100)
    WebhookEndpoint.objects.create(name="Mati", url=hook.url)
    make_report()
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(max_attempts=3)
    moment = timezone.now()
    outcomes = []
    for _ in range(3):
        moment += timedelta(hours=2)
        with time_machine.travel(moment):
            outcomes.append(deliver_due())
    assert outcomes[-1]["dead"] == 1
    message.refresh_from_db()
    assert message.status == "dead" and message.attempts == 3


def test_endpoints_only_hear_the_events_and_agency_they_asked_for(
    world, disposed_report, make_report
):
    WebhookEndpoint.objects.create(name="DLH", url="http://127.0.0.1:9/", agency=world.agency_b)
    WebhookEndpoint.objects.create(name="SLA", url="http://127.0.0.1:9/", events=["sla.*"])
    make_report()
    assert not OutboxMessage.objects.filter(endpoint__name__in=["DLH", "SLA"]).exists()


def test_enqueueing_the_same_event_twice_queues_one_message(world):
    first = actions.enqueue_email(key="k1", to="a@example.org", subject="s", body="b")
    second = actions.enqueue_email(key="k1", to="a@example.org", subject="s", body="b")
    assert first is not None and second is None
    assert OutboxMessage.objects.count() == 1


def test_reporters_who_left_an_email_hear_of_status_changes(world, make_report, operator):
    report = make_report(reporter_contact="warga@example.org")
    report_actions.verify_report(report, operator)
    report_actions.reject_report(make_report(reporter_contact="0812 3456"), operator, reason="x")
    assert deliver_due()["sent"] == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["warga@example.org"]
    assert report.ticket in email.subject and "Terverifikasi" in email.subject
    assert f"/lacak/{report.ticket}/" in email.body


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_message(world, receiver, make_report):
    hook = receiver()
    WebhookEndpoint.objects.create(name="Hitung", url=hook.url)
    for _ in range(40):
        make_report()
    assert OutboxMessage.objects.count() == 40
    barrier = threading.Barrier(2)
    results = []

    def work():
        from django.db import connection

        barrier.wait()
        try:
            total = 0
            for _ in range(10):
                total += deliver_due(limit=5)["sent"]
            results.append(total)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    deliveries = Counter(call["headers"]["X-Kendali-Delivery"] for call in hook.calls)
    assert sum(results) == 40 == len(deliveries)
    assert set(deliveries.values()) == {1}
    assert OutboxMessage.objects.filter(status="sent").count() == 40


def test_a_message_claimed_by_a_worker_that_died_is_delivered_after_its_lease(
    world, receiver, make_report
):
    from kendali.notify.delivery import LEASE, claim

    hook = receiver()
    WebhookEndpoint.objects.create(name="Tahan", url=hook.url)
    make_report()
    # A worker claims the message and dies before sending or recording anything.
    assert len(claim(timezone.now(), limit=10)) == 1
    assert deliver_due() == {"sent": 0, "retry": 0, "dead": 0}  # leased: nobody else takes it
    with time_machine.travel(timezone.now() + LEASE + timedelta(seconds=1)):
        assert deliver_due()["sent"] == 1
    assert len(hook.calls) == 1
    assert OutboxMessage.objects.get().attempts == 2
