"""Rules fire, rise, fall and clear as readings arrive, open one report (channel sensor) and
update it instead of opening another, and never rescan history. Time moves with time-machine."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from kendali.reports.models import Report, Update
from kendali.telemetry import actions
from kendali.telemetry.ingest import RawReading, ingest_readings
from kendali.telemetry.models import Rule, RuleEvent, RuleState, Sensor


def feed(sensor, *values, step=timedelta(seconds=30)):
    """Send values one by one, each `step` later than the one before, at the current time."""
    results = []
    for value in values:
        now = timezone.now()
        results.append(ingest_readings([RawReading(sensor.code, now.isoformat(), value)]))
        time_machine_step(step)
    return results


_traveller = {}


def time_machine_step(step):
    _traveller["t"].shift(step)


def start_clock(moment=None):
    traveller = time_machine.travel(moment or timezone.now(), tick=False)
    _traveller["t"] = traveller.start()
    return traveller


def test_a_rising_river_opens_one_flood_report_and_updates_it(world, river):
    traveller = start_clock()
    try:
        feed(river, 80, 120, 140)  # Siaga 4: below the report level
        assert Report.objects.count() == 0
        river.refresh_from_db()
        assert (river.level, river.level_name, river.color) == (1, "Siaga 4", "yellow")

        feed(river, 160)  # Siaga 3: the report opens, verified by the system (a city sensor)
        report = Report.objects.get()
        assert (report.channel, report.category, report.status) == (
            "sensor",
            world.flood,
            "verified",
        )
        assert report.area == world.west_north and report.priority == "high"
        assert "TMA Cikapundung Hulu" in report.description
        assert report.created_by.username == actions.SYSTEM_USERNAME

        feed(river, 210, 260)  # Siaga 2, then Siaga 1: the same report is updated
        assert Report.objects.count() == 1
        notes = list(
            Update.objects.filter(report=report, kind="note").values_list("body", flat=True)
        )
        assert len(notes) == 3  # the verification's note, then one per level change
        assert notes[0].startswith("Diverifikasi otomatis") and "Siaga 1" in notes[-1]
        river.refresh_from_db()
        assert (river.level, river.color) == (4, "red")
        state = RuleState.objects.get(rule__sensor=river)
        assert state.report == report
    finally:
        traveller.stop()


def test_clearing_uses_hysteresis_and_adds_an_update(world, river):
    traveller = start_clock()
    try:
        feed(river, 160)
        report = Report.objects.get()
        feed(river, 145)  # under Siaga 3 (150) but not by the 10 cm hysteresis: holds
        assert RuleState.objects.get().level == 2
        feed(river, 139)  # clearly under: back to Siaga 4, below the report level
        state = RuleState.objects.get()
        assert state.level == 1
        assert "Kembali di bawah ambang" in Update.objects.filter(report=report).last().body
        feed(river, 50)
        assert RuleState.objects.get().level == 0
        kinds = list(RuleEvent.objects.order_by("id").values_list("kind", "to_level"))
        assert kinds == [("raised", 2), ("lowered", 1), ("cleared", 0)]
    finally:
        traveller.stop()


def test_firing_again_updates_the_open_report_and_a_closed_one_gets_a_new_report(
    world, river, operator
):
    traveller = start_clock()
    try:
        feed(river, 170, 40, 175)
        assert Report.objects.count() == 1
        report = Report.objects.get()
        assert "kembali terpicu" in Update.objects.filter(report=report).last().body
        from kendali.reports.actions import reject_report

        reject_report(report, operator, reason="Sudah ditangani lewat laporan lain.")
        feed(river, 40, 180)
        assert Report.objects.count() == 2
    finally:
        traveller.stop()


def test_duration_waits_before_raising(world, river):
    Rule.objects.filter(sensor=river).update(duration_seconds=300)
    traveller = start_clock()
    try:
        feed(river, 260, 260, 260, step=timedelta(minutes=1))  # held 2 minutes so far
        assert RuleState.objects.get().level == 0
        feed(river, 90, step=timedelta(minutes=1))  # dropped: the wait starts over
        feed(river, 260, 260, 260, 260, 260, 260, step=timedelta(minutes=1))
        assert RuleState.objects.get().level == 4
        assert Report.objects.count() == 1
    finally:
        traveller.stop()


def test_repeated_and_late_readings_do_not_fire_twice(world, river):
    traveller = start_clock()
    try:
        now = timezone.now()
        reading = RawReading(river.code, now.isoformat(), 230)
        ingest_readings([reading])
        again = ingest_readings([reading])
        assert (again.stored, again.ignored) == (0, 1)
        # A late reading below the thresholds does not move the rule back in time.
        late = ingest_readings(
            [RawReading(river.code, (now - timedelta(minutes=5)).isoformat(), 20)]
        )
        assert late.stored == 1
        assert RuleState.objects.get().level == 3
        assert RuleEvent.objects.count() == 1 and Report.objects.count() == 1
    finally:
        traveller.stop()


def test_a_rate_rule_fires_on_a_fast_rise(world, river):
    Rule.objects.filter(sensor=river).update(is_active=False)
    rule = Rule.objects.create(
        sensor=river,
        name="Naik cepat",
        kind="rate",
        rate_window_seconds=600,
        levels=[{"name": "Naik cepat", "value": 50}],
        category=world.flood,
        report_level=1,
    )
    traveller = start_clock()
    try:
        feed(river, 60, 70, 80, step=timedelta(minutes=5))
        assert RuleState.objects.get(rule=rule).level == 0
        feed(river, 135, step=timedelta(minutes=5))  # +55 cm in 10 minutes
        assert RuleState.objects.get(rule=rule).level == 1
        assert Report.objects.get().channel == "sensor"
    finally:
        traveller.stop()


def test_no_data_rule_fires_from_the_worker_and_clears_on_data(world, river):
    from kendali.telemetry import jobs

    rule = Rule.objects.create(
        sensor=river,
        name="Sensor diam",
        kind="no_data",
        no_data_minutes=20,
        levels=[{"name": "Tidak ada data", "value": 0}],
        category=world.flood,
        report_level=1,
    )
    traveller = start_clock()
    try:
        feed(river, 40)
        time_machine_step(timedelta(minutes=10))
        jobs.check_silence()
        assert not RuleState.objects.filter(rule=rule, level=1).exists()
        time_machine_step(timedelta(minutes=15))
        jobs.check_silence()
        jobs.check_silence()  # a second worker run (or a second worker) changes nothing
        assert RuleState.objects.get(rule=rule).level == 1
        assert Sensor.objects.get(pk=river.pk).status == "offline"
        assert river.alerts.filter(closed_at=None).count() == 1
        assert Report.objects.count() == 1
        feed(river, 41)
        assert RuleState.objects.get(rule=rule).level == 0
        assert Sensor.objects.get(pk=river.pk).status == "online"
        assert river.alerts.filter(closed_at=None).count() == 0
    finally:
        traveller.stop()


def test_a_rule_without_a_category_changes_level_but_opens_no_report(world, river):
    Rule.objects.filter(sensor=river).update(category=None)
    traveller = start_clock()
    try:
        feed(river, 300)
        assert RuleState.objects.get().level == 4
        assert Report.objects.count() == 0
    finally:
        traveller.stop()


def test_a_below_threshold_rule(world, rain):
    rule = Rule.objects.create(
        sensor=rain,
        name="Terlalu rendah",
        direction="below",
        levels=[{"name": "Rendah", "value": 5}, {"name": "Sangat rendah", "value": 1}],
    )
    traveller = start_clock()
    try:
        feed(rain, 10, 4, 0.5)
        assert RuleState.objects.get(rule=rule).level == 2
    finally:
        traveller.stop()


def test_the_seam_for_procedures_and_warnings_is_called_when_a_rule_fires(
    world, river, monkeypatch
):
    fired = []
    monkeypatch.setattr(actions, "draft_warning", fired.append)
    traveller = start_clock()
    try:
        feed(river, 120, 160, 210, 100)
        assert [(f.level, f.level_name, f.report is not None) for f in fired] == [
            (2, "Siaga 3", True),
            (3, "Siaga 2", True),
        ]
    finally:
        traveller.stop()


def test_rule_levels_are_checked_before_saving(world, river):
    import pytest
    from django.core.exceptions import ValidationError

    rule = Rule(
        sensor=river,
        name="Salah",
        levels=[{"name": "Siaga 3", "value": 150}, {"name": "Siaga 4", "value": 100}],
    )
    with pytest.raises(ValidationError, match="Urutkan"):
        rule.clean()
    rule.levels = "bukan daftar"
    with pytest.raises(ValidationError):
        rule.clean()
    rule.levels = [{"name": "Rendah", "value": 5}, {"name": "Sangat rendah", "value": 1}]
    rule.direction = "below"
    rule.clean()


def test_the_report_page_links_back_to_the_sensor(client, world, river, operator):
    traveller = start_clock()
    try:
        feed(river, 170)
    finally:
        traveller.stop()
    report = Report.objects.get()
    client.force_login(operator)
    panel = client.get(f"/console/telemetri/laporan/{report.ticket}/armada/").content.decode()
    assert f"/console/telemetri/sensor/{river.code}/" in panel
