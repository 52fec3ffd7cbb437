"""A firing rule's report gets its SOP, and a rule with a warning level drafts a public warning
that only a supervisor publishes. Neither may cost the readings that fired the rule."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kendali.lib.errors import Invalid
from kendali.notify.models import Notification
from kendali.reports.models import Report, Update
from kendali.sops.models import SOPRun
from kendali.telemetry import actions
from kendali.telemetry.ingest import RawReading, ingest_readings
from kendali.telemetry.models import Reading, Rule, RuleState
from kendali.warnings import actions as warning_actions
from kendali.warnings.access import active_warnings
from kendali.warnings.models import PublicWarning


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def feed(clock, sensor, *values):
    for value in values:
        ingest_readings([RawReading(sensor.code, timezone.now().isoformat(), value)])
        clock.shift(timedelta(seconds=30))


@pytest.fixture
def flood_sop(world, operator, supervisor):
    from kendali.sops import actions as sop_actions
    from kendali.sops.actions import StepSpec

    sop = sop_actions.create_sop(
        operator, code="sop-banjir", title="Banjir", category_codes=["banjir"]
    )
    version = sop.versions.get()
    sop_actions.save_steps(
        version,
        operator,
        [
            StepSpec("Cek CCTV lokasi", owner_role="operator", time_limit_minutes=15),
            StepSpec("Kirim tim", owner_role="agency_officer", time_limit_minutes=60),
        ],
    )
    sop_actions.submit_for_review(version, operator)
    sop_actions.approve(version, supervisor)
    sop_actions.publish(version, supervisor)
    return version


@pytest.fixture
def warning_rule(river):
    rule = Rule.objects.get(sensor=river)
    rule.warning_level = 2  # Siaga 3, the level that also opens the report
    rule.save(update_fields=["warning_level"])
    return rule


def test_the_report_a_rule_opens_is_verified_and_runs_its_sop(clock, world, river, flood_sop):
    feed(clock, river, 120, 160)
    report = Report.objects.get()
    assert report.status == "verified"
    assert Update.objects.filter(report=report, body__startswith="Diverifikasi otomatis").exists()
    run = SOPRun.objects.get(report=report)
    assert run.version == flood_sop
    assert [s.state for s in run.steps.order_by("order")][:1] == ["open"]
    assert run.steps.order_by("order").first().due_at is not None


def test_a_rule_drafts_a_warning_refreshes_it_and_never_publishes_it(
    clock, world, river, warning_rule, supervisor, client
):
    feed(clock, river, 120)  # Siaga 4: below the warning level
    assert not PublicWarning.objects.exists()

    feed(clock, river, 160)  # Siaga 3: a draft for the sensor's kecamatan
    warning = PublicWarning.objects.get()
    assert warning.state == "draft" and warning.author.username == actions.SYSTEM_USERNAME
    assert [a.area for a in warning.areas.all()] == [world.west]
    assert (warning.severity, warning.urgency, warning.event_en) == (
        "Moderate",
        "Expected",
        "Flood",
    )
    assert warning.headline_ind.startswith("Siaga 3: Banjir")
    assert "160 cm" in warning.description_ind
    assert list(active_warnings()) == []
    told = Notification.objects.get(user=supervisor)
    assert told.url.endswith(f"/{warning.pk}/") and "Siaga 3" in told.title
    report = Report.objects.get()
    assert Update.objects.filter(report=report, body__contains=told.url, is_public=False).exists()
    assert warning.report == report  # staff see where the draft came from

    feed(clock, river, 260)  # Siaga 1, the most serious: the same draft, rewritten
    warning = PublicWarning.objects.get()
    assert (warning.severity, warning.urgency) == ("Severe", "Immediate")
    assert warning.headline_ind.startswith("Siaga 1")
    assert list(active_warnings()) == []

    client.force_login(supervisor)
    page = client.get(f"/console/peringatan/{warning.pk}/").content.decode()
    assert f"/console/laporan/{report.ticket}/" in page

    published = warning_actions.publish_warning(warning, supervisor, site_url="http://testserver")
    assert list(active_warnings()) == [published]
    assert report.ticket not in published.cap_xml  # never on public documents
    feed(clock, river, 100, 50)  # cleared
    feed(clock, river, 160)  # rises again while the warning is in force: no second draft
    assert PublicWarning.objects.count() == 1
    assert Notification.objects.filter(
        user=supervisor, title__contains="pertimbangkan pembaruan"
    ).exists()


def test_a_warning_that_cannot_be_drafted_costs_no_reading(
    clock, world, river, warning_rule, monkeypatch
):
    def refuse(*_args, **_kwargs):
        raise Invalid("tidak bisa")

    monkeypatch.setattr(warning_actions, "draft_warning", refuse)
    feed(clock, river, 120, 160, 210)
    assert Reading.objects.filter(sensor=river).count() == 3
    assert Report.objects.count() == 1
    assert not PublicWarning.objects.exists()
    assert RuleState.objects.get(rule=warning_rule).level == 3


def test_a_sensor_outside_any_kecamatan_opens_its_report_without_a_warning(
    clock, world, river, warning_rule
):
    river.area = None
    river.save(update_fields=["area"])
    feed(clock, river, 160)
    assert Report.objects.count() == 1 and not PublicWarning.objects.exists()


def test_the_warning_level_must_be_one_of_the_rules_levels(river, warning_rule):
    from django.core.exceptions import ValidationError

    warning_rule.warning_level = 9
    with pytest.raises(ValidationError):
        warning_rule.clean()
