"""SOP runs on reports: attached at verification, completed by owners with evidence."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import jpeg_bytes
from kendali.audit.models import AuditEntry
from kendali.lib.errors import Invalid, NotAllowed, WrongState
from kendali.lib.images import CleanImage
from kendali.notify.models import Notification, OutboxMessage
from kendali.reports import actions as report_actions
from kendali.sops import actions, monitor
from kendali.sops.actions import StepSpec
from kendali.sops.models import SOPRun, StepEscalation, StepRun

WIB = ZoneInfo("Asia/Jakarta")
PHOTO = CleanImage(jpeg_bytes(), 64, 48)


@pytest.fixture
def run_report(procedures, disposed_report):
    return disposed_report


def states(report):
    return list(
        StepRun.objects.filter(run__report=report).order_by("order").values_list("state", flat=True)
    )


def test_verification_attaches_the_published_version(world, procedures, run_report):
    run = SOPRun.objects.get(report=run_report)
    assert run.version == procedures.version
    assert states(run_report) == ["open"] * 6
    first = StepRun.objects.get(run=run, order=1)
    assert first.due_at is not None and first.due_at > run.started_at


def test_a_run_keeps_its_version_when_a_new_one_is_published(
    world, procedures, run_report, operator, supervisor
):
    draft = actions.new_draft(procedures.sop, operator)
    actions.save_steps(draft, operator, [StepSpec("Langkah baru", owner_role="operator")])
    actions.submit_for_review(draft, operator)
    actions.approve(draft, supervisor)
    actions.publish(draft, supervisor)
    assert SOPRun.objects.get(report=run_report).version.number == 1


def test_steps_need_their_owner_order_and_evidence(
    world, procedures, run_report, operator, officer_a, officer_b, executive
):
    with pytest.raises(WrongState, match="langkah wajib sebelumnya"):
        actions.complete_step(run_report, officer_a, 2, photos=[PHOTO])
    with pytest.raises(NotAllowed):
        actions.complete_step(run_report, officer_a, 1, note="bukan tugas saya")
    with pytest.raises(NotAllowed):
        actions.complete_step(run_report, executive, 1, note="x")
    with pytest.raises(Invalid, match="catatan"):
        actions.complete_step(run_report, operator, 1)
    actions.complete_step(run_report, operator, 1, note="Lokasi sudah dipastikan lewat telepon.")
    with pytest.raises(Invalid, match="foto"):
        actions.complete_step(run_report, officer_a, 2)
    with pytest.raises(NotAllowed):
        actions.complete_step(run_report, officer_b, 2, photos=[PHOTO])
    step = actions.complete_step(run_report, officer_a, 2, photos=[PHOTO])
    assert step.evidence is not None and step.evidence.is_public is False
    with pytest.raises(WrongState, match="sudah"):
        actions.complete_step(run_report, operator, 1, note="lagi")
    assert AuditEntry.objects.filter(action="sop.step.complete").count() == 2


def test_a_decision_skips_the_branch_not_taken(world, procedures, run_report, operator, officer_a):
    actions.complete_step(run_report, operator, 1, note="ok")
    actions.complete_step(run_report, officer_a, 2, photos=[PHOTO])
    with pytest.raises(Invalid, match="keputusan"):
        actions.complete_step(run_report, officer_a, 3)
    actions.complete_step(run_report, officer_a, 3, decision="no")
    assert states(run_report) == ["done", "done", "done", "skipped", "open", "open"]


def test_resolving_waits_for_required_steps_unless_a_supervisor_overrides(
    world, procedures, run_report, operator, officer_a, supervisor
):
    report_actions.start_work(run_report, officer_a)
    with pytest.raises(WrongState, match="Langkah SOP wajib"):
        report_actions.resolve_report(run_report, officer_a, note="Selesai.")
    with pytest.raises(NotAllowed):
        report_actions.resolve_report(
            run_report, officer_a, note="Selesai.", override_reason="Darurat"
        )
    report_actions.resolve_report(
        run_report,
        supervisor,
        note="Selesai.",
        override_reason="Ditangani langsung oleh Diskar PB.",
    )
    run_report.refresh_from_db()
    run = SOPRun.objects.get(report=run_report)
    assert run_report.status == "resolved"
    assert run.override_by == supervisor and "Diskar" in run.override_reason
    assert AuditEntry.objects.filter(action="sop.override").count() == 1


def test_finishing_every_required_step_allows_resolution(
    world, procedures, run_report, operator, officer_a
):
    actions.complete_step(run_report, operator, 1, note="ok")
    actions.complete_step(run_report, officer_a, 2, photos=[PHOTO])
    actions.complete_step(run_report, officer_a, 3, decision="yes")
    actions.complete_step(run_report, officer_a, 4)
    actions.complete_step(run_report, officer_a, 5)
    # Step 6 is optional: it does not hold resolution back.
    report_actions.resolve_report(run_report, officer_a, note="Sudah ditambal.")
    run_report.refresh_from_db()
    assert run_report.status == "resolved"


def test_skipping_required_steps_is_for_supervisors(
    world, procedures, run_report, operator, officer_a, supervisor
):
    with pytest.raises(NotAllowed):
        actions.skip_step(run_report, operator, 1, reason="tidak perlu")
    with pytest.raises(Invalid):
        actions.skip_step(run_report, supervisor, 1, reason=" ")
    actions.skip_step(run_report, supervisor, 1, reason="Sudah jelas dari foto.")
    actions.skip_step(run_report, officer_a, 6, reason="Tidak ada pohon rawan.")
    assert states(run_report)[0] == "skipped" and states(run_report)[5] == "skipped"


def test_system_steps_notify_and_call_webhooks_when_their_turn_comes(
    world, procedures, make_report, operator, supervisor
):
    from kendali.notify.models import WebhookEndpoint

    sop = actions.create_sop(operator, code="sop-sampah", title="Sampah", category_codes=["sampah"])
    version = sop.versions.get()
    actions.save_steps(
        version,
        operator,
        [
            StepSpec("Catat", owner_role="operator"),
            StepSpec(
                "Beri tahu supervisor",
                kind="notify",
                notify_roles=["supervisor"],
                message="Tumpukan besar",
            ),
            StepSpec("Kabari sistem DLH", kind="webhook", webhook_url="http://127.0.0.1:9/dlh"),
            StepSpec("Angkut", owner_role="agency_officer"),
        ],
    )
    actions.submit_for_review(version, operator)
    actions.approve(version, supervisor)
    actions.publish(version, supervisor)
    report = make_report(category="sampah")
    report_actions.verify_report(report, operator)
    actions.complete_step(report, operator, 1)
    assert states(report) == ["done", "done", "done", "open"]
    assert Notification.objects.filter(user=supervisor, title__contains="Tumpukan besar").exists()
    message = OutboxMessage.objects.get(event="sop.sop-sampah.3")
    assert message.endpoint == WebhookEndpoint.objects.get(url="http://127.0.0.1:9/dlh")
    assert message.payload["data"]["ticket"] == report.ticket


def test_a_sub_sop_runs_and_completes_its_parent_step(
    world, procedures, make_report, operator, supervisor
):
    child = actions.create_sop(operator, code="sop-cek", title="Cek")
    cv = child.versions.get()
    actions.save_steps(cv, operator, [StepSpec("Cek satu", owner_role="operator")])
    for step_action, who in (
        (actions.submit_for_review, operator),
        (actions.approve, supervisor),
        (actions.publish, supervisor),
    ):
        step_action(cv, who)
    parent = actions.create_sop(
        operator, code="sop-induk", title="Induk", category_codes=["sampah"]
    )
    pv = parent.versions.get()
    actions.save_steps(
        pv,
        operator,
        [
            StepSpec("Jalankan cek", kind="sub_sop", sub_sop="sop-cek"),
            StepSpec("Akhir", owner_role="operator"),
        ],
    )
    for step_action, who in (
        (actions.submit_for_review, operator),
        (actions.approve, supervisor),
        (actions.publish, supervisor),
    ):
        step_action(pv, who)
    report = make_report(category="sampah")
    report_actions.verify_report(report, operator)
    child_run = SOPRun.objects.get(report=report, parent_step__isnull=False)
    actions.complete_step(report, operator, 1, run_id=child_run.pk)
    parent_run = SOPRun.objects.get(report=report, parent_step__isnull=True)
    assert StepRun.objects.get(run=parent_run, order=1).state == "done"
    assert StepRun.objects.get(run=parent_run, order=2).state == "open"


def test_an_overdue_step_notifies_its_owner_then_escalates_once(
    world, procedures, make_report, operator, supervisor
):
    from kendali.sla.models import EscalationLadder

    procedures.version.__class__.objects.filter(pk=procedures.version.pk).update(
        ladder=EscalationLadder.objects.get(code="standar")
    )
    start = datetime(2026, 8, 12, 9, tzinfo=WIB)
    with time_machine.travel(start, tick=False):
        report = make_report()
        report_actions.verify_report(report, operator)
    first = StepRun.objects.get(run__report=report, order=1)
    assert first.due_at == datetime(2026, 8, 12, 13, tzinfo=WIB)
    assert monitor.tick(first.due_at - timedelta(minutes=1)) == {"overdue": 0, "escalated": 0}
    assert monitor.tick(first.due_at)["overdue"] >= 1
    assert Notification.objects.filter(user=operator, kind="step_due").exists()
    assert monitor.tick(first.due_at + timedelta(minutes=60))["escalated"] >= 1
    assert monitor.tick(first.due_at + timedelta(minutes=61))["escalated"] == 0
    assert StepEscalation.objects.filter(step_run=first, level=1).count() == 1
    assert Notification.objects.filter(user=supervisor, kind="escalation").exists()
