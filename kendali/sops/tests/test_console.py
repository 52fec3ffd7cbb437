"""SOPs in the console: the checklist on a report, and writing, approving, publishing SOPs."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import bearer, jpeg_bytes
from kendali.sops.models import SOPVersion, StepRun


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_report_page_shows_the_checklist_and_the_clocks(
    world, procedures, disposed_report, operator
):
    page = login(operator).get(f"/console/laporan/{disposed_report.ticket}/").content.decode()
    assert "Konfirmasi lokasi" in page and "Survei lapangan" in page
    assert "Tenggat (SLA)" in page and "Penyelesaian" in page


def test_steps_are_completed_from_the_console_with_evidence(
    world, procedures, disposed_report, operator, officer_a
):
    run_id = StepRun.objects.filter(run__report=disposed_report).first().run_id
    base = f"/console/laporan/{disposed_report.ticket}/langkah/{run_id}"
    response = login(operator).post(f"{base}/1/selesai/", {"note": ""})
    assert response.status_code == 400 and "catatan" in response.content.decode()
    assert (
        login(operator).post(f"{base}/1/selesai/", {"note": "Sudah ditelepon."}).status_code == 302
    )
    photo = SimpleUploadedFile("survei.jpg", jpeg_bytes(), content_type="image/jpeg")
    assert login(officer_a).post(f"{base}/2/selesai/", {"photos": [photo]}).status_code == 302
    assert list(
        StepRun.objects.filter(run_id=run_id).order_by("order").values_list("state", flat=True)
    )[:2] == ["done", "done"]


def test_another_agency_cannot_touch_the_checklist(world, procedures, disposed_report, officer_b):
    run_id = StepRun.objects.filter(run__report=disposed_report).first().run_id
    response = login(officer_b).post(
        f"/console/laporan/{disposed_report.ticket}/langkah/{run_id}/2/selesai/", {}
    )
    assert response.status_code == 404


def test_resolving_with_open_steps_explains_why_on_the_page(
    world, procedures, disposed_report, officer_a
):
    response = login(officer_a).post(
        f"/console/laporan/{disposed_report.ticket}/resolve/", {"note": "Beres."}
    )
    assert response.status_code == 409
    assert "Langkah SOP wajib belum selesai" in response.content.decode()


def test_an_operator_writes_a_draft_and_a_supervisor_publishes_it(
    world, procedures, operator, supervisor
):
    author = login(operator)
    response = author.post(
        "/console/sop/baru/",
        {
            "code": "sop-pju",
            "title": "Lampu jalan",
            "purpose": "",
            "legal_basis": "",
            "categories": ["sampah"],
        },
    )
    assert response.status_code == 302 and response["Location"] == "/console/sop/sop-pju/draf/"
    form = {
        "change_note": "Versi pertama",
        "enforce_order": "on",
        "calendar": "",
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "50",
    }
    for index, (title, role) in enumerate(
        [("Cek tiang", "operator"), ("Ganti lampu", "agency_officer"), ("", "operator")]
    ):
        form |= {
            f"steps-{index}-title": title,
            f"steps-{index}-owner_role": role,
            f"steps-{index}-evidence": "none",
            f"steps-{index}-kind": "manual",
            f"steps-{index}-required": "on",
        }
    # A decision pointing backwards is refused on the page, nothing saved.
    bad = form | {"steps-1-kind": "decision", "steps-1-yes_step": "1", "steps-1-no_step": "2"}
    response = author.post("/console/sop/sop-pju/draf/", bad)
    assert response.status_code == 400 and "putaran" in response.content.decode()
    response = author.post("/console/sop/sop-pju/draf/", form | {"submit": "1"})
    assert response.status_code == 302
    version = SOPVersion.objects.get(sop__code="sop-pju")
    assert version.status == "in_review" and version.steps.count() == 2
    # The author may not approve; the supervisor approves and publishes.
    author.post("/console/sop/sop-pju/v1/setujui/")
    version.refresh_from_db()
    assert version.status == "in_review"
    reviewer = login(supervisor)
    reviewer.post("/console/sop/sop-pju/v1/setujui/")
    reviewer.post("/console/sop/sop-pju/v1/terbitkan/")
    version.refresh_from_db()
    assert version.status == "published"
    assert "Cek tiang" in Client().get("/sop/sop-pju/").content.decode()


def test_sop_pages_render_for_every_staff_role(world, procedures, operator, executive, officer_a):
    for person in (operator, executive, officer_a):
        client = login(person)
        assert client.get("/console/sop/").status_code == 200
        assert client.get("/console/sop/sop-jalan/").status_code == 200


def test_the_audit_log_is_for_the_auditor_not_the_operator(world, procedures, auditor, operator):
    assert login(auditor).get("/console/audit/").status_code == 200
    assert login(operator).get("/console/audit/").status_code == 403
    response = login(auditor).post("/console/audit/")
    assert "Utuh" in response.content.decode()


def test_notifications_page_and_bell(world, procedures, officer_a, disposed_report):
    client = login(officer_a)
    page = client.get("/console/").content.decode()
    assert 'id="bell-count"' in page
    assert "Laporan baru untuk DPU" in client.get("/console/pemberitahuan/").content.decode()
    client.post("/console/pemberitahuan/dibaca/")
    assert officer_a.notifications.filter(read_at__isnull=True).count() == 0


def test_the_staff_api_carries_the_sop_run_and_the_sla(
    world, procedures, disposed_report, officer_a, citizen
):
    data = citizen.get(
        f"/api/v1/staff/reports/{disposed_report.ticket}", **bearer(officer_a)
    ).json()
    assert data["sop_run"]["sop"] == "sop-jalan" and len(data["sop_run"]["steps"]) == 6
    assert {c["kind"] for c in data["sla"]} >= {"verify", "dispose", "first_response", "resolve"}
    response = citizen.post(
        f"/api/v1/reports/{disposed_report.ticket}/steps/2/complete",
        data={"note": "ok"},
        **bearer(officer_a),
    )
    assert response.status_code == 409  # step 1 (the operator's) comes first
    response = citizen.post(
        f"/api/v1/reports/{disposed_report.ticket}/steps/6/skip",
        data='{"reason": "Tidak perlu"}',
        content_type="application/json",
        **bearer(officer_a),
    )
    assert response.status_code == 200
    assert response.json()["sop_run"]["steps"][5]["state"] == "skipped"


def test_public_sop_api_and_pages(world, procedures, citizen):
    listed = citizen.get("/api/v1/sops").json()
    assert [s["code"] for s in listed] == ["sop-jalan"]
    detail = citizen.get("/api/v1/sops/sop-jalan").json()
    assert detail["version"]["number"] == 1 and detail["version"]["steps"][2]["kind"] == "decision"
    assert citizen.get("/api/v1/sops/tidak-ada").status_code == 404
    assert "Jalan rusak" in citizen.get("/sop/").content.decode()
    pdf = citizen.get("/sop/sop-jalan/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert citizen.get("/en/sop/sop-jalan/").status_code == 200
