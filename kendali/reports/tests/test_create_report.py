import pytest

from conftest import INSIDE_WEST, OUTSIDE, jpeg_bytes, new_report
from kendali.audit.models import AuditEntry
from kendali.lib.errors import Invalid
from kendali.lib.images import CleanImage
from kendali.reports import actions, intake
from kendali.reports.models import Attachment, Report, Transition, Update


def test_a_report_is_stored_with_area_ticket_transition_update_and_audit(world):
    report = actions.create_report(new_report(world), channel="web")
    assert report.status == "submitted"
    assert report.area == world.west_north
    assert report.priority == "normal"
    assert Transition.objects.filter(report=report, to_status="submitted").count() == 1
    assert Update.objects.filter(report=report, is_public=True).count() == 1
    entry = AuditEntry.objects.get(action="report.create")
    assert entry.object_repr == report.ticket
    assert "rahasia.pelapor" not in str(entry.after)


def test_a_category_priority_is_the_default(world):
    report = actions.create_report(new_report(world, category="banjir"), channel="web")
    assert report.priority == "high"


def test_an_address_with_an_area_is_enough_without_coordinates(world):
    report = actions.create_report(
        new_report(world, latitude=None, longitude=None, area="timur", address="Gang Mawar 3"),
        channel="web",
    )
    assert report.area == world.east and report.latitude is None


def test_photos_are_stored_with_the_first_update(world):
    photo = CleanImage(jpeg_bytes(), 64, 48)
    report = actions.create_report(new_report(world), channel="web", photos=[photo, photo])
    assert Attachment.objects.filter(report=report, update__isnull=False).count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": ""}, "category"),
        ({"category": "tidak-ada"}, "category"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 10_000}, "description"),
        ({"latitude": OUTSIDE[0], "longitude": OUTSIDE[1]}, "latitude"),
        ({"latitude": INSIDE_WEST[0], "longitude": None}, "latitude"),
        ({"latitude": None, "longitude": None, "address": "", "area": None}, "location"),
        ({"latitude": None, "longitude": None, "address": "Jl. A", "area": "nowhere"}, "area"),
        ({"reporter_contact": "9" * 500}, "reporter_contact"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_stored(world, overrides, field):
    with pytest.raises(Invalid) as caught:
        actions.create_report(new_report(world, **overrides), channel="web")
    assert field in caught.value.errors
    assert Report.objects.count() == 0
    assert AuditEntry.objects.filter(action="report.create").count() == 0


def test_an_inactive_category_is_refused(world):
    world.road.is_active = False
    world.road.save()
    with pytest.raises(Invalid) as caught:
        actions.create_report(new_report(world), channel="web")
    assert "category" in caught.value.errors


def test_html_is_kept_as_text(world):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> jalan rusak parah'
    report = actions.create_report(new_report(world, description=hostile), channel="web")
    report.refresh_from_db()
    assert report.description == hostile


def test_a_city_without_areas_accepts_points_near_its_centre_only(db):
    from kendali.cities.models import City
    from kendali.reports.models import Category

    City.objects.create(
        name="Kota", slug="k", latitude=-6.9, longitude=107.6, command_center_name="CC"
    )
    Category.objects.create(code="c", name_ind="C", name_en="C")
    near = actions.NewReport(
        category="c", description="Ada masalah di sini.", latitude=-6.91, longitude=107.61
    )
    assert actions.create_report(near, channel="api").area is None
    far = actions.NewReport(
        category="c", description="Ada masalah di sini.", latitude=-6.2, longitude=106.8
    )
    with pytest.raises(Invalid):
        actions.create_report(far, channel="api")


def test_a_failed_transaction_leaves_no_photo_file_behind(world, settings, monkeypatch):
    photo = CleanImage(jpeg_bytes(), 64, 48)

    def explode(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(intake, "record", explode)
    with pytest.raises(RuntimeError):
        actions.create_report(new_report(world), channel="web", photos=[photo])
    media = settings.MEDIA_ROOT
    files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    assert files == []
    assert Report.objects.count() == 0
