"""Intake: a new report from any channel is checked, routed and stored.

`create_report` is the one way a report comes into being (web form, API, Open311, call-taker,
sensor rules). It stores the report with its first transition, timeline entry, photos and
audit row in one transaction, announces `report_created` to the feature apps, and publishes
the live event after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kendali.agencies.models import Agency, User
from kendali.audit.actions import record
from kendali.cities import lookup
from kendali.cities.models import Area, City
from kendali.lib.broker import publish_on_commit
from kendali.lib.errors import Invalid
from kendali.lib.geo import distance_m
from kendali.lib.images import CleanImage
from kendali.lib.tickets import new_ticket
from kendali.reports import hooks
from kendali.reports.choices import Channel, Priority, ReportStatus, UpdateKind
from kendali.reports.events import event_data
from kendali.reports.models import (
    ADDRESS_MAX,
    CONTACT_MAX,
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    NAME_MAX,
    Category,
    Report,
    RoutingRule,
    Transition,
    Update,
)
from kendali.reports.photos import attach_photos, remove_files

S = ReportStatus
# A city without area polygons accepts points this close to its centre.
FALLBACK_CITY_RADIUS_M = 40_000


@dataclass
class NewReport:
    """A report as it arrives from any channel, before it is checked."""

    category: str
    description: str
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    area: str | None = None
    reporter_name: str = ""
    reporter_contact: str = ""
    anonymous: bool = False
    confidential: bool = False
    priority: str | None = None
    # The public form: an address or an area alone is enough (the map pin is optional). The
    # API asks for coordinates, or an address with its area.
    address_or_area: bool = False


def suggest_agency(category: Category, area: Area | None) -> Agency | None:
    """The agency that routing sends this category in this area to.

    The most specific rule wins: a kelurahan's rule before its kecamatan's, and the category's
    default agency when no rule matches.
    """
    chain: list[int] = []
    current = area
    while current is not None:
        chain.append(current.pk)
        current = current.parent
    if chain:
        rules = {
            rule.area_id: rule
            for rule in RoutingRule.objects.select_related("agency").filter(
                category=category, area_id__in=chain, agency__is_active=True
            )
        }
        for area_id in chain:
            if area_id in rules:
                return rules[area_id].agency
    agency = category.default_agency
    return agency if agency is not None and agency.is_active else None


def check_new_report(new: NewReport) -> tuple[Category, Area | None]:
    """Check a new report against the city's data; raise Invalid with a message per field."""
    errors: dict[str, str] = {}
    category = (
        Category.objects.select_related("default_agency")
        .filter(code=(new.category or "").strip(), is_active=True)
        .first()
    )
    if category is None:
        errors["category"] = (
            _("Pilih kategori laporan.")
            if not (new.category or "").strip()
            else _("Kategori tidak dikenal.")
        )
    description = (new.description or "").strip()
    if len(description) < DESCRIPTION_MIN:
        errors["description"] = _("Jelaskan masalahnya, minimal %(min)d karakter.") % {
            "min": DESCRIPTION_MIN
        }
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = _("Uraian terlalu panjang (maksimal %(max)d karakter).") % {
            "max": DESCRIPTION_MAX
        }
    for field, value, limit in (
        ("address", new.address, ADDRESS_MAX),
        ("reporter_name", new.reporter_name, NAME_MAX),
        ("reporter_contact", new.reporter_contact, CONTACT_MAX),
    ):
        if len((value or "").strip()) > limit:
            errors[field] = _("Terlalu panjang (maksimal %(max)d karakter).") % {"max": limit}
    if new.priority is not None and new.priority not in Priority.values:
        errors["priority"] = _("Prioritas tidak dikenal.")

    area: Area | None = None
    if new.area:
        area = _areas().filter(code=new.area).first()
        if area is None:
            errors["area"] = _("Wilayah tidak dikenal.")
    has_point = new.latitude is not None and new.longitude is not None
    if (new.latitude is None) != (new.longitude is None):
        errors["latitude"] = _("Lintang dan bujur harus diisi keduanya.")
    elif has_point:
        assert new.latitude is not None and new.longitude is not None
        if not (-90 <= new.latitude <= 90 and -180 <= new.longitude <= 180):
            errors["latitude"] = _("Koordinat tidak valid.")
        elif not _inside_city(new.latitude, new.longitude):
            errors["latitude"] = _("Lokasi berada di luar wilayah kota.")
        else:
            located = lookup.locate_area_id(new.latitude, new.longitude)
            if located is not None:
                area = _areas().get(pk=located)
    else:
        address, area_code = (new.address or "").strip(), (new.area or "").strip()
        enough = (address or area_code) if new.address_or_area else (address and area_code)
        if not enough:
            errors.setdefault(
                "location",
                _("Tandai lokasi di peta, atau isi alamat atau pilih wilayahnya.")
                if new.address_or_area
                else _("Tandai lokasi di peta, atau isi alamat dan pilih wilayahnya."),
            )
    if errors:
        raise Invalid(_("Laporan belum bisa dikirim. Periksa isian yang ditandai."), errors)
    assert category is not None
    return category, area


def _areas() -> QuerySet[Area]:
    """Areas with their parents, without the polygons (the spatial index has those)."""
    return Area.objects.select_related("parent").defer("geometry", "parent__geometry")


def _inside_city(latitude: float, longitude: float) -> bool:
    index = lookup.get_index()
    if len(index):
        return lookup.inside_city(latitude, longitude)
    city = City.current()
    if city is None:
        return True
    return distance_m(latitude, longitude, city.latitude, city.longitude) <= FALLBACK_CITY_RADIUS_M


def create_report(
    new: NewReport,
    *,
    channel: str,
    photos: Sequence[CleanImage] = (),
    actor: User | None = None,
    source: str = "web",
) -> Report:
    """Check and store a new report with its photos; the console hears of it after commit."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    category, area = check_new_report(new)
    agency = suggest_agency(category, area)
    priority = new.priority if (new.priority and actor is not None) else category.default_priority
    written: list[str] = []
    try:
        with transaction.atomic():
            report = Report(
                channel=channel,
                category=category,
                description=new.description.strip(),
                address=(new.address or "").strip(),
                latitude=round(new.latitude, 6) if new.latitude is not None else None,
                longitude=round(new.longitude, 6) if new.longitude is not None else None,
                area=area,
                priority=priority,
                suggested_agency=agency,
                reporter_name=(new.reporter_name or "").strip(),
                reporter_contact=(new.reporter_contact or "").strip(),
                is_anonymous=new.anonymous,
                is_confidential=new.confidential,
                created_by=actor,
            )
            _save_with_unique_ticket(report)
            Transition.objects.create(
                report=report,
                action="create",
                from_status="",
                to_status=S.SUBMITTED,
                actor=actor,
                created_at=report.created_at,
            )
            update = Update.objects.create(
                report=report,
                kind=UpdateKind.STATUS,
                status=S.SUBMITTED,
                is_public=True,
                author=actor,
                created_at=report.created_at,
            )
            attach_photos(report, update, photos, actor=actor, public=True, written=written)
            record(
                actor=actor,
                action="report.create",
                obj=report,
                after=report.snapshot() | {"channel": channel, "photos": len(photos)},
                source=source,
            )
            data = event_data(report, "create")
            hooks.report_created(
                hooks.ReportEvent(
                    report=report,
                    actor=actor,
                    action="create",
                    at=report.created_at,
                    source=source,
                    data=data,
                )
            )
            # A new report belongs to the command center until it is disposed.
            publish_on_commit("report.created", data, [])
    except BaseException:
        remove_files(written)
        raise
    return report


def _save_with_unique_ticket(report: Report) -> None:
    for _attempt in range(5):
        report.ticket = new_ticket()
        if not Report.objects.filter(ticket=report.ticket).exists():
            report.save()
            return
    raise RuntimeError("could not find a free ticket code")  # 30^8 codes: practically never
