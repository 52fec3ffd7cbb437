import random

from django.core.management import call_command
from django.utils import timezone

from kendali.agencies.models import Agency, User
from kendali.audit.actions import verify_chain
from kendali.cities.models import Area, City
from kendali.demo import data
from kendali.demo.load import History, load_city, load_demo
from kendali.demo.simulator import Simulator
from kendali.reports.models import Category, Report, Transition


def test_the_demo_city_has_what_the_issue_asks_for(db):
    load_city()
    assert City.objects.get().name == "Kota Bandung"
    assert Area.objects.filter(level="kecamatan").count() == 30
    assert Area.objects.filter(level="kelurahan").count() == 151
    assert Agency.objects.count() >= 12
    assert Category.objects.count() >= 15
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {
        "operator",
        "supervisor",
        "agency_admin",
        "agency_officer",
        "executive",
        "auditor",
        "admin",
    }
    assert User.objects.get(username="operator").check_password(data.DEMO_PASSWORD)


def test_history_is_replayed_through_the_actions_in_the_past(db):
    load_city()
    history = History(random.Random(7), timezone.now())
    history.plan(60, 90)
    history.replay()
    reports = Report.objects.all()
    assert reports.count() == 60
    assert reports.filter(created_at__lt=timezone.now() - timezone.timedelta(days=7)).exists()
    statuses = set(reports.values_list("status", flat=True))
    assert {"closed", "rejected"} <= statuses
    # Every report moved only through real transitions, and the audit chain holds.
    for report in reports.exclude(status="submitted")[:20]:
        assert Transition.objects.filter(report=report).count() >= 2
    assert list(verify_chain()) == []
    assert Report.objects.filter(area__isnull=True).count() == 0


def test_load_demo_only_loads_into_an_empty_database(db):
    assert load_demo(reports=5, progress=lambda _m: None) is True
    assert load_demo(reports=5, progress=lambda _m: None) is False
    assert Report.objects.count() == 5


def test_the_simulator_files_realistic_reports(db):
    load_city()
    simulator = Simulator(rate_per_minute=60, seed=3)
    tickets = [simulator.file_one() for _ in range(10)]
    assert all(tickets)
    reports = Report.objects.filter(ticket__in=tickets)
    assert reports.count() == 10
    assert all(r.area_id for r in reports if r.latitude is not None)
    assert all(len(r.description) > 20 for r in reports)


def test_the_demo_command_loads_and_exits(db, capsys):
    call_command("demo", "--load-only", "--reports", "3")
    assert Report.objects.count() == 3


def test_the_demo_history_starts_quiet_and_runs_its_sops(db):
    from kendali.notify.models import OutboxMessage
    from kendali.sla import monitor as sla_monitor
    from kendali.sops import monitor as sop_monitor
    from kendali.sops.models import SOP, SOPRun

    load_demo(reports=40, progress=lambda _m: None)
    assert SOP.objects.filter(versions__status="published").count() == 12
    assert SOPRun.objects.exists()
    assert not OutboxMessage.objects.exists()
    now = timezone.now()
    assert sla_monitor.tick(now) == {"at_risk": 0, "breached": 0, "escalated": 0}
    assert sop_monitor.tick(now) == {"overdue": 0, "escalated": 0}


def test_the_demo_speaks_the_standards(db):
    from kendali.demo.open311 import DEMO_KEY
    from kendali.open311.access import key_for
    from kendali.opendata.models import Dataset
    from kendali.warnings.access import active_warnings

    load_demo(reports=20, progress=lambda _m: None)
    warning = active_warnings().get()
    assert {a.area.code for a in warning.areas.all()} == {"bdg-bandung-kidul", "bdg-gedebage"}
    assert key_for(DEMO_KEY) is not None
    kinds = set(Dataset.objects.values_list("kind", flat=True))
    assert {"reports", "daily_stats", "warnings", "upload"} <= kinds
