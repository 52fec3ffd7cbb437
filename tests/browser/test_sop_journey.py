"""Issue 3's journey in a real browser: a supervisor publishes a new SOP version; a report in
its category is verified and shows the checklist; an agency officer completes steps with
evidence; a step's time limit passes and the escalation reaches the supervisor's console."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from conftest import jpeg_bytes
from kendali.lib.worker import run_once
from kendali.sla.models import EscalationLadder
from kendali.sops import actions as sop_actions
from kendali.sops.actions import StepSpec
from kendali.sops.models import SOPVersion, StepRun

PASSWORD = "uji-kata-sandi-42"


def login(page, url, user):
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{url}/console/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{url}/console/")


@pytest.mark.django_db(transaction=True)
def test_an_sop_version_runs_on_a_report_and_escalates(
    live_url,
    world,
    procedures,
    operator,
    supervisor,
    officer_a,
    make_report,
    new_page,
    shots,
    settings,
):
    # The journey jumps days ahead; the supervisor's session must outlive the jump.
    settings.SESSION_IDLE_MINUTES = 365 * 24 * 60
    settings.SESSION_MAX_HOURS = 365 * 24
    # The operator has written version 2 (24/7, escalating) and asked for review.
    draft = sop_actions.new_draft(procedures.sop, operator)
    SOPVersion.objects.filter(pk=draft.pk).update(
        ladder=EscalationLadder.objects.get(code="standar")
    )
    sop_actions.update_settings(
        draft, operator, change_note="Versi 24 jam", enforce_order=True, calendar=procedures.always
    )
    sop_actions.save_steps(
        draft,
        operator,
        [
            StepSpec(
                "Konfirmasi lokasi ke pelapor",
                owner_role="operator",
                time_limit_minutes=30,
                evidence="note",
            ),
            StepSpec(
                "Survei lapangan dengan foto",
                owner_role="agency_officer",
                time_limit_minutes=60,
                evidence="photo",
            ),
            StepSpec(
                "Tambal lubang",
                owner_role="agency_officer",
                time_limit_minutes=120,
                evidence="note",
            ),
        ],
    )
    sop_actions.submit_for_review(draft, operator)

    # The supervisor approves and publishes it in the console.
    boss = new_page()
    login(boss, live_url, supervisor)
    boss.goto(f"{live_url}/console/sop/sop-jalan/?versi=2")
    boss.get_by_role("button", name="Setujui").click()
    boss.wait_for_selector("text=Disetujui")
    boss.get_by_role("button", name="Terbitkan").click()
    boss.wait_for_selector(".badge:has-text('Berlaku')")
    assert SOPVersion.objects.get(pk=draft.pk).status == "published"

    # A report in that category is verified: its checklist is version 2.
    report = make_report()
    desk = new_page()
    login(desk, live_url, operator)
    desk.goto(f"{live_url}/console/laporan/{report.ticket}/")
    desk.get_by_role("button", name="Verifikasi").click()
    desk.wait_for_selector("#sop")
    assert "sop-jalan v2" in desk.inner_text("#sop")
    step1 = desk.locator("#sop li.step").nth(0)
    step1.locator("textarea[name=note]").fill("Sudah dikonfirmasi lewat telepon.")
    step1.get_by_role("button", name="Tandai selesai").click()
    desk.wait_for_selector("#sop li.step-done")
    desk.get_by_role("button", name="Disposisikan").click()
    desk.wait_for_selector("#status:has-text('Didisposisikan')")

    # The agency's officer completes the survey step with a photo as evidence.
    field = new_page()
    login(field, live_url, officer_a)
    field.goto(f"{live_url}/console/laporan/{report.ticket}/")
    survey = field.locator("#sop li.step").nth(1)
    survey.locator("input[type=file]").set_input_files(
        files=[{"name": "survei.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((640, 480))}]
    )
    survey.get_by_role("button", name="Tandai selesai").click()
    field.wait_for_selector("#sop li.step-done >> nth=1")
    field.screenshot(path=str(shots / "console-sop-checklist.png"), full_page=True)
    last = StepRun.objects.get(run__report=report, order=3)
    assert StepRun.objects.get(run__report=report, order=2).evidence is not None

    # The repair step's time limit passes; an hour later level 1 reaches the supervisor.
    with time_machine.travel(last.due_at + timedelta(minutes=61), tick=True):
        run_once()
        boss.goto(f"{live_url}/console/pemberitahuan/")
        boss.wait_for_selector("text=Eskalasi tingkat 1")
        assert report.ticket in boss.inner_text(".notification-list")
        boss.goto(f"{live_url}/console/laporan/{report.ticket}/")
        assert "Eskalasi tingkat 1" in boss.inner_text(".timeline")
        boss.screenshot(path=str(shots / "console-escalation.png"), full_page=True)
    assert timezone.now() < last.due_at + timedelta(days=1)
    for page in (boss, desk, field):
        assert page.js_errors == []
