"""Everything that changes a public warning. An operator drafts; a supervisor who is not the
author approves and publishes; updates and cancellations are new messages that reference the
original; published warnings expire on their own."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kendali.agencies.models import User
from kendali.audit.actions import record
from kendali.cities.models import Area, City
from kendali.lib.broker import publish_on_commit
from kendali.lib.errors import Invalid, NotAllowed, WrongState
from kendali.lib.links import public_root
from kendali.reports.models import Report
from kendali.warnings import cap
from kendali.warnings.choices import (
    CapCategory,
    Certainty,
    MessageType,
    ResponseType,
    Severity,
    Urgency,
    WarningState,
)
from kendali.warnings.models import (
    AREA_DESC_MAX,
    HEADLINE_MAX,
    TEXT_MAX,
    PublicWarning,
    WarningArea,
)

CACHE_VERSION_KEY = "warnings:version"
S = WarningState


@dataclass
class DrawnArea:
    description: str
    polygon: str  # "lat,lon lat,lon ..." (CAP's form), closed


@dataclass
class WarningDraft:
    """A warning as the operator writes it, before it is checked."""

    event_ind: str
    event_en: str
    category: str
    urgency: str
    severity: str
    certainty: str
    headline_ind: str
    headline_en: str
    description_ind: str
    description_en: str
    onset: datetime | None
    expires: datetime | None
    instruction_ind: str = ""
    instruction_en: str = ""
    # Sundanese is optional: a CAP <info> in Sundanese goes out when event, headline and
    # description are all given.
    event_su: str = ""
    headline_su: str = ""
    description_su: str = ""
    instruction_su: str = ""
    response_type: str = ""
    area_codes: list[str] = field(default_factory=list)
    drawn: list[DrawnArea] = field(default_factory=list)


def bump_cache() -> None:
    """Pages cache the active warnings briefly; a change makes them read again."""
    transaction.on_commit(lambda: cache.set(CACHE_VERSION_KEY, timezone.now().timestamp(), None))


def _ensure_center(actor: User) -> None:
    if not actor.is_center_staff:
        raise NotAllowed(_("Hanya staf command center yang menyusun peringatan."))


def check_draft(
    draft: WarningDraft,
) -> tuple[list[tuple[str, Area | None, list[Any]]], dict[str, Any]]:
    """Check a draft; return its areas (description, city area, rings) and clean fields."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    texts = {
        "event_ind": (draft.event_ind, 120, True),
        "event_en": (draft.event_en, 120, True),
        "headline_ind": (draft.headline_ind, HEADLINE_MAX, True),
        "headline_en": (draft.headline_en, HEADLINE_MAX, True),
        "description_ind": (draft.description_ind, TEXT_MAX, True),
        "description_en": (draft.description_en, TEXT_MAX, True),
        "instruction_ind": (draft.instruction_ind, TEXT_MAX, False),
        "instruction_en": (draft.instruction_en, TEXT_MAX, False),
        "event_su": (draft.event_su, 120, False),
        "headline_su": (draft.headline_su, HEADLINE_MAX, False),
        "description_su": (draft.description_su, TEXT_MAX, False),
        "instruction_su": (draft.instruction_su, TEXT_MAX, False),
    }
    for name, (text, limit, required) in texts.items():
        value = cap.xml_safe(text or "").strip()
        if required and not value:
            errors[name] = _("Wajib diisi.")
        elif len(value) > limit:
            errors[name] = _("Terlalu panjang (maksimal %(max)d karakter).") % {"max": limit}
        values[name] = value
    for name, choices, value in (
        ("category", CapCategory, draft.category),
        ("urgency", Urgency, draft.urgency),
        ("severity", Severity, draft.severity),
        ("certainty", Certainty, draft.certainty),
    ):
        if value not in choices.values:
            errors[name] = _("Pilih salah satu.")
        values[name] = value
    if draft.response_type and draft.response_type not in ResponseType.values:
        errors["response_type"] = _("Pilih salah satu.")
    values["response_type"] = draft.response_type or ""
    if draft.onset is None:
        errors["onset"] = _("Wajib diisi.")
    if draft.expires is None:
        errors["expires"] = _("Wajib diisi.")
    elif draft.onset is not None and draft.expires <= draft.onset:
        errors["expires"] = _("Waktu berakhir harus sesudah waktu mulai berlaku.")
    for name in ("onset", "expires"):
        moment = getattr(draft, name)
        if moment is not None and timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        values[name] = moment

    areas: list[tuple[str, Area | None, list[Any]]] = []
    codes = list(dict.fromkeys(c for c in draft.area_codes if c))
    found = {a.code: a for a in Area.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        errors["areas"] = _("Wilayah tidak dikenal: %(codes)s") % {"codes": ", ".join(unknown)}
    for code in codes:
        if code in found:
            area = found[code]
            label = f"{area.get_level_display()} {area.name}"[:AREA_DESC_MAX]
            areas.append((label, area, cap.rings_of_area(area.geometry)))
    for number, drawn in enumerate(draft.drawn, start=1):
        description = cap.xml_safe(drawn.description or "").strip()
        if not description:
            errors[f"drawn_{number}"] = _("Beri nama singkat wilayah yang digambar.")
        elif len(description) > AREA_DESC_MAX:
            errors[f"drawn_{number}"] = _("Nama wilayah maksimal %(max)d karakter.") % {
                "max": AREA_DESC_MAX
            }
        try:
            ring = cap.parse_ring(drawn.polygon)
        except cap.PolygonError as exc:
            errors[f"polygon_{number}"] = _("Poligon: %(problem)s.") % {"problem": exc}
            continue
        areas.append((description, None, [ring]))
    if not areas and "areas" not in errors and not any(k.startswith("polygon") for k in errors):
        errors["areas"] = _("Pilih paling sedikit satu wilayah atau gambar poligon.")
    if errors:
        raise Invalid(_("Peringatan belum bisa disimpan. Periksa isian yang ditandai."), errors)
    return areas, values


def _save_areas(warning: PublicWarning, areas: list[tuple[str, Area | None, list[Any]]]) -> None:
    warning.areas.all().delete()
    WarningArea.objects.bulk_create(
        WarningArea(warning=warning, description=label, area=area, polygons=rings, order=order)
        for order, (label, area, rings) in enumerate(areas)
    )


def draft_warning(
    actor: User,
    draft: WarningDraft,
    *,
    msg_type: str = MessageType.ALERT,
    references: PublicWarning | None = None,
    report: Report | None = None,
) -> PublicWarning:
    _ensure_center(actor)
    areas, values = check_draft(draft)
    if report is None and references is not None:
        report = references.report
    with transaction.atomic():
        warning = PublicWarning.objects.create(
            msg_type=msg_type, references=references, author=actor, report=report, **values
        )
        _save_areas(warning, areas)
        record(actor=actor, action="warning.draft", obj=warning, after=warning.snapshot())
    return warning


def edit_draft(warning: PublicWarning, actor: User, draft: WarningDraft) -> PublicWarning:
    _ensure_center(actor)
    areas, values = check_draft(draft)
    with transaction.atomic():
        warning = PublicWarning.objects.select_for_update().get(pk=warning.pk)
        if warning.state != S.DRAFT:
            raise WrongState(_("Hanya draf yang bisa diubah."))
        before = warning.snapshot()
        for name, value in values.items():
            setattr(warning, name, value)
        warning.updated_at = timezone.now()
        warning.save()
        _save_areas(warning, areas)
        record(
            actor=actor, action="warning.edit", obj=warning, before=before, after=warning.snapshot()
        )
    return warning


def draft_from(original: PublicWarning) -> WarningDraft:
    """A draft with the original's content, for an update or a cancellation."""
    return WarningDraft(
        event_ind=original.event_ind or "",
        event_en=original.event_en or "",
        category=original.category,
        urgency=original.urgency,
        severity=original.severity,
        certainty=original.certainty,
        response_type=original.response_type,
        headline_ind=original.headline_ind or "",
        headline_en=original.headline_en or "",
        description_ind=original.description_ind or "",
        description_en=original.description_en or "",
        instruction_ind=original.instruction_ind or "",
        instruction_en=original.instruction_en or "",
        event_su=original.event_su or "",
        headline_su=original.headline_su or "",
        description_su=original.description_su or "",
        instruction_su=original.instruction_su or "",
        onset=original.onset,
        expires=original.expires,
        area_codes=[a.area.code for a in original.areas.all() if a.area is not None],
        drawn=[
            DrawnArea(a.description, cap._ring_text(ring))
            for a in original.areas.all()
            if not a.area_id
            for ring in a.polygons
        ],
    )


def _followable(original: PublicWarning) -> None:
    if not original.is_active:
        raise WrongState(
            _("Hanya peringatan yang sedang berlaku yang bisa diperbarui atau dibatalkan.")
        )


def draft_update(
    original: PublicWarning, actor: User, draft: WarningDraft | None = None
) -> PublicWarning:
    """A new draft that will replace ``original`` once published."""
    _followable(original)
    return draft_warning(
        actor, draft or draft_from(original), msg_type=MessageType.UPDATE, references=original
    )


# What every Cancel says in each language of its CAP infos: the headline's mark and the
# instruction. CAP content is written per language here, not in the page's language.
CANCEL_MARK = {"ind": "DIBATALKAN", "en": "CANCELLED", "su": "DIBATALKEUN"}
CANCEL_INSTRUCTION = {
    "ind": (
        "Peringatan ini dibatalkan dan tidak berlaku lagi. Tidak perlu tindakan lebih lanjut; "
        "ikuti informasi resmi berikutnya."
    ),
    "en": (
        "This warning is cancelled and no longer in force. No further action is needed; "
        "follow further official information."
    ),
    "su": (
        "Peringatan ieu dibatalkeun sareng teu lumaku deui. Teu kedah aya tindakan "
        "salajengna; tuturkeun wartos resmi salajengna."
    ),
}
CANCEL_DESCRIPTION_SU = "Peringatan ieu parantos dibatalkeun."


def draft_cancel(
    original: PublicWarning,
    actor: User,
    *,
    reason: str,
    reason_en: str = "",
    reason_su: str = "",
) -> PublicWarning:
    """A new draft that withdraws ``original`` once published. Each CAP info of the Cancel
    speaks its own language: the reason in Indonesian and English (both required), in
    Sundanese when the original has a Sundanese info (a plain notice when no reason is
    given), and the instruction that nothing more needs doing."""
    _followable(original)
    reasons = {
        "reason": (reason or "").strip(),
        "reason_en": (reason_en or "").strip(),
        "reason_su": (reason_su or "").strip(),
    }
    errors: dict[str, str] = {}
    if not reasons["reason"]:
        errors["reason"] = _("Tuliskan alasan pembatalan untuk warga.")
    if not reasons["reason_en"]:
        errors["reason_en"] = _("Tuliskan alasan pembatalan dalam bahasa Inggris.")
    for name, text in reasons.items():
        if len(text) > TEXT_MAX:
            errors[name] = _("Terlalu panjang (maksimal %(max)d karakter).") % {"max": TEXT_MAX}
    if errors:
        raise Invalid(_("Pembatalan belum bisa disusun: lengkapi alasannya."), errors)
    draft = draft_from(original)
    draft.headline_ind = f"{CANCEL_MARK['ind']}: {original.headline_ind}"[:HEADLINE_MAX]
    draft.headline_en = f"{CANCEL_MARK['en']}: {original.headline_en}"[:HEADLINE_MAX]
    draft.description_ind = reasons["reason"]
    draft.description_en = reasons["reason_en"]
    draft.instruction_ind = CANCEL_INSTRUCTION["ind"]
    draft.instruction_en = CANCEL_INSTRUCTION["en"]
    if original.event_su and original.headline_su and original.description_su:
        draft.headline_su = f"{CANCEL_MARK['su']}: {original.headline_su}"[:HEADLINE_MAX]
        draft.description_su = reasons["reason_su"] or CANCEL_DESCRIPTION_SU
        draft.instruction_su = CANCEL_INSTRUCTION["su"]
    else:
        draft.event_su = draft.headline_su = draft.description_su = draft.instruction_su = ""
    draft.response_type = ResponseType.ALL_CLEAR
    draft.urgency = Urgency.PAST
    draft.certainty = Certainty.OBSERVED
    draft.severity = Severity.MINOR
    return draft_warning(actor, draft, msg_type=MessageType.CANCEL, references=original)


def discard_draft(warning: PublicWarning, actor: User) -> PublicWarning:
    _ensure_center(actor)
    with transaction.atomic():
        warning = PublicWarning.objects.select_for_update().get(pk=warning.pk)
        if warning.state != S.DRAFT:
            raise WrongState(_("Hanya draf yang bisa dibuang."))
        before = warning.snapshot()
        warning.state = S.DISCARDED
        warning.ended_at = timezone.now()
        warning.save(update_fields=["state", "ended_at"])
        record(
            actor=actor,
            action="warning.discard",
            obj=warning,
            before=before,
            after=warning.snapshot(),
        )
    return warning


def sender_of(city: City | None) -> str:
    """CAP's sender: no spaces or commas; the city's email, or its slug under kendali."""
    if city and city.email:
        return city.email
    return f"{city.slug if city else 'kota'}@kendali"


def chain(warning: PublicWarning) -> list[PublicWarning]:
    """Every earlier message this one follows, oldest first."""
    earlier: list[PublicWarning] = []
    current = warning.references
    while current is not None:
        earlier.append(current)
        current = current.references
    return list(reversed(earlier))


def _reference_exists(sender: str, identifier: str, sent: str) -> bool:
    found = PublicWarning.objects.filter(identifier=identifier, sent__isnull=False).first()
    return found is not None and cap.cap_time(found.sent) == sent  # type: ignore[arg-type]


def publish_warning(
    warning: PublicWarning, approver: User, *, request: Any = None, site_url: str = ""
) -> PublicWarning:
    """Approve and publish: a supervisor other than the author; the CAP document is written,
    validated against the CAP 1.2 schema, checked and stored; the message it updates or
    cancels ends.

    Its ``<web>`` links must be absolute wherever the document travels, so publishing needs
    the site's public URL: the ``KENDALI_PUBLIC_URL`` setting, else ``site_url`` (a command
    that knows where it serves, such as the demo), else the host of the supervisor's
    request. A job or a shell without any of them is refused."""
    if not approver.is_supervisor:
        raise NotAllowed(_("Hanya supervisor yang menyetujui dan menerbitkan peringatan."))
    root = public_root(request, site_url)
    if not root:
        raise Invalid(
            _(
                "Alamat publik situs belum diatur (KENDALI_PUBLIC_URL, misalnya "
                "https://kendali.kota.go.id): dokumen CAP harus menautkan halaman peringatan "
                "dengan alamat lengkap."
            )
        )
    with transaction.atomic():
        warning = (
            PublicWarning.objects.select_for_update(of=("self",))
            .select_related("references")
            .get(pk=warning.pk)
        )
        if warning.author_id == approver.pk:
            raise NotAllowed(
                _("Penyusun tidak boleh menyetujui peringatannya sendiri; minta supervisor lain.")
            )
        if warning.state != S.DRAFT:
            raise WrongState(_("Peringatan ini bukan draf lagi."))
        now = timezone.now().replace(microsecond=0)
        if warning.expires <= now:
            message = _("Waktu berakhir sudah lewat; ubah draf sebelum menerbitkan.")
            raise Invalid(message, {"expires": message})
        if not warning.areas.exists():
            message = _("Peringatan tanpa wilayah tidak bisa diterbitkan.")
            raise Invalid(message, {"areas": message})
        original = warning.references
        if original is not None:
            original = PublicWarning.objects.select_for_update().get(pk=original.pk)
            if not original.is_active:
                raise WrongState(_("Peringatan yang dirujuk sudah tidak berlaku."))
        city = City.current()
        before = warning.snapshot()
        warning.sent = now
        warning.identifier = (
            f"{city.slug if city else 'kota'}-peringatan-{now:%Y%m%d%H%M%S}-{warning.pk}"
        )
        warning.approver = approver
        warning.state = S.PUBLISHED
        warning.updated_at = now
        sender = sender_of(city)
        references = [(sender, w.identifier or "", w.sent or now) for w in chain(warning)]

        def web(language: str) -> str:
            # The page in the info's own language (/, /en/, /su/), whatever the console's.
            with translation.override(language[:2]):
                return root + reverse("warnings-portal:detail", args=[warning.identifier])

        document = cap.build_document(
            warning,
            sender=sender,
            sender_name=city.command_center_name if city else "Kendali",
            sent=now,
            references=references,
            web=web,
            contact=(city.phone or city.email) if city else "",
        )
        try:
            cap.check_schema(document)
            cap.check_document(document, _reference_exists)
        except cap.CapRuleError as exc:
            raise Invalid(
                _("Dokumen CAP tidak memenuhi aturan: %(rule)s") % {"rule": exc}
            ) from None
        warning.cap_xml = document.decode("utf-8")
        warning.save()
        if original is not None:
            ended = S.CANCELLED if warning.msg_type == MessageType.CANCEL else S.SUPERSEDED
            original_before = original.snapshot()
            original.state = ended
            original.ended_at = now
            original.save(update_fields=["state", "ended_at"])
            record(
                actor=approver,
                action=f"warning.{ended}",
                obj=original,
                before=original_before,
                after=original.snapshot() | {"by": warning.identifier},
            )
        record(
            actor=approver,
            action="warning.publish",
            obj=warning,
            before=before,
            after=warning.snapshot(),
        )
        publish_on_commit(
            "warning.published",
            {"identifier": warning.identifier, "msg_type": warning.msg_type},
            [],
        )
        bump_cache()
    return warning


def expire_warnings(now: datetime | None = None) -> int:
    """Move published warnings past their expiry to expired; return how many."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        due = PublicWarning.objects.select_for_update(skip_locked=True).filter(
            state=S.PUBLISHED, expires__lte=now
        )
        for warning in due:
            before = warning.snapshot()
            warning.state = S.EXPIRED
            warning.ended_at = now
            warning.save(update_fields=["state", "ended_at"])
            record(
                actor=None,
                action="warning.expire",
                obj=warning,
                before=before,
                after=warning.snapshot(),
                source="worker",
            )
            count += 1
            publish_on_commit("warning.expired", {"identifier": warning.identifier}, [])
        if count:
            bump_cache()
    return count
