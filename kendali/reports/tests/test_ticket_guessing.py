"""Ticket codes cannot be guessed quickly: every public door that looks a ticket up (the
tracking page, the API, Open311) counts wrong codes per address (KENDALI_TRACK_RATE) and answers
429 once they are used up, while a right code costs nothing."""

import pytest

WRONG = [f"ZZZZ-ZZZ{c}" for c in "23456789ABCDEF"]


@pytest.fixture
def limit(settings):
    settings.TRACK_RATE = "3/m"


@pytest.fixture
def report(make_report):
    return make_report()


DOORS = {
    "portal": lambda c, t: c.get(f"/lacak/{t}/"),
    "portal form": lambda c, t: c.get("/lacak/", {"ticket": t}),
    "thanks page": lambda c, t: c.get(f"/lapor/terima-kasih/{t}/"),
    "api": lambda c, t: c.get(f"/api/v1/reports/{t}"),
    "open311": lambda c, t: c.get(f"/open311/v2/requests/{t}.json"),
    "open311 list": lambda c, t: c.get(f"/open311/v2/requests.json?service_request_id={t}"),
}


@pytest.mark.parametrize("door", DOORS)
def test_wrong_codes_run_out_then_every_lookup_waits(citizen, report, limit, door):
    look = DOORS[door]
    for _ in range(5):
        assert look(citizen, report.ticket).status_code in {200, 302}  # right codes are free
    misses = [look(citizen, wrong).status_code for wrong in WRONG[:3]]
    assert 429 not in misses
    assert look(citizen, WRONG[3]).status_code == 429
    assert look(citizen, report.ticket).status_code == 429  # until the window passes


def test_the_doors_share_one_count(citizen, report, limit):
    citizen.get(f"/lacak/{WRONG[0]}/")
    citizen.get(f"/api/v1/reports/{WRONG[1]}")
    citizen.get(f"/open311/v2/requests/{WRONG[2]}.json")
    response = citizen.get(f"/api/v1/reports/{report.ticket}")
    assert response.status_code == 429
    assert "Terlalu banyak kode tiket" in response.json()["detail"]


def test_a_list_of_guesses_costs_one_miss_each(citizen, report, limit):
    guesses = ",".join(WRONG[:5])
    assert citizen.get(f"/open311/v2/requests.json?service_request_id={guesses}").status_code == 200
    response = citizen.get(f"/open311/v2/requests.xml?service_request_id={report.ticket}")
    assert response.status_code == 429 and b"<code>429</code>" in response.content


def test_another_address_is_not_held_up(citizen, report, limit):
    for wrong in WRONG[:5]:
        citizen.get(f"/api/v1/reports/{wrong}")
    other = citizen.get(f"/api/v1/reports/{report.ticket}", REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200


def test_the_portal_explains_in_a_page(citizen, report, limit):
    for wrong in WRONG[:4]:
        citizen.get("/lacak/", {"ticket": wrong})
    response = citizen.get("/lacak/", {"ticket": report.ticket})
    assert response.status_code == 429
    assert "Terlalu banyak kode tiket" in response.content.decode()
    page = citizen.get(f"/lacak/{report.ticket}/")
    assert page.status_code == 429 and "<h1>" in page.content.decode()


def test_an_empty_setting_turns_it_off(citizen, report, settings):
    settings.TRACK_RATE = ""
    for wrong in WRONG:
        assert citizen.get(f"/api/v1/reports/{wrong}").status_code == 404
