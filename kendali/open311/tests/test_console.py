"""The console screen for integrations' keys: supervisors issue (secret shown once) and revoke."""

from __future__ import annotations

from kendali.open311.access import key_for
from kendali.open311.models import ApiKey


def test_a_supervisor_issues_and_revokes_a_key(client, supervisor):
    client.force_login(supervisor)
    assert client.get("/console/integrasi/").status_code == 200
    response = client.post(
        "/console/integrasi/buat/",
        {"name": "Aplikasi Warga", "contact": "tim@example.org", "rate": "30/m"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    secret = page.split('<code class="mono">')[1].split("</code>")[0]
    key = ApiKey.objects.get()
    assert key_for(secret) == key and key.rate == "30/m"
    assert secret not in client.get("/console/integrasi/").content.decode()
    client.post(f"/console/integrasi/{key.pk}/cabut/")
    assert key_for(secret) is None


def test_a_bad_rate_is_refused(client, supervisor):
    client.force_login(supervisor)
    response = client.post("/console/integrasi/buat/", {"name": "X", "rate": "banyak"})
    assert response.status_code == 400
    assert not ApiKey.objects.exists()


def test_operators_cannot_manage_keys(client, operator):
    client.force_login(operator)
    assert client.get("/console/integrasi/").status_code == 404
    assert client.post("/console/integrasi/buat/", {"name": "X"}).status_code == 404
    assert not ApiKey.objects.exists()
