"""Tell people: in-app notifications now, emails and webhooks through the outbox.

Everything here runs inside the caller's transaction: if the event rolls back, so does the
notification and the queued message. Delivery happens later in the worker (:mod:`delivery`).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kendali.lib.broker import publish_on_commit
from kendali.notify.choices import Channel
from kendali.notify.models import Notification, OutboxMessage, WebhookEndpoint
from kendali.reports.links import tracking_url


def notify_users(
    users: Iterable[Any],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    report: Any = None,
) -> list[Notification]:
    """Put a notification under each person's bell and tell their open consoles."""
    people = {user.pk: user for user in users if user is not None and user.is_active}
    if not people:
        return []
    created = Notification.objects.bulk_create(
        Notification(user_id=pk, kind=kind, title=title[:200], body=body, url=url, report=report)
        for pk in people
    )
    publish_on_commit(
        "notification",
        {"kind": kind, "title": title[:200], "url": url},
        [],
        user_ids=list(people),
    )
    return created


def mark_read(user: Any, notification_ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def _enqueue(key: str, **fields: Any) -> OutboxMessage | None:
    """Queue a message once per key; a second call with the same key does nothing."""
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(key=key[:200], **fields)
    except IntegrityError:
        return None


def enqueue_email(*, key: str, to: str, subject: str, body: str) -> OutboxMessage | None:
    return _enqueue(
        key,
        channel=Channel.EMAIL,
        event="email",
        payload={"to": [to], "subject": subject, "body": body},
    )


def enqueue_webhooks(event: str, data: dict[str, Any], *, key: str, agency_id: int | None) -> int:
    """Queue ``event`` for every active endpoint that wants it. ``data`` carries no personal
    data (the same fields as the live events)."""
    queued = 0
    endpoints = active_endpoints()
    if not endpoints:
        return 0
    payload = json.loads(json.dumps({"event": event, "data": data}, cls=DjangoJSONEncoder))
    for endpoint in endpoints:
        if endpoint.wants(event, agency_id):
            message = _enqueue(
                f"{key}:{endpoint.pk}",
                channel=Channel.WEBHOOK,
                event=event,
                endpoint=endpoint,
                payload=payload,
            )
            queued += message is not None
    return queued


_endpoints_lock = threading.Lock()
_endpoints: tuple[float, list[WebhookEndpoint]] | None = None
ENDPOINTS_CACHE_SECONDS = 30.0


def active_endpoints() -> list[WebhookEndpoint]:
    """Active webhook endpoints, cached briefly: most events have none to go to, and every
    report action asks."""
    global _endpoints
    with _endpoints_lock:
        if _endpoints and time.monotonic() - _endpoints[0] < ENDPOINTS_CACHE_SECONDS:
            return _endpoints[1]
    found = list(WebhookEndpoint.objects.filter(is_active=True))
    with _endpoints_lock:
        _endpoints = (time.monotonic(), found)
    return found


def forget_endpoints(**_kwargs: Any) -> None:
    global _endpoints
    with _endpoints_lock:
        _endpoints = None


post_save.connect(forget_endpoints, sender=WebhookEndpoint, dispatch_uid="notify.endpoints.save")
post_delete.connect(forget_endpoints, sender=WebhookEndpoint, dispatch_uid="notify.endpoints.del")


def reporter_email(report: Any) -> str | None:
    """The reporter's email address, when the contact they left is one."""
    contact = (report.reporter_contact or "").strip()
    if "@" not in contact:
        return None
    try:
        validate_email(contact)
    except ValidationError:
        return None
    return contact


def tell_reporter(report: Any, *, key: str, note: str = "") -> OutboxMessage | None:
    """Email the reporter that their report's status changed (when they left an email)."""
    address = reporter_email(report)
    if address is None:
        return None
    with override("id"):
        subject = _("Laporan %(ticket)s: %(status)s") % {
            "ticket": report.ticket,
            "status": report.get_status_display(),
        }
        lines = [
            _("Yth. pelapor,"),
            "",
            _("Status laporan Anda dengan tiket %(ticket)s kini: %(status)s.")
            % {"ticket": report.ticket, "status": report.get_status_display()},
        ]
        if note:
            lines += ["", note]
        lines += [
            "",
            _("Ikuti perkembangannya di: %(url)s") % {"url": tracking_url(None, report)},
            "",
            _("Email ini dikirim otomatis; mohon tidak dibalas."),
        ]
    return enqueue_email(key=key, to=address, subject=subject, body="\n".join(lines))
