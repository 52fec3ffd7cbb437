"""What happens to staff accounts, each with its audit row: signing in, failing to, being
locked out, and adding or removing a second factor.

The audit rows name the account and the client address, never a password, a code or a secret.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from kendali.agencies import twofactor
from kendali.agencies.models import User
from kendali.audit.actions import record


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def _source(request: HttpRequest | None) -> str:
    path = getattr(request, "path", "") or ""
    if path.startswith("/admin/"):
        return "admin"
    if path.startswith("/api/"):
        return "api"
    return "console"


def _account(username: str | None) -> User | None:
    if not username:
        return None
    return User.objects.filter(username=username[:150]).first()


def _unknown_account() -> User:
    """The object of an audit row about a name that is no account (the typed name is not kept:
    people sometimes type their password into the name field)."""
    return User(username="?")


def record_login(user: User, request: HttpRequest | None, *, method: str) -> None:
    with transaction.atomic():
        record(
            actor=user,
            action="account.login",
            obj=user,
            after={"method": method, "address": client_address(request)},
            source=_source(request),
        )


def record_failed_login(
    username: str | None, request: HttpRequest | None, *, step: str = "password"
) -> None:
    """A wrong password, a wrong second-factor code or a wrong token (no account named)."""
    account = _account(username)
    with transaction.atomic():
        record(
            actor=None,
            action="account.login_failed",
            obj=account or _unknown_account(),
            after={
                "step": step,
                "known_account": account is not None,
                "address": client_address(request),
            },
            source=_source(request),
            label="anonymous",
        )


def record_lockout(username: str | None, request: HttpRequest | None) -> None:
    account = _account(username)
    with transaction.atomic():
        record(
            actor=None,
            action="account.locked_out",
            obj=account or _unknown_account(),
            after={
                "known_account": account is not None,
                "by_account": bool(username),
                "address": client_address(request),
            },
            source=_source(request),
            label="anonymous",
        )


def confirm_enrolment(
    user: User, device: Any, request: HttpRequest | None, code: str
) -> list[str] | None:
    """Confirm the new authenticator with a code from it and issue recovery codes; None when the
    code is wrong. Replaces an earlier authenticator."""
    if not twofactor.verify_pending(device, code):
        return None
    with transaction.atomic():
        type(device).objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = twofactor.new_recovery_codes(user)
        record(
            actor=user,
            action="account.2fa_enrolled",
            obj=user,
            after={"device": "totp", "recovery_codes": len(codes)},
            source=_source(request),
        )
    return codes


def renew_recovery_codes(user: User, request: HttpRequest | None) -> list[str]:
    with transaction.atomic():
        codes = twofactor.new_recovery_codes(user)
        record(
            actor=user,
            action="account.2fa_recovery_renewed",
            obj=user,
            after={"recovery_codes": len(codes)},
            source=_source(request),
        )
    return codes


def remove_second_factor(user: User, actor: User, request: HttpRequest | None) -> int:
    """Remove the authenticator and the recovery codes (the person or an administrator)."""
    with transaction.atomic():
        removed = twofactor.remove_all(user)
        record(
            actor=actor,
            action="account.2fa_removed",
            obj=user,
            before={"enrolled": True},
            after={"enrolled": False, "devices": removed},
            source=_source(request),
        )
    return removed
