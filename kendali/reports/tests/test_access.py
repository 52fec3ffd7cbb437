import pytest

from kendali.lib.errors import NotFound
from kendali.reports.access import access_report, visible_reports


def test_center_and_read_only_roles_see_every_report(
    world, disposed_report, operator, executive, auditor
):
    for person in (operator, executive, auditor):
        assert access_report(person, disposed_report.ticket) == disposed_report


def test_agency_staff_see_only_their_agency(
    world, disposed_report, make_report, officer_a, officer_b
):
    other = make_report(category="sampah")
    assert list(visible_reports(officer_a)) == [disposed_report]
    assert list(visible_reports(officer_b)) == []
    assert access_report(officer_a, disposed_report.ticket) == disposed_report
    with pytest.raises(NotFound):
        access_report(officer_b, disposed_report.ticket)
    with pytest.raises(NotFound):
        access_report(officer_a, other.ticket)


def test_an_unknown_ticket_and_another_agency_s_ticket_look_the_same(
    world, disposed_report, officer_b
):
    with pytest.raises(NotFound) as unknown:
        access_report(officer_b, "ZZZZ-ZZZZ")
    with pytest.raises(NotFound) as foreign:
        access_report(officer_b, disposed_report.ticket)
    assert unknown.value.message == foreign.value.message


def test_inactive_users_see_nothing(world, disposed_report, operator):
    operator.is_active = False
    operator.save()
    assert not visible_reports(operator).exists()
