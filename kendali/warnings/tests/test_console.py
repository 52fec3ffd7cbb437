"""The console screens: an operator drafts through the form, another supervisor publishes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kendali.warnings.models import PublicWarning


def form_data(**changes):
    now = timezone.localtime()
    data = {
        "event_ind": "Banjir",
        "event_en": "Flood",
        "category": "Met",
        "severity": "Moderate",
        "urgency": "Expected",
        "certainty": "Likely",
        "response_type": "Prepare",
        "headline_ind": "Siaga banjir",
        "headline_en": "Flood watch",
        "description_ind": "Sungai diperkirakan meluap.",
        "description_en": "The river is expected to overflow.",
        "onset": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "expires": (now + timedelta(hours=12)).strftime("%Y-%m-%dT%H:%M"),
        "areas": ["timur"],
    }
    data.update(changes)
    return data


def test_draft_and_publish_through_the_console(client, operator, supervisor):
    client.force_login(operator)
    response = client.post("/console/peringatan/baru/", form_data())
    assert response.status_code == 302
    warning = PublicWarning.objects.get()
    page = client.get(f"/console/peringatan/{warning.pk}/").content.decode()
    assert "Anda penyusun draf ini" in page
    refused = client.post(f"/console/peringatan/{warning.pk}/publish/")
    assert refused.status_code == 403
    client.force_login(supervisor)
    assert client.post(f"/console/peringatan/{warning.pk}/publish/").status_code == 302
    warning.refresh_from_db()
    assert warning.state == "published"


def test_the_form_refuses_expiry_before_onset_and_no_area(client, operator):
    client.force_login(operator)
    now = timezone.localtime()
    response = client.post(
        "/console/peringatan/baru/",
        form_data(areas=[], expires=(now - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Waktu berakhir harus sesudah waktu mulai berlaku." in body
    assert "Pilih paling sedikit satu wilayah" in body
    assert not PublicWarning.objects.exists()


def test_agency_staff_cannot_reach_warning_screens(client, officer_a):
    client.force_login(officer_a)
    assert client.get("/console/peringatan/").status_code == 404
