"""Background work of the agencies app: removing ended sessions and old failed-login counts."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from kendali.agencies.sessions import clear_expired
from kendali.lib.worker import job


@job("sessions.clean", every=3600)
def clean_sessions() -> dict[str, int]:
    """Delete expired sessions and failed-login counts older than the lockout's cool-off."""
    from axes.models import AccessAttempt

    threshold = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=threshold).delete()
    return {"sessions": clear_expired(), "login_attempts": attempts}
