"""Second factors for staff (django-otp): an authenticator app (TOTP) and recovery codes.

Who must have one is a setting (``TWO_FACTOR_REQUIRED_ROLES``); everyone else may add one. A
person is *enrolled* when they have a confirmed TOTP device; the recovery codes are a static
device made with it and removed with it. State changes (enrol, remove, new codes) are in
`kendali/agencies/actions.py`, which writes their audit rows.
"""

from __future__ import annotations

import re
from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kendali.agencies.models import User

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
_TOTP_CODE = re.compile(r"^\d{6}$")
_RECOVERY_CODE = re.compile(r"^[a-z2-7]{8,16}$")


def required_for(user: User) -> bool:
    """Whether this person's role must use a second factor."""
    return bool(user.role in settings.TWO_FACTOR_REQUIRED_ROLES)


def is_enrolled(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def needs_second_step(user: User) -> bool:
    """After the password: ask a code (enrolled), or enrol first (a required role)."""
    return is_enrolled(user) or required_for(user)


def pending_totp(user: User) -> TOTPDevice:
    """The unconfirmed authenticator this person is setting up (made on first ask)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The secret as people type it into an authenticator app (base32, in groups of four)."""
    plain = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG, made here (no outside service sees the secret)."""
    code = segno.make(device.config_url, error="m")
    svg: str = code.svg_inline(scale=5, dark="#000", light="#fff", title="TOTP")
    return svg


def normalise_code(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw or "").lower()[:32]


def verify_code(user: User, raw: str) -> Device | None:
    """The device that accepts this code: six digits for the app, else a recovery code (used
    once). Each device's own throttle (django-otp) and replay guard apply."""
    code = normalise_code(raw)
    if _TOTP_CODE.match(code):
        model: type[Device] = TOTPDevice
    elif _RECOVERY_CODE.match(code):
        model = StaticDevice
    else:
        return None
    with transaction.atomic():
        devices = model.objects.filter(user=user, confirmed=True).select_for_update()
        for device in devices:
            if device.verify_token(code):
                return device
    return None


def verify_pending(device: TOTPDevice, raw: str) -> bool:
    """Whether the code proves the person's app holds the new secret."""
    code = normalise_code(raw)
    return bool(_TOTP_CODE.match(code)) and bool(device.verify_token(code))


def new_recovery_codes(user: User) -> list[str]:
    """Replace this person's recovery codes with fresh ones; returns them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def remove_all(user: User) -> int:
    """Remove every second factor of this person; returns how many devices went."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        _total, per_model = model.objects.filter(user=user).delete()
        removed += per_model.get(model._meta.label, 0)
    return removed


def describe(user: User) -> dict[str, Any]:
    """What the account page shows."""
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return {
        "enrolled": totp is not None,
        "required": required_for(user),
        "since": totp.created_at if totp is not None else None,
        "last_used": totp.last_used_at if totp is not None else None,
        "recovery_left": recovery_codes_left(user),
    }
