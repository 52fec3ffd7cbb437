"""SLA clocks: start, stop, pause with the report; at risk, breach and escalation in the worker."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from kendali.audit.models import AuditEntry
from kendali.notify.models import Notification
from kendali.reports import actions
from kendali.reports.models import Update
from kendali.sla import monitor
from kendali.sla.models import Clock, ClockEscalation

WIB = ZoneInfo("Asia/Jakarta")
WEDNESDAY_10 = datetime(2026, 8, 12, 10, tzinfo=WIB)


def clock(report, kind):
    return Clock.objects.get(report=report, kind=kind)


def test_a_new_report_starts_its_verify_clock_in_working_time(world, procedures, make_report):
    with time_machine.travel(WEDNESDAY_10, tick=False):
        report = make_report()
    verify = clock(report, "verify")
    # 3 working days of 8 hours from Wednesday 10:00: Thu, Fri, (weekend, 17 Aug holiday) Tue.
    assert verify.due_at == datetime(2026, 8, 18, 10, tzinfo=WIB)
    assert verify.at_risk_at < verify.due_at
    assert verify.state(WEDNESDAY_10) == "running"


def test_verification_stops_one_clock_and_starts_the_next(world, procedures, make_report, operator):
    with time_machine.travel(WEDNESDAY_10, tick=False):
        report = make_report()
    with time_machine.travel(WEDNESDAY_10 + timedelta(hours=2), tick=False):
        actions.verify_report(report, operator)
    verify = clock(report, "verify")
    assert verify.outcome == "met" and verify.state() == "met"
    assert clock(report, "dispose").stopped_at is None
    assert clock(report, "resolve").stopped_at is None


def test_a_report_on_hold_pauses_its_clocks(world, procedures, make_report, operator):
    with time_machine.travel(WEDNESDAY_10, tick=False):
        report = make_report()
    due_before = clock(report, "verify").due_at
    with time_machine.travel(WEDNESDAY_10 + timedelta(hours=1), tick=False):
        actions.hold_report(report, operator, reason="Mohon foto.")
    assert clock(report, "verify").state() == "paused"
    # Waiting a whole working day for the citizen does not count.
    with time_machine.travel(WEDNESDAY_10 + timedelta(days=1, hours=1), tick=False):
        actions.resume_report(report, operator)
    after = clock(report, "verify")
    assert after.paused_at is None and after.paused_minutes == 8 * 60
    assert after.due_at == datetime(2026, 8, 19, 10, tzinfo=WIB)
    assert after.due_at > due_before


def test_paused_clocks_never_breach(world, procedures, make_report, operator):
    with time_machine.travel(WEDNESDAY_10, tick=False):
        report = make_report()
        actions.hold_report(report, operator, reason="Mohon foto.")
    assert monitor.tick(WEDNESDAY_10 + timedelta(days=30))["breached"] == 0


def test_at_risk_then_breach_then_each_escalation_level_once(
    world, procedures, make_report, supervisor, executive
):
    with time_machine.travel(WEDNESDAY_10, tick=False):
        report = make_report()
    verify = clock(report, "verify")
    assert monitor.tick(verify.at_risk_at - timedelta(minutes=1)) == {
        "at_risk": 0,
        "breached": 0,
        "escalated": 0,
    }
    assert monitor.tick(verify.at_risk_at)["at_risk"] == 1
    assert monitor.tick(verify.at_risk_at + timedelta(minutes=1))["at_risk"] == 0
    assert clock(report, "verify").state(verify.at_risk_at) == "at_risk"

    assert monitor.tick(verify.due_at)["breached"] == 1
    assert monitor.tick(verify.due_at + timedelta(minutes=1))["breached"] == 0
    assert clock(report, "verify").state(verify.due_at) == "breached"
    assert (
        Update.objects.filter(report=report, kind="system", body__contains="terlewati").count() == 1
    )
    assert AuditEntry.objects.filter(action="sla.breached").count() == 1

    # Level 1 (60 minutes after the breach) reaches the shift supervisor, once.
    assert monitor.tick(verify.due_at + timedelta(minutes=59))["escalated"] == 0
    assert monitor.tick(verify.due_at + timedelta(minutes=60))["escalated"] == 1
    assert monitor.tick(verify.due_at + timedelta(minutes=61))["escalated"] == 0
    assert Notification.objects.filter(user=supervisor, kind="escalation").count() == 1
    # Level 2 (240 minutes) reaches the executive; then the ladder is done.
    assert monitor.tick(verify.due_at + timedelta(minutes=240))["escalated"] == 1
    assert Notification.objects.filter(user=executive, kind="escalation").count() == 1
    assert monitor.tick(verify.due_at + timedelta(days=10))["escalated"] == 0
    assert list(ClockEscalation.objects.values_list("level", flat=True).order_by("level")) == [1, 2]
    assert AuditEntry.objects.filter(action="sla.escalated").count() == 2


def test_a_level_never_fires_twice_even_when_asked_twice(world, procedures, make_report):
    with time_machine.travel(WEDNESDAY_10, tick=False):
        report = make_report()
    verify = clock(report, "verify")
    monitor.tick(verify.due_at)
    stale = clock(report, "verify")
    later = verify.due_at + timedelta(minutes=60)
    assert monitor.fire_next_level(stale, later) == 1
    # A second worker holding the same stale row cannot fire level 1 again.
    assert monitor.fire_next_level(stale, later) == 0
    assert ClockEscalation.objects.count() == 1


def test_a_met_clock_is_not_late(world, procedures, make_report, operator):
    with time_machine.travel(WEDNESDAY_10, tick=False):
        report = make_report()
    monitor.tick(WEDNESDAY_10 + timedelta(hours=1))
    with time_machine.travel(WEDNESDAY_10 + timedelta(hours=3), tick=False):
        actions.verify_report(report, operator)
    monitor.tick(WEDNESDAY_10 + timedelta(days=30))
    verify = clock(report, "verify")
    assert verify.outcome == "met" and verify.breached_at is None
    # The clocks started by verification are the ones that ran late.
    assert clock(report, "dispose").breached_at is not None


def test_an_urgent_report_runs_on_the_24_7_calendar_in_minutes(
    world, procedures, make_report, operator
):
    saturday_night = datetime(2026, 8, 15, 23, 50, tzinfo=WIB)
    with time_machine.travel(saturday_night, tick=False):
        report = make_report()
        actions.change_priority(report, operator, priority="urgent")
    assert clock(report, "verify").due_at == saturday_night + timedelta(minutes=15)


def test_the_agency_s_first_update_stops_its_response_clock(
    world, procedures, disposed_report, officer_a
):
    assert clock(disposed_report, "first_response").stopped_at is None
    actions.add_update(disposed_report, officer_a, body="Tim dijadwalkan besok.", is_public=True)
    assert clock(disposed_report, "first_response").outcome == "met"


def test_rejecting_cancels_the_clocks(world, procedures, make_report, operator):
    report = make_report()
    actions.reject_report(report, operator, reason="Di luar kota.")
    assert clock(report, "verify").state() == "cancelled"


def test_the_tracking_page_shows_the_promised_date(
    world, procedures, make_report, operator, citizen
):
    with time_machine.travel(WEDNESDAY_10, tick=False):
        report = make_report()
        actions.verify_report(report, operator)
    data = citizen.get(f"/api/v1/reports/{report.ticket}").json()
    # 14 working days from Wednesday 12 Aug 10:00 WIB (17 Aug is a holiday): Wednesday 2 Sep.
    assert data["expected_resolution"] == "2026-09-02T03:00:00Z"
    page = citizen.get(f"/lacak/{report.ticket}/").content.decode()
    assert "Perkiraan selesai" in page and "2026" in page


def test_a_city_without_policies_has_no_clocks(world, make_report):
    report = make_report()
    assert not Clock.objects.filter(report=report).exists()
