"""Tell people: in-app notifications now, emails and webhooks through the outbox.

Everything here runs inside the caller's transaction: if the event rolls back, so does the
notification and the queued message. Delivery happens later in the worker (:mod:`delivery`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kendali.lib.broker import publish_on_commit
from kendali.lib.cache import ProcessCache
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


# Most events have no webhook to go to, and every report action asks: keep the list briefly.
endpoints = ProcessCache[str, list[WebhookEndpoint]]("notify.endpoints", seconds=30.0)
endpoints.forget_on(WebhookEndpoint)


def active_endpoints() -> list[WebhookEndpoint]:
    """Active webhook endpoints."""
    return endpoints.get("active", lambda: list(WebhookEndpoint.objects.filter(is_active=True)))


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
