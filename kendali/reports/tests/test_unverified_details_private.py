"""What a reporter wrote is public only after an operator verified it, and no longer once the
report is rejected: before, tracking shows the status and the timeline only, on the portal, in
the public API and in Open311."""

import pytest

from kendali.reports import actions

WRITTEN = "Tetangga saya Pak Zzyzx membuang limbah di Jl. Rahasia 7."
ADDRESS = "Jl. Rahasia 7"


@pytest.fixture
def submitted(make_report):
    return make_report(description=WRITTEN, address=ADDRESS)


@pytest.fixture
def held_unverified(make_report, operator):
    report = make_report(description=WRITTEN, address=ADDRESS)
    return actions.hold_report(report, operator, reason="Mohon kirim foto lokasinya.")


@pytest.fixture
def rejected(make_report, operator):
    report = make_report(description=WRITTEN, address=ADDRESS)
    actions.verify_report(report, operator)
    return actions.reject_report(report, operator, reason="Bukan kewenangan pemerintah kota.")


@pytest.fixture
def verified(make_report, operator):
    report = make_report(description=WRITTEN, address=ADDRESS)
    return actions.verify_report(report, operator)


def views_of(client, ticket):
    return {
        "portal": client.get(f"/lacak/{ticket}/").content.decode(),
        "api": client.get(f"/api/v1/reports/{ticket}").content.decode(),
        "open311": client.get(f"/open311/v2/requests/{ticket}.json").content.decode(),
        "open311 xml": client.get(f"/open311/v2/requests/{ticket}.xml").content.decode(),
        "open311 list": client.get(
            f"/open311/v2/requests.json?service_request_id={ticket}"
        ).content.decode(),
    }


@pytest.mark.parametrize("state", ["submitted", "held_unverified", "rejected"])
def test_only_the_status_is_public(request, citizen, state):
    report = request.getfixturevalue(state)
    for where, page in views_of(citizen, report.ticket).items():
        assert report.ticket in page, where
        assert "Zzyzx" not in page and ADDRESS not in page, where
    api = citizen.get(f"/api/v1/reports/{report.ticket}").json()
    assert api["status"] == report.status
    assert (api["description"], api["address"], api["latitude"], api["area"]) == (
        None,
        None,
        None,
        None,
    )
    assert api["updates"], "the timeline stays"
    row = citizen.get(f"/open311/v2/requests/{report.ticket}.json").json()[0]
    assert row["description"] == "" and row["lat"] is None and row["status"]


def test_the_portal_says_why(citizen, submitted, rejected):
    assert (
        "setelah operator memverifikasinya"
        in citizen.get(f"/lacak/{submitted.ticket}/").content.decode()
    )
    assert "Laporan ini ditolak" in citizen.get(f"/lacak/{rejected.ticket}/").content.decode()


def test_a_rejection_reason_is_still_shown(citizen, rejected):
    assert "Bukan kewenangan" in citizen.get(f"/lacak/{rejected.ticket}/").content.decode()


def test_once_verified_the_details_are_public(citizen, verified):
    for where, page in views_of(citizen, verified.ticket).items():
        assert "Zzyzx" in page, where
    assert citizen.get(f"/api/v1/reports/{verified.ticket}").json()["latitude"] is not None


def test_a_report_held_after_verification_keeps_its_details_public(citizen, verified, operator):
    actions.hold_report(verified, operator, reason="Mohon kirim foto lokasinya.")
    assert "Zzyzx" in citizen.get(f"/api/v1/reports/{verified.ticket}").content.decode()
