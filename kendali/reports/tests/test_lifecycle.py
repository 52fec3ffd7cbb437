import pytest

from kendali.audit.models import AuditEntry
from kendali.lib.errors import Invalid, NotAllowed, WrongState
from kendali.reports import actions
from kendali.reports.models import Transition, Update


def test_the_whole_path_from_submitted_to_closed(world, make_report, operator, officer_a):
    report = make_report()
    actions.verify_report(report, operator, note="Sudah dicek via telepon.")
    actions.dispose_report(report, operator, agency=world.agency_a)
    actions.start_work(report, officer_a)
    actions.resolve_report(report, officer_a, note="Sudah ditambal.")
    actions.close_report(report, operator)
    report.refresh_from_db()
    assert report.status == "closed"
    assert list(Transition.objects.filter(report=report).values_list("to_status", flat=True)) == [
        "submitted", "verified", "dispositioned", "in_progress", "resolved", "closed",
    ]  # fmt: skip
    assert (
        report.verified_at and report.dispositioned_at and report.resolved_at and report.closed_at
    )
    assert (
        AuditEntry.objects.filter(object_type="reports.report", object_id=str(report.pk)).count()
        == 6
    )
    internal = Update.objects.get(report=report, is_public=False)
    assert internal.body == "Sudah dicek via telepon."


def test_resolving_a_rejected_report_is_a_wrong_state(world, make_report, operator, supervisor):
    report = make_report()
    actions.reject_report(report, operator, reason="Bukan wilayah kota.")
    with pytest.raises(WrongState) as caught:
        actions.resolve_report(report, supervisor, note="Selesai")
    assert "Ditolak" in caught.value.message
    report.refresh_from_db()
    assert report.status == "rejected"


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        ("reject_report", {"reason": " "}),
        ("hold_report", {"reason": ""}),
    ],
)
def test_reasons_are_required(world, make_report, operator, action, kwargs):
    report = make_report()
    with pytest.raises(Invalid):
        getattr(actions, action)(report, operator, **kwargs)
    assert Transition.objects.filter(report=report).count() == 1


def test_hold_returns_to_where_it_was(world, disposed_report, officer_a):
    actions.hold_report(disposed_report, officer_a, reason="Mohon foto terbaru.")
    disposed_report.refresh_from_db()
    assert disposed_report.status == "on_hold" and disposed_report.held_from == "dispositioned"
    actions.resume_report(disposed_report, officer_a)
    disposed_report.refresh_from_db()
    assert disposed_report.status == "dispositioned" and disposed_report.held_from == ""


def test_duplicates_link_to_the_root_report(world, make_report, operator):
    first, second, third = make_report(), make_report(), make_report()
    actions.mark_duplicate(second, operator, primary_ticket=first.ticket)
    actions.mark_duplicate(third, operator, primary_ticket=second.ticket.lower())
    third.refresh_from_db()
    assert third.status == "duplicate" and third.duplicate_of == first


def test_a_report_cannot_duplicate_itself(world, make_report, operator):
    report = make_report()
    with pytest.raises(Invalid):
        actions.mark_duplicate(report, operator, primary_ticket=report.ticket)


def test_an_agency_can_hand_a_report_back(world, disposed_report, officer_a, operator, supervisor):
    actions.return_report(disposed_report, officer_a, reason="Bukan kewenangan kami.")
    disposed_report.refresh_from_db()
    assert disposed_report.status == "verified" and disposed_report.agency is None
    actions.dispose_report(disposed_report, operator, agency=world.agency_b)
    disposed_report.refresh_from_db()
    assert disposed_report.agency == world.agency_b


def test_reopen_goes_back_to_in_progress(world, disposed_report, officer_a, operator):
    actions.resolve_report(disposed_report, officer_a, note="Selesai.")
    actions.reopen_report(disposed_report, operator, reason="Warga melapor masih rusak.")
    disposed_report.refresh_from_db()
    assert disposed_report.status == "in_progress" and disposed_report.resolved_at is None


def test_disposing_twice_to_the_same_agency_is_refused(world, disposed_report, operator):
    with pytest.raises(WrongState):
        actions.dispose_report(disposed_report, operator, agency=world.agency_a)


def test_priority_changes_are_internal_and_audited(world, make_report, operator):
    report = make_report()
    actions.change_priority(report, operator, priority="urgent", reason="Dekat sekolah.")
    report.refresh_from_db()
    assert report.priority == "urgent"
    assert Update.objects.get(report=report, kind="priority").is_public is False
    with pytest.raises(Invalid):
        actions.change_priority(report, operator, priority="sangat-tinggi")


@pytest.mark.parametrize("role", ["executive", "auditor"])
def test_read_only_roles_change_nothing(world, make_report, request, role):
    report = make_report()
    person = request.getfixturevalue(role)
    with pytest.raises(NotAllowed):
        actions.verify_report(report, person)
    with pytest.raises(NotAllowed):
        actions.add_update(report, person, body="catatan", is_public=False)


def test_an_officer_cannot_do_the_center_s_work(world, make_report, officer_a):
    report = make_report()
    with pytest.raises(NotAllowed):
        actions.verify_report(report, officer_a)


def test_an_officer_of_another_agency_cannot_resolve(world, disposed_report, officer_b):
    with pytest.raises(NotAllowed):
        actions.resolve_report(disposed_report, officer_b, note="Selesai.")
    disposed_report.refresh_from_db()
    assert disposed_report.status == "dispositioned"


def test_every_action_is_listed_by_the_state_it_allows(world, make_report):
    report = make_report()
    assert set(actions.allowed_actions(report)) >= {"verify", "reject", "duplicate", "hold"}
    assert "resolve" not in actions.allowed_actions(report)


def test_a_confidential_primary_is_never_named_to_another_reporter(
    world, make_report, operator, citizen
):
    secret = make_report(confidential=True)
    repeat = make_report()
    actions.mark_duplicate(repeat, operator, primary_ticket=secret.ticket)
    data = citizen.get(f"/api/v1/reports/{repeat.ticket}").json()
    assert data["duplicate_of"] is None
    assert secret.ticket not in str(data)
    assert secret.ticket not in citizen.get(f"/lacak/{repeat.ticket}/").content.decode()


def test_duplicates_of_a_report_follow_it_when_it_becomes_a_duplicate(world, make_report, operator):
    first, second, third = make_report(), make_report(), make_report()
    actions.mark_duplicate(third, operator, primary_ticket=second.ticket)
    actions.mark_duplicate(second, operator, primary_ticket=first.ticket)
    third.refresh_from_db()
    assert third.duplicate_of == first
