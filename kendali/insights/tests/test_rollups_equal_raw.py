"""Every KPI computed from the daily rollups equals the same KPI computed from the reports.

Hypothesis plays random report lives through the real lifecycle actions (verify, hold, reject,
duplicate, dispose, return, start, resolve, reopen, close, notes) at random moments, lets the
worker keep the rollups incrementally, and then compares every measure for random scopes and
periods with the raw computation. The reference (`raw_totals`) reads the reports; the rollups
never do after the actions ran.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kendali.insights.board import Board
from kendali.insights.choices import Period
from kendali.insights.kpis import Scope, area_and_children, raw_totals, span_of
from kendali.insights.measures import MEASURES
from kendali.insights.models import (
    DailyRollup,
    DurationRollup,
    Kpi,
    MonthDuration,
    MonthRollup,
    RollupDay,
    RollupDirty,
)
from kendali.insights.rollups import rebuild, refresh
from kendali.lib.errors import ActionError
from kendali.reports import actions
from kendali.reports.models import Report

WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 8, 3, 9, tzinfo=WIB)  # a Monday

STEPS = ["verify", "hold", "resume", "reject", "duplicate", "dispose", "return", "start",
         "resolve", "reopen", "close", "note", "wait"]  # fmt: skip

HAPPY = ["verify", "dispose", "note", "start", "resolve", "close"]


@st.composite
def life(draw: st.DrawFn) -> list[tuple[str, int]]:
    """Mostly the usual path cut at a random point, with random detours mixed in."""
    steps = HAPPY[: draw(st.integers(0, len(HAPPY)))]
    for _ in range(draw(st.integers(0, 3))):
        steps.insert(draw(st.integers(0, len(steps))), draw(st.sampled_from(STEPS)))
    return [(step, draw(st.integers(1, 60 * 24 * 9))) for step in steps]


reports = st.lists(
    st.tuples(
        st.integers(0, 60 * 24 * 40),  # minutes after START it is filed
        st.sampled_from(["road", "rubbish", "flood"]),
        st.sampled_from(["west", "east"]),
        st.sampled_from(["web", "phone"]),
        life(),
    ),
    min_size=1,
    max_size=7,
)
scopes = st.fixed_dictionaries(
    {
        "agency": st.sampled_from([None, "a", "b"]),
        "category": st.sampled_from([None, "road", "rubbish"]),
        "area": st.sampled_from([None, "west", "west_north"]),
        "channel": st.sampled_from(["", "web", "phone"]),
        "period": st.sampled_from(list(Period.values)),
        "offset": st.integers(0, 60),
    }
)


def _play(world, people, plan, kind, area, channel, steps, filed_at):
    operator, officer_a, officer_b = people
    category = {"road": world.road, "rubbish": world.rubbish, "flood": world.flood}[kind]
    point = {"west": (-6.93, 107.55), "east": (-6.93, 107.65)}[area]
    with time_machine.travel(filed_at, tick=False):
        report = actions.create_report(
            actions.NewReport(
                category=category.code,
                description="Laporan uji untuk rollup kinerja layanan kota.",
                latitude=point[0],
                longitude=point[1],
                reporter_name="Uji",
                reporter_contact="uji@example.org",
            ),
            channel=channel,
        )
    at = filed_at
    for step, minutes in steps:
        at += timedelta(minutes=minutes)
        with time_machine.travel(at, tick=False):
            report.refresh_from_db()
            officer = officer_a if report.agency_id == world.agency_a.pk else officer_b
            try:
                if step == "verify":
                    actions.verify_report(report, operator)
                elif step == "hold":
                    actions.hold_report(report, operator, reason="Mohon foto.")
                elif step == "resume":
                    actions.resume_report(report, operator)
                elif step == "reject":
                    actions.reject_report(report, operator, reason="Bukan wilayah kota.")
                elif step == "duplicate":
                    other = Report.objects.exclude(pk=report.pk).order_by("id").first()
                    if other is not None:
                        actions.mark_duplicate(report, operator, primary_ticket=other.ticket)
                elif step == "dispose":
                    agency = world.agency_a if kind != "rubbish" else world.agency_b
                    actions.dispose_report(report, operator, agency=agency)
                elif step == "return":
                    actions.return_report(report, officer, reason="Bukan kewenangan kami.")
                elif step == "start":
                    actions.start_work(report, officer)
                elif step == "resolve":
                    actions.resolve_report(report, officer, note="Sudah ditangani.")
                elif step == "reopen":
                    actions.reopen_report(report, operator, reason="Belum beres.")
                elif step == "close":
                    actions.close_report(report, operator)
                elif step == "note":
                    actions.add_update(report, officer, body="Tim sudah survei.", is_public=True)
            except ActionError:
                pass  # a step the report's state does not allow: the life goes on
        # Now and then the worker catches up in the middle of the history.
        if minutes % 3 == 0:
            with time_machine.travel(at, tick=False):
                refresh()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=reports, asks=st.lists(scopes, min_size=3, max_size=6))
def test_every_kpi_from_rollups_equals_the_raw_computation(
    world, procedures, operator, officer_a, officer_b, plan, asks
):
    for old in Report.objects.order_by("-id"):  # duplicates point at older reports
        old.delete()
    for model in (DailyRollup, DurationRollup, MonthRollup, MonthDuration, RollupDay, RollupDirty):
        model.objects.all().delete()
    people = (operator, officer_a, officer_b)
    for offset, kind, area, channel, steps in plan:
        _play(world, people, plan, kind, area, channel, steps, START + timedelta(minutes=offset))
    now = START + timedelta(days=70)
    with time_machine.travel(now, tick=False):
        refresh()
        # Always also the city as a whole for whole months, quarters and years (the month sums)
        # and for a week (the daily rows), besides the random asks.
        fixed = [
            {"agency": None, "category": None, "area": None, "channel": "", "period": period,
             "offset": offset}
            for period in ("month", "quarter", "year", "week")
            for offset in (0, 30)
        ]  # fmt: skip
        for ask in [*fixed, *asks]:
            scope = Scope(
                agency_id={"a": world.agency_a.pk, "b": world.agency_b.pk}.get(ask["agency"] or ""),
                category_id={"road": world.road.pk, "rubbish": world.rubbish.pk}.get(
                    ask["category"] or ""
                ),
                area_ids=area_and_children(getattr(world, ask["area"]).pk) if ask["area"] else None,
                channel=ask["channel"],
            )
            span = span_of(ask["period"], START.date() + timedelta(days=ask["offset"]))
            for code, spec in MEASURES.items():
                kpi = Kpi(code=code, measure=code, target=0, green=0, yellow=0, min_count=0)
                from_rollups = Board([kpi], span, scope).result(kpi)
                raw = raw_totals(scope, None if spec.as_of_now else span, now)
                expected = spec.compute(raw, date.today())
                assert (from_rollups.value, from_rollups.numerator, from_rollups.denominator) == (
                    expected.value,
                    expected.numerator,
                    expected.denominator,
                ), (code, ask)


def test_a_rebuild_gives_the_same_rollups_as_the_incremental_path(
    world, procedures, make_report, operator
):
    with time_machine.travel(START, tick=False):
        first = make_report()
        second = make_report(category=world.rubbish.code)
    with time_machine.travel(START + timedelta(hours=3), tick=False):
        actions.verify_report(first, operator)
        actions.dispose_report(first, operator, agency=world.agency_a)
        refresh()
    with time_machine.travel(START + timedelta(days=5), tick=False):
        actions.reject_report(second, operator, reason="Bukan wilayah kota.")
        refresh()
        incremental = sorted(
            DailyRollup.objects.values_list(
                "day",
                "agency_id",
                "category_id",
                "created",
                "verify_due",
                "verify_on_time",
                "dispositioned",
            ),
            key=str,
        )
        assert RollupDirty.objects.count() == 0
        result = rebuild()
        assert result == {"days": 1, "reports": 2}
        rebuilt = sorted(
            DailyRollup.objects.values_list(
                "day",
                "agency_id",
                "category_id",
                "created",
                "verify_due",
                "verify_on_time",
                "dispositioned",
            ),
            key=str,
        )
    assert incremental == rebuilt
    assert sum(row[3] for row in rebuilt) == 2


def test_a_deadline_passing_changes_the_rollups_without_any_action(world, procedures, make_report):
    with time_machine.travel(START, tick=False):
        make_report()
        refresh()
    row = DailyRollup.objects.get()
    assert (row.verify_due, row.verify_on_time) == (0, 0)
    marker = RollupDay.objects.get()
    assert marker.refresh_at is not None
    # Three working days later the verification window has passed with nobody acting.
    with time_machine.travel(marker.refresh_at + timedelta(minutes=1), tick=False):
        assert refresh()["days"] == 1
    row = DailyRollup.objects.get()
    assert (row.verify_due, row.verify_on_time) == (1, 0)


def test_the_rollup_columns_are_the_counters():
    from kendali.insights.facts import Facts
    from kendali.insights.measures import COUNTERS
    from kendali.insights.models import DailyRollup, MonthRollup

    for model in (DailyRollup, MonthRollup):
        columns = [f.name for f in model._meta.get_fields() if f.name in COUNTERS]
        assert sorted(columns) == sorted(COUNTERS)
    assert all(hasattr(Facts, name) or name in Facts.__dataclass_fields__ for name in COUNTERS[1:])
