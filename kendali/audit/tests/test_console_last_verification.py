"""The console's audit page shows the stored outcome of the last verification, so nobody has to
verify a long log inside a web request to know whether it is intact."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_page_says_when_nothing_was_verified_yet_then_shows_the_last_result(
    client, auditor, make_report
):
    make_report()
    client.force_login(auditor)
    body = client.get("/console/audit/").content.decode()
    assert "Belum ada pemeriksaan tersimpan" in body
    call_command("audit", "verify")
    body = client.get("/console/audit/").content.decode()
    assert 'id="last-verification"' in body and "Utuh" in body
    assert "Belum ada pemeriksaan tersimpan" not in body
