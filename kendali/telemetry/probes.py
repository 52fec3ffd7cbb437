"""Camera health: probe each camera's snapshot URL on its interval, a few at a time.

Due cameras are claimed in a short transaction (``SELECT ... FOR UPDATE SKIP LOCKED`` on
PostgreSQL) that moves their next probe time forward, so two workers never probe the same
camera; the HTTP requests then run outside any transaction, with a timeout each, through the
one outbound HTTP seam (`kendali.lib.http`). A crash after the claim only delays that
camera's next probe by one interval.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from kendali.lib import http
from kendali.telemetry import actions
from kendali.telemetry.models import Camera

MAX_SNAPSHOT_BYTES = 3 * 1024 * 1024


def snapshot_path(camera: Camera) -> Path:
    return Path(settings.MEDIA_ROOT) / "cameras" / f"{camera.code}.jpg"


def claim_due(limit: int = 200) -> list[Camera]:
    now = timezone.now()
    with transaction.atomic():
        due = (
            Camera.objects.filter(is_active=True)
            .filter(Q(next_probe_at__isnull=True) | Q(next_probe_at__lte=now))
            .order_by("next_probe_at", "id")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        cameras = list(due[:limit])
        interval = timedelta(seconds=settings.TELEMETRY_PROBE_INTERVAL_SECONDS)
        Camera.objects.filter(pk__in=[c.pk for c in cameras]).update(next_probe_at=now + interval)
    return cameras


def probe(camera: Camera) -> tuple[actions.ProbeOutcome, bytes]:
    """Fetch the snapshot; it is good when it answers 2xx with a non-empty image."""
    result = http.request(
        "GET",
        camera.snapshot_url,
        timeout=settings.TELEMETRY_PROBE_TIMEOUT_SECONDS,
        max_bytes=MAX_SNAPSHOT_BYTES,
    )
    if result.status is None:
        return actions.ProbeOutcome(ok=False, error=result.error), b""
    if not result.ok:
        return actions.ProbeOutcome(ok=False, error=f"HTTP {result.status}"), b""
    content_type = {k.lower(): v for k, v in result.headers.items()}.get("content-type", "")
    if not content_type.startswith("image/") or not result.body:
        return actions.ProbeOutcome(ok=False, error=f"not an image ({content_type or '-'})"), b""
    digest = hashlib.sha256(result.body).hexdigest()
    return actions.ProbeOutcome(ok=True, digest=digest), result.body


def _keep_snapshot(camera: Camera, body: bytes) -> None:
    path = snapshot_path(camera)
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    scratch.write_bytes(body)
    os.replace(scratch, path)


def probe_due_cameras() -> int:
    """Probe the cameras that are due, with bounded concurrency; return how many."""
    cameras = claim_due()
    if not cameras:
        return 0
    workers = max(1, min(settings.TELEMETRY_PROBE_CONCURRENCY, len(cameras)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="probe") as pool:
        outcomes = list(pool.map(probe, cameras))
    for camera, (outcome, body) in zip(cameras, outcomes, strict=True):
        if outcome.ok:
            _keep_snapshot(camera, body)
        actions.record_probe(
            camera,
            outcome,
            stale_after_seconds=settings.TELEMETRY_CAMERA_STALE_SECONDS,
            offline_after_failures=settings.TELEMETRY_CAMERA_OFFLINE_AFTER,
        )
    return len(cameras)
