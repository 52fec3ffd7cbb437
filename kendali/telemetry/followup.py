"""What follows a rule reaching its report level: the report's SOP and a public warning draft.

Both run inside the transaction that stored the reading, each in a savepoint of its own: a
procedure or a warning that cannot be made is logged and left to the operators, and never
costs the readings of the batch.

- The report a rule opens is verified by the telemetry system user (its evidence is a reading
  from one of the city's own registered sensors), which attaches the published SOP of its
  category and starts its clocks, exactly as an operator's verification does.
- A rule with a ``warning_level`` drafts a CAP warning for the sensor's kecamatan once it
  reaches that level, and refreshes its own draft while the level keeps rising. Supervisors are
  told; nothing is published without one of them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kendali.agencies.choices import Role
from kendali.agencies.models import User
from kendali.cities.choices import AreaLevel
from kendali.lib.errors import ActionError
from kendali.notify.actions import notify_users
from kendali.reports import actions as report_actions
from kendali.reports.choices import ReportStatus
from kendali.telemetry.choices import SensorKind
from kendali.telemetry.models import Sensor
from kendali.warnings import actions as warning_actions
from kendali.warnings.choices import (
    CapCategory,
    Certainty,
    ResponseType,
    Severity,
    Urgency,
    WarningState,
)
from kendali.warnings.models import HEADLINE_MAX

if TYPE_CHECKING:
    from kendali.telemetry.actions import RuleFiring

logger = logging.getLogger("kendali.telemetry")

WARNING_HOURS = 6  # a drafted warning's default validity; the supervisor edits it before approving


def attach_procedure(firing: RuleFiring, actor: User) -> None:
    """Verify the report the rule opened, which attaches its category's SOP."""
    report = firing.report
    if report is None or report.status != ReportStatus.SUBMITTED:
        return
    note = _("Diverifikasi otomatis: pembacaan sensor resmi %(sensor)s (%(level)s).") % {
        "sensor": firing.rule.sensor.name,
        "level": firing.level_name,
    }
    try:
        with transaction.atomic():
            report_actions.verify_report(report, actor, note=note, source="telemetry")
    except ActionError as exc:
        logger.warning("rule %s: report %s not verified: %s", firing.rule.pk, report, exc.message)
    report.refresh_from_db()


@dataclass(frozen=True)
class Wording:
    """How a warning about one kind of sensor reads, in Indonesian and English."""

    event_ind: str
    event_en: str
    category: str
    response_type: str
    instruction_ind: str
    instruction_en: str


def _wording(kind: str) -> Wording:
    if kind == SensorKind.WATER_LEVEL:
        return Wording(
            "Banjir",
            "Flood",
            CapCategory.MET,
            ResponseType.PREPARE,
            "Jauhi bantaran sungai, amankan dokumen dan barang berharga, siapkan tas siaga, "
            "dan ikuti arahan petugas BPBD dan kelurahan.",
            "Keep away from the riverbanks, put documents and valuables somewhere safe, have "
            "an emergency bag ready and follow the instructions of BPBD and kelurahan officers.",
        )
    if kind == SensorKind.RAINFALL:
        return Wording(
            "Hujan lebat",
            "Heavy rain",
            CapCategory.MET,
            ResponseType.MONITOR,
            "Waspadai genangan dan pohon tumbang; hindari bepergian bila tidak perlu.",
            "Watch for flooding and falling trees; avoid unnecessary travel.",
        )
    if kind in (SensorKind.PM25, SensorKind.PM10):
        return Wording(
            "Kualitas udara tidak sehat",
            "Unhealthy air quality",
            CapCategory.ENV,
            ResponseType.AVOID,
            "Kurangi kegiatan di luar ruangan, pakai masker, dan lindungi anak-anak, lansia "
            "serta penderita gangguan pernapasan.",
            "Limit time outdoors, wear a mask, and protect children, older people and anyone "
            "with breathing problems.",
        )
    if kind in (SensorKind.TRAFFIC_SPEED, SensorKind.TRAFFIC_VOLUME):
        return Wording(
            "Kemacetan lalu lintas",
            "Traffic congestion",
            CapCategory.TRANSPORT,
            ResponseType.AVOID,
            "Gunakan jalur alternatif dan ikuti arahan petugas Dishub.",
            "Use another route and follow the instructions of transport officers.",
        )
    label = SensorKind(kind).label if kind in SensorKind.values else kind
    return Wording(str(label), str(label), CapCategory.OTHER, ResponseType.MONITOR, "", "")


def _kecamatan_code(sensor: Sensor) -> str | None:
    area = sensor.area
    while area is not None and area.level != AreaLevel.KECAMATAN:
        area = area.parent
    return area.code if area is not None else None


def _fit(headline: str) -> str:
    return headline if len(headline) <= HEADLINE_MAX else headline[: HEADLINE_MAX - 1] + "…"


def _draft_for(firing: RuleFiring) -> warning_actions.WarningDraft | None:
    rule, sensor = firing.rule, firing.rule.sensor
    area_code = _kecamatan_code(sensor)
    if area_code is None:
        return None
    wording = _wording(sensor.kind)
    value = "" if firing.value is None else f"{firing.value:g} {sensor.unit}".strip()
    most_serious = firing.level >= len(rule.levels or [])
    when = firing.at
    moment = timezone.localtime(when).strftime("%d/%m %H:%M")
    return warning_actions.WarningDraft(
        event_ind=wording.event_ind,
        event_en=wording.event_en,
        category=wording.category,
        urgency=Urgency.IMMEDIATE if most_serious else Urgency.EXPECTED,
        severity=Severity.SEVERE if most_serious else Severity.MODERATE,
        certainty=Certainty.LIKELY,
        response_type=wording.response_type,
        headline_ind=_fit(f"{firing.level_name}: {wording.event_ind} di sekitar {sensor.name}"),
        headline_en=_fit(f"{firing.level_name}: {wording.event_en.lower()} near {sensor.name}"),
        description_ind=(
            f"{sensor.name} mencatat {value} pada {moment}, tingkat {firing.level_name} "
            f"(aturan: {rule.name})."
        ),
        description_en=(
            f"{sensor.name} measured {value} at {moment}, level {firing.level_name} "
            f"(rule: {rule.name})."
        ),
        instruction_ind=wording.instruction_ind,
        instruction_en=wording.instruction_en,
        onset=when,
        expires=when + timedelta(hours=WARNING_HOURS),
        area_codes=[area_code],
    )


def _supervisors() -> list[User]:
    return list(
        User.objects.filter(
            Q(role__in=[Role.SUPERVISOR, Role.ADMIN]), is_active=True, agency__isnull=True
        )
    )


def draft_warning(firing: RuleFiring, actor: User) -> None:
    """Draft (or refresh the rule's own draft of) a public warning for supervisors to approve."""
    rule = firing.rule
    if rule.warning_level is None or firing.level < rule.warning_level:
        return
    draft = _draft_for(firing)
    if draft is None:
        logger.warning("rule %s: sensor has no kecamatan, no warning drafted", rule.pk)
        return
    state = firing.state
    current = state.warning
    try:
        with transaction.atomic():
            new = False
            if current is not None and current.state == WarningState.DRAFT:
                warning = warning_actions.edit_draft(current, actor, draft)
                title = _("Draf peringatan diperbarui, menunggu persetujuan: %(headline)s")
            elif (
                current is not None
                and current.state == WarningState.PUBLISHED
                and current.expires > firing.at
            ):
                warning = current
                title = _(
                    "Tingkat naik ke %(level)s; pertimbangkan pembaruan peringatan: %(headline)s"
                )
            else:
                warning = warning_actions.draft_warning(actor, draft, report=firing.report)
                new = True
                title = _("Draf peringatan menunggu persetujuan: %(headline)s")
                state.warning = warning  # saved with the rule's state by the caller
            url = reverse("warnings-console:detail", args=[warning.pk])
            notify_users(
                _supervisors(),
                kind="warning.draft",
                title=title % {"headline": draft.headline_ind, "level": firing.level_name},
                body=draft.description_ind,
                url=url,
                report=firing.report,
            )
            if firing.report is not None and new:
                report_actions.add_update(
                    firing.report,
                    actor,
                    body=_("Draf peringatan publik disusun untuk disetujui supervisor: %(url)s")
                    % {"url": url},
                    is_public=False,
                    source="telemetry",
                )
    except ActionError as exc:
        logger.warning("rule %s: no warning drafted: %s", rule.pk, exc.message)
