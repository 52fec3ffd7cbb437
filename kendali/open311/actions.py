"""Everything Open311 changes: requests filed by integrations, public updates from trusted
integrations, and the integrations' API keys."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kendali.agencies.models import User
from kendali.audit.actions import record
from kendali.cities.choices import AreaLevel
from kendali.cities.models import Area
from kendali.lib.errors import Invalid, NotAllowed, NotFound
from kendali.open311.choices import Datatype
from kendali.open311.models import (
    MEDIA_URL_MAX,
    ApiKey,
    RequestAnswer,
    ServiceAttribute,
    Submission,
    validate_rate,
)
from kendali.reports import actions as report_actions
from kendali.reports.choices import Channel
from kendali.reports.models import CONTACT_MAX, NAME_MAX, NOTE_MAX, Category, Report, Update

STRING_MAX = 300


@dataclass
class IncomingRequest:
    """A POST requests as it arrives, before it is checked."""

    service_code: str
    description: str = ""
    lat: str = ""
    long: str = ""
    address_string: str = ""
    address_id: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    media_url: str = ""
    device_id: str = ""
    account_id: str = ""
    # attribute code → the values sent (one for attribute[code], any for attribute[code][])
    attributes: dict[str, list[str]] = field(default_factory=dict)


def active_service(code: str) -> Category:
    """The active category a ``service_code`` names: 400 when none was sent (the spec's
    missing parameter), 404 when it names none."""
    code = (code or "").strip()
    if not code:
        message = _("service_code wajib diisi.")
        raise Invalid(message, {"service_code": message})
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise NotFound(_("service_code tidak dikenal: %(code)s") % {"code": code})
    return category


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def check_answers(
    category: Category, sent: dict[str, list[str]]
) -> list[tuple[ServiceAttribute, Any]]:
    """Check the answers against the service's questions; raise Invalid naming each problem."""
    attributes = {a.code: a for a in category.open311_attributes.filter(is_active=True)}
    errors: dict[str, str] = {}
    for code in sent:
        if code not in attributes:
            errors[f"attribute[{code}]"] = _("Pertanyaan tidak dikenal untuk layanan ini.")
    answers: list[tuple[ServiceAttribute, Any]] = []
    for code, attribute in attributes.items():
        values = [v.strip() for v in sent.get(code, []) if v.strip()]
        name = f"attribute[{code}]"
        if not values:
            if attribute.required:
                errors[name] = _("Wajib diisi.")
            continue
        kind = attribute.datatype
        if kind != Datatype.MULTIVALUELIST and len(values) > 1:
            errors[name] = _("Hanya satu nilai yang boleh dikirim.")
            continue
        value: Any = values[0]
        if kind == Datatype.NUMBER:
            value = _number(values[0])
            if value is None:
                errors[name] = _("Harus berupa angka.")
                continue
        elif kind == Datatype.DATETIME:
            parsed = parse_datetime(values[0])
            if parsed is None:
                errors[name] = _(
                    "Tulis tanggal dan jam ISO 8601, misalnya 2026-01-31T14:00:00+07:00."
                )
                continue
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
            value = timezone.localtime(parsed).isoformat()
        elif kind == Datatype.STRING and len(value) > STRING_MAX:
            errors[name] = _("Terlalu panjang (maksimal %(max)d karakter).") % {"max": STRING_MAX}
            continue
        elif kind == Datatype.TEXT and len(value) > NOTE_MAX:
            errors[name] = _("Terlalu panjang (maksimal %(max)d karakter).") % {"max": NOTE_MAX}
            continue
        elif kind in Datatype.lists():
            unknown = [v for v in values if v not in attribute.value_keys()]
            if unknown:
                errors[name] = _("Pilihan tidak dikenal: %(values)s") % {
                    "values": ", ".join(unknown)
                }
                continue
            value = list(dict.fromkeys(values)) if kind == Datatype.MULTIVALUELIST else values[0]
        answers.append((attribute, value))
    if errors:
        raise Invalid(_("Jawaban pertanyaan layanan tidak lengkap atau tidak valid."), errors)
    return answers


def area_by_id(address_id: str) -> Area | None:
    """The city area an ``address_id`` names: its code (``bdg-coblong``) or its number."""
    value = address_id.strip()
    areas = Area.objects.defer("geometry")
    found = areas.filter(code=value).first()
    if found is None and value.isdigit() and len(value) < 10:
        found = areas.filter(pk=int(value)).first()
    return found


def area_named_in(address_string: str) -> Area | None:
    """The area whose name an address writes out (the most specific, longest name wins)."""
    text = address_string.casefold()
    if not text:
        return None
    best: tuple[int, int, Area] | None = None
    for area in Area.objects.defer("geometry"):
        name = area.name.casefold()
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            rank = (1 if area.level == AreaLevel.KELURAHAN else 0, len(name))
            if best is None or rank > best[:2]:
                best = (*rank, area)
    return best[2] if best else None


def _location(incoming: IncomingRequest) -> tuple[float | None, float | None, str | None]:
    """Coordinates, or the area code an address resolves to. A street address that names no
    area is kept without a location, for an operator to place (Kendali has no gazetteer of
    streets to look it up in)."""
    lat_text, lon_text = incoming.lat.strip(), incoming.long.strip()
    if lat_text or lon_text:
        if not (lat_text and lon_text):
            message = _("Kirim lat dan long keduanya.")
            raise Invalid(message, {"lat": message})
        latitude, longitude = _number(lat_text), _number(lon_text)
        if latitude is None or longitude is None:
            message = _("lat dan long harus berupa angka.")
            raise Invalid(message, {"lat": message})
        return latitude, longitude, None
    address_id, address = incoming.address_id.strip(), incoming.address_string.strip()
    if address_id:
        area = area_by_id(address_id)
        if area is None:
            message = _("address_id tidak dikenal: %(id)s (kirim kode wilayah kota).") % {
                "id": address_id[:60]
            }
            raise Invalid(message, {"address_id": message})
        return None, None, area.code
    if not address:
        message = _("Lokasi wajib: kirim lat dan long, address_string, atau address_id.")
        raise Invalid(message, {"location": message})
    area = area_named_in(address)
    return None, None, area.code if area else None


def _check_media_url(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or len(url) > MEDIA_URL_MAX:
        message = _("media_url harus alamat http(s) yang valid (maksimal %(max)d karakter).") % {
            "max": MEDIA_URL_MAX
        }
        raise Invalid(message, {"media_url": message})
    return url


def submit_request(key: ApiKey, incoming: IncomingRequest) -> Submission:
    """File a report from an Open311 client: all of it is stored, or nothing."""
    category = active_service(incoming.service_code)
    answers = check_answers(category, incoming.attributes)
    latitude, longitude, area = _location(incoming)
    media_url = _check_media_url(incoming.media_url)
    name = " ".join(p.strip() for p in (incoming.first_name, incoming.last_name) if p.strip())
    contact = " / ".join(p.strip() for p in (incoming.email, incoming.phone) if p.strip())
    if len(name) > NAME_MAX or len(contact) > CONTACT_MAX:
        message = _("Nama atau kontak pelapor terlalu panjang.")
        raise Invalid(message, {"first_name" if len(name) > NAME_MAX else "email": message})
    with transaction.atomic():
        report = report_actions.create_report(
            report_actions.NewReport(
                category=category.code,
                description=incoming.description,
                latitude=latitude,
                longitude=longitude,
                address=incoming.address_string,
                area=area,
                # An address alone is a location: the operator places it when no area is known.
                address_or_area=True,
                reporter_name=name,
                reporter_contact=contact,
                # Third-party apps do not ask whether the name may be shown: it stays private.
                anonymous=True,
            ),
            channel=Channel.OPEN311,
            source="open311",
        )
        submission = Submission.objects.create(
            report=report,
            api_key=key,
            media_url=media_url,
            device_id=incoming.device_id.strip()[:100],
            account_id=incoming.account_id.strip()[:100],
        )
        RequestAnswer.objects.bulk_create(
            RequestAnswer(report=report, attribute=attribute, value=value)
            for attribute, value in answers
        )
        record(
            actor=None,
            action="open311.request",
            obj=report,
            after={"api_key": key.pk, "answers": len(answers), "media_url": bool(media_url)},
            source="open311",
            label=f"open311:{key.prefix}",
        )
    return submission


def post_public_update(
    key: ApiKey, ticket: str, *, description: str, media_url: str = ""
) -> Update:
    """A trusted integration adds a public update to a report, as its configured user."""
    if key.update_user is None or not key.update_user.is_active:
        raise NotAllowed(_("Kunci API ini tidak boleh mengirim tindak lanjut."))
    report = Report.objects.filter(ticket=ticket, is_confidential=False).first()
    if report is None:
        raise NotFound(_("service_request_id tidak dikenal: %(id)s") % {"id": ticket})
    body = (description or "").strip()
    media_url = _check_media_url(media_url)
    if media_url:
        body = f"{body}\n{media_url}" if body else media_url
    return report_actions.add_update(
        report, key.update_user, body=body, is_public=True, source="open311"
    )


# ---------------------------------------------------------------------------------------------
# API keys


def issue_api_key(
    actor: User,
    *,
    name: str,
    contact: str = "",
    rate: str = "60/m",
    update_user: User | None = None,
) -> tuple[ApiKey, str]:
    """Create a key and return it with its secret, which is shown once and never stored."""
    from django.core.exceptions import ValidationError

    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Beri nama integrasi.")
    try:
        validate_rate(rate)
    except ValidationError as exc:
        errors["rate"] = " ".join(exc.messages)
    if errors:
        raise Invalid(_("Kunci API belum bisa dibuat."), errors)
    secret = ApiKey.new_secret()
    with transaction.atomic():
        key = ApiKey(
            name=name[:120],
            contact=(contact or "").strip()[:200],
            rate=rate,
            update_user=update_user,
            created_by=actor,
        )
        key.set_secret(secret)
        key.save()
        record(
            actor=actor,
            action="open311.key.issue",
            obj=key,
            after={"name": key.name, "rate": key.rate, "trusted": key.is_trusted},
        )
    return key, secret


def revoke_api_key(key: ApiKey, actor: User) -> ApiKey:
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            record(actor=actor, action="open311.key.revoke", obj=key, after={"name": key.name})
    return key


def change_rate(key: ApiKey, actor: User, *, rate: str) -> ApiKey:
    from django.core.exceptions import ValidationError

    try:
        validate_rate(rate)
    except ValidationError as exc:
        message = " ".join(exc.messages)
        raise Invalid(message, {"rate": message}) from None
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        before = {"rate": key.rate}
        key.rate = rate
        key.save(update_fields=["rate"])
        record(actor=actor, action="open311.key.rate", obj=key, before=before, after={"rate": rate})
    return key


def parse_w3c(value: str, field_name: str) -> datetime | None:
    """A W3C datetime from a query (2026-01-31T00:00:00+07:00, ...Z, or a date)."""
    value = (value or "").strip()
    if not value:
        return None
    parsed = parse_datetime(value.replace(" ", "+"))
    if parsed is None:
        from django.utils.dateparse import parse_date

        day = parse_date(value)
        if day is not None:
            parsed = datetime(day.year, day.month, day.day)
    if parsed is None:
        message = _("%(field)s bukan tanggal W3C yang valid.") % {"field": field_name}
        raise Invalid(message, {field_name: message})
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed
