"""Deliver the outbox: claim due messages with a lease, send, record the outcome.

Two workers never send the same message at once: a message is claimed (leased) in a short
transaction with ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL (SQLite has one writer).
Delivery is at least once: a worker killed after sending but before recording it sends again
when the lease runs out, with the same ``X-Kendali-Delivery`` id so receivers can ignore the
repeat. Failures retry with exponential backoff; after ``max_attempts`` the message is dead.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from kendali.lib import http
from kendali.notify.choices import Channel, DeliveryStatus
from kendali.notify.models import OutboxMessage

logger = logging.getLogger("kendali.notify")

LEASE = timedelta(minutes=5)
BACKOFF_START = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
WEBHOOK_TIMEOUT = 10.0


@dataclass
class Outcome:
    ok: bool
    status: int | None = None
    error: str = ""


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over ``timestamp.body``, as sent in ``X-Kendali-Signature``."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def claim(now: datetime, limit: int) -> list[OutboxMessage]:
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .filter(status=DeliveryStatus.PENDING, available_at__lte=now)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
            .order_by("available_at", "id")[:limit]
        )
        if due:
            OutboxMessage.objects.filter(pk__in=[m.pk for m in due]).update(
                lease_until=now + LEASE, attempts=F("attempts") + 1
            )
    for message in due:
        message.attempts += 1
    return due


def send(message: OutboxMessage) -> Outcome:
    if message.channel == Channel.EMAIL:
        return _send_email(message)
    if message.channel == Channel.WEBHOOK:
        return _send_webhook(message)
    return Outcome(False, error=f"unknown channel {message.channel}")


def _send_email(message: OutboxMessage) -> Outcome:
    payload = message.payload
    try:
        EmailMessage(
            subject=payload["subject"],
            body=payload["body"],
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=payload["to"],
            headers={"X-Kendali-Delivery": str(message.pk)},
        ).send(fail_silently=False)
    except Exception as exc:  # SMTP and socket errors of every kind end up here
        # The error goes to the outbox row, not the log: it may contain the address.
        return Outcome(False, error=f"{type(exc).__name__}: {exc}"[:500])
    return Outcome(True)


def _send_webhook(message: OutboxMessage) -> Outcome:
    endpoint = message.endpoint
    if endpoint is None or not endpoint.is_active:
        return Outcome(False, error="the endpoint was removed or deactivated")
    body = json.dumps(
        {"id": message.pk, **message.payload}, separators=(",", ":"), ensure_ascii=False
    ).encode()
    timestamp = str(int(time.time()))
    result = http.request(
        "POST",
        endpoint.url,
        content=body,
        timeout=WEBHOOK_TIMEOUT,
        headers={
            "Content-Type": "application/json",
            "X-Kendali-Event": message.event,
            "X-Kendali-Delivery": str(message.pk),
            "X-Kendali-Timestamp": timestamp,
            "X-Kendali-Signature": sign(endpoint.secret, timestamp, body),
        },
    )
    if result.ok:
        return Outcome(True, status=result.status)
    return Outcome(False, status=result.status, error=result.error or f"HTTP {result.status}")


def record(message: OutboxMessage, outcome: Outcome, now: datetime) -> None:
    changes: dict[str, object] = {
        "lease_until": None,
        "last_status": outcome.status,
        "last_error": outcome.error,
    }
    if outcome.ok:
        changes |= {"status": DeliveryStatus.SENT, "sent_at": now}
    elif message.attempts >= message.max_attempts:
        changes |= {"status": DeliveryStatus.DEAD}
        logger.warning("outbox message %s is dead after %s attempts", message.pk, message.attempts)
    else:
        delay = min(BACKOFF_START * 2 ** (message.attempts - 1), BACKOFF_MAX)
        changes |= {"available_at": now + delay}
    OutboxMessage.objects.filter(pk=message.pk, status=DeliveryStatus.PENDING).update(**changes)


def deliver_due(limit: int = 50) -> dict[str, int]:
    """Deliver what is due now; returns counts (the worker job and tests call this)."""
    counts = {"sent": 0, "retry": 0, "dead": 0}
    for message in claim(timezone.now(), limit):
        outcome = send(message)
        record(message, outcome, timezone.now())
        if outcome.ok:
            counts["sent"] += 1
        elif message.attempts >= message.max_attempts:
            counts["dead"] += 1
        else:
            counts["retry"] += 1
    return counts
