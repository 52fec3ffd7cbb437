"""Load the demo city into an empty database, with months of history replayed through the
real actions (time moved with time-machine), so every report has true transitions and audit."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kendali.agencies.choices import Role
from kendali.agencies.models import Agency, User
from kendali.audit.actions import record
from kendali.cities.importer import import_areas, read_features
from kendali.cities.models import Area, City
from kendali.demo import data
from kendali.demo.procedures import load_procedures
from kendali.demo.simulator import ReportMaker, demo_photo
from kendali.notify.choices import DeliveryStatus
from kendali.notify.models import OutboxMessage
from kendali.reports import actions
from kendali.reports.models import Category, Report, RoutingRule
from kendali.sla.models import MAX_ESCALATION_LEVELS, Clock
from kendali.sops import actions as sop_actions
from kendali.sops.choices import Evidence, StepKind, StepState
from kendali.sops.models import StepRun

# Where `kendali demo` serves by default: the demo's documents link there when the city's
# public URL is not set.
DEMO_SITE_URL = "http://127.0.0.1:8000"


def is_empty() -> bool:
    return not City.objects.exists()


def load_city() -> City:
    """City profile, areas, agencies, categories, routing rules and one user per role."""
    from kendali.insights.defaults import install_defaults
    from kendali.insights.models import Kpi

    with transaction.atomic():
        # The shipped KPIs come with a migration; a database emptied since gets them back here.
        install_defaults(Kpi)
        city = City.objects.create(**data.CITY)
        import_areas(read_features(data.AREAS_FILE), city)
        agencies = {}
        for code, short_name, name, description in data.AGENCIES:
            agencies[code] = Agency.objects.create(
                code=code,
                short_name=short_name,
                name=name,
                description=description,
                email=f"{code}@bandung.example",
            )
        for order, (code, name_ind, name_en, name_su, agency, priority, _w, desc) in enumerate(
            data.CATEGORIES
        ):
            Category.objects.create(
                code=code,
                name_ind=name_ind,
                name_en=name_en,
                name_su=name_su,
                description_ind=desc,
                description_su=data.CATEGORY_DESCRIPTIONS_SU.get(code, ""),
                default_agency=agencies[agency],
                default_priority=priority,
                sort_order=order,
            )
        for category, area, agency in data.ROUTING:
            RoutingRule.objects.create(
                category=Category.objects.get(code=category),
                area=Area.objects.get(code=area),
                agency=agencies[agency],
            )
        # Every demo user has the same password: hash it once (hashing is slow on purpose).
        template = User(username="-")
        template.set_password(data.DEMO_PASSWORD)
        hashed = str(template.password)
        for username, role, agency_code, first, last in data.USERS:
            user = User(
                username=username,
                role=role,
                agency=agencies[agency_code] if agency_code else None,
                first_name=first,
                last_name=last,
                email=f"{username}@bandung.example",
                is_staff=role == "admin",
                is_superuser=role == "admin",
            )
            user.password = hashed
            user.save()
        load_procedures()
        record(actor=None, action="demo.load", obj=city, after={"city": city.name}, source="cli")
    return city


@dataclass(order=True)
class Step:
    at: datetime
    order: int
    run: Callable[[], Any] = field(compare=False)


class History:
    """Plans each report's life up to now and replays all of them in time order."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.maker = ReportMaker(rng)
        self.steps: list[Step] = []
        self.sequence = 0
        self.created: list[Report] = []
        self.users = {user.username: user for user in User.objects.select_related("agency")}

    def officer(self, report: Report) -> User:
        agency = report.agency.code if report.agency else "dsdabm"
        return self.users.get(f"{agency}.petugas") or self.users["supervisor"]

    def add(self, at: datetime, run: Callable[[], Any]) -> None:
        if at < self.now:
            self.sequence += 1
            self.steps.append(Step(at, self.sequence, run))

    def plan(self, count: int, days: int) -> None:
        for _ in range(count):
            age = timedelta(days=days) * (self.rng.random() ** 1.6)  # more recent than old
            self.plan_one(self.now - age)

    def plan_one(self, created_at: datetime) -> None:
        rng = self.rng
        draft = self.maker.draft(photo_chance=0.12)
        holder: dict[str, Report] = {}
        operator = self.users[rng.choice(["operator", "operator", "supervisor"])]

        def create() -> None:
            report = actions.create_report(
                draft.new, channel=draft.channel, photos=draft.photos, source="demo"
            )
            holder["report"] = report
            self.created.append(report)

        def current() -> Report:
            return Report.objects.select_related("agency", "category").get(pk=holder["report"].pk)

        self.add(created_at, create)
        t = created_at + timedelta(minutes=rng.randint(5, 60 * 30))
        fate = rng.random()
        if fate < 0.06:
            self.add(
                t,
                lambda: actions.reject_report(
                    current(), operator, reason=rng.choice(data.REJECTIONS)
                ),
            )
            return
        if fate < 0.11:

            def duplicate() -> None:
                report = current()
                earlier = [r for r in self.created[-40:] if r.pk != report.pk]
                same = [r for r in earlier if r.category_id == report.category_id]
                if not (same or earlier):
                    actions.reject_report(report, operator, reason=rng.choice(data.REJECTIONS))
                    return
                primary = rng.choice(same or earlier)
                actions.mark_duplicate(report, operator, primary_ticket=primary.ticket)

            self.add(t, duplicate)
            return
        if fate < 0.15:
            question = rng.choice(data.HOLD_QUESTIONS)
            self.add(t, lambda: actions.hold_report(current(), operator, reason=question))
            t += timedelta(hours=rng.randint(2, 24 * 6))
            self.add(
                t,
                lambda: actions.resume_report(
                    current(), operator, note="Informasi sudah dilengkapi pelapor."
                ),
            )
            t += timedelta(minutes=rng.randint(5, 120))
        self.add(t, lambda: actions.verify_report(current(), operator))
        t += timedelta(minutes=rng.randint(5, 60 * 8))
        # The command center does its own SOP steps before it disposes the report.
        self.add(t - timedelta(minutes=2), lambda: self.do_steps(current(), center=True))
        self.add(
            t,
            lambda: actions.dispose_report(
                current(),
                operator,
                agency=current().suggested_agency or Agency.objects.get(code="dsdabm"),
            ),
        )
        if rng.random() < 0.05:
            t += timedelta(hours=rng.randint(1, 24))
            self.add(
                t,
                lambda: actions.return_report(
                    current(),
                    self.officer(current()),
                    reason="Bukan kewenangan kami; mohon disposisi ulang.",
                ),
            )
            return
        t += timedelta(hours=rng.randint(1, 72))
        self.add(
            t,
            lambda: actions.start_work(
                current(), self.officer(current()), note="Tim sedang menuju lokasi."
            ),
        )
        t += timedelta(hours=rng.randint(2, 24 * 14))
        code = draft.new.category
        self.add(t - timedelta(minutes=20), lambda: self.do_steps(current(), center=False))
        self.add(
            t,
            lambda: actions.resolve_report(
                current(),
                self.officer(current()),
                note=data.RESOLUTIONS.get(code, "Sudah ditangani."),
            ),
        )
        if rng.random() < 0.85:
            t += timedelta(days=rng.randint(2, 7))
            self.add(t, lambda: actions.close_report(current(), operator))

    def do_steps(self, report: Report, *, center: bool) -> None:
        """Complete the report's open SOP steps in order, as the people who own them would."""
        for _round in range(60):
            step_run = (
                StepRun.objects.filter(run__report=report, state=StepState.OPEN)
                .exclude(step__kind__in=[StepKind.NOTIFY, StepKind.WEBHOOK, StepKind.SUB_SOP])
                .select_related("step", "run")
                .order_by("run_id", "order")
                .first()
            )
            if step_run is None:
                return
            role = step_run.step.owner_role
            agency_step = role in {Role.AGENCY_OFFICER, Role.AGENCY_ADMIN}
            if agency_step == center:
                return
            actor = self.step_actor(report, role)
            photos = (
                [demo_photo(report.category.code, self.rng)]
                if step_run.step.evidence == Evidence.PHOTO
                else []
            )
            sop_actions.complete_step(
                report,
                actor,
                step_run.order,
                run_id=step_run.run_id,
                note="Sudah dilaksanakan sesuai SOP.",
                decision=self.rng.choice(["yes", "no"]),
                photos=photos,
                source="demo",
            )

    def step_actor(self, report: Report, role: str) -> User:
        if role in {Role.AGENCY_OFFICER, Role.AGENCY_ADMIN}:
            agency = report.agency.code if report.agency else "dsdabm"
            suffix = "admin" if role == Role.AGENCY_ADMIN else "petugas"
            # A supervisor stands in where the agency has no one in that role.
            return self.users.get(f"{agency}.{suffix}") or self.users["supervisor"]
        return self.users["supervisor" if role == Role.SUPERVISOR else "operator"]

    def replay(self, progress: Callable[[int], None] = lambda n: None) -> int:
        self.steps.sort()
        for number, step in enumerate(self.steps, start=1):
            with time_machine.travel(step.at, tick=False):
                step.run()
            if number % 200 == 0:
                progress(number)
        return len(self.steps)


def quiet_history(now: datetime) -> None:
    running = Clock.objects.filter(stopped_at__isnull=True, paused_at__isnull=True)
    running.filter(at_risk_at__lte=now).update(at_risk_noticed_at=F("at_risk_at"))
    running.filter(due_at__lte=now).update(
        breached_at=F("due_at"), escalation_level=MAX_ESCALATION_LEVELS, next_escalation_at=None
    )
    StepRun.objects.filter(state=StepState.OPEN, due_at__lte=now).update(
        overdue_noticed_at=F("due_at"),
        escalation_level=MAX_ESCALATION_LEVELS,
        next_escalation_at=None,
    )


def load_demo(
    *,
    reports: int = 300,
    days: int = 180,
    seed: int = 2015,
    progress: Callable[[str], None] = print,
    site_url: str = DEMO_SITE_URL,
) -> bool:
    """Load everything into an empty database; return False (and do nothing) if not empty.
    ``site_url`` is where the demo will be served, for the absolute links of its published
    documents when ``KENDALI_PUBLIC_URL`` is not set."""
    if not is_empty():
        return False
    progress("demo: city, areas, agencies, categories, users")
    load_city()
    progress(f"demo: replaying {reports} reports over {days} days of history")
    history = History(random.Random(seed), timezone.now())
    history.plan(reports, days)
    with transaction.atomic():
        steps = history.replay(lambda n: progress(f"demo: {n}/{len(history.steps)} steps"))
        # History happened before anyone subscribed: it sends no email and calls no webhook,
        # and its old deadlines count as already noticed (they show as breached), so the first
        # worker tick does not bury the demo's people under months of notifications.
        OutboxMessage.objects.filter(status=DeliveryStatus.PENDING).delete()
        quiet_history(timezone.now())
    progress(f"demo: {len(history.created)} reports, {steps} actions")
    from kendali.insights.rollups import rebuild

    progress("demo: daily rollups for the KPIs and scorecards")
    rebuild()
    load_standards(progress, site_url)
    from kendali.demo.telemetry import load_telemetry

    load_telemetry(progress)
    return True


def load_standards(progress: Callable[[str], None] = print, site_url: str = DEMO_SITE_URL) -> None:
    """Open311 questions and key, an active warning, and the open data (issue 4)."""
    from kendali.demo import open311 as open311_demo
    from kendali.demo import opendata as opendata_demo
    from kendali.demo import warnings as warnings_demo

    progress("demo: Open311 questions and key, a flood watch, open data")
    open311_demo.load()
    warnings_demo.load(site_url)
    opendata_demo.load()
