"""Writing SOPs: graph rules, the approval workflow, immutability of what was approved."""

import pytest
from django.db import IntegrityError, transaction

from kendali.lib.errors import Invalid, NotAllowed, WrongState
from kendali.sops import actions
from kendali.sops.actions import StepSpec
from kendali.sops.models import ImmutableVersionError, SOPVersion, Step


def test_the_workflow_from_draft_to_published(world, procedures, operator, supervisor):
    draft = actions.new_draft(procedures.sop, operator)
    assert draft.number == 2 and draft.steps.count() == 6  # copied from the published version
    actions.save_steps(draft, operator, [StepSpec("Satu langkah saja", owner_role="operator")])
    actions.submit_for_review(draft, operator)
    actions.approve(draft, supervisor)
    actions.publish(draft, supervisor)
    statuses = dict(SOPVersion.objects.filter(sop=procedures.sop).values_list("number", "status"))
    assert statuses == {1: "retired", 2: "published"}
    assert procedures.sop.published.number == 2


def test_the_author_cannot_approve_their_own_version(world, procedures, supervisor, operator):
    draft = actions.new_draft(procedures.sop, supervisor)
    actions.submit_for_review(draft, supervisor)
    with pytest.raises(NotAllowed, match="Penyusun"):
        actions.approve(draft, supervisor)
    with pytest.raises(NotAllowed):
        actions.approve(draft, operator)  # an operator never approves


def test_steps_of_a_published_version_never_change(world, procedures, operator):
    with pytest.raises(WrongState):
        actions.save_steps(procedures.version, operator, [StepSpec("Baru", owner_role="operator")])
    step = procedures.version.steps.first()
    step.title = "Diubah diam-diam"
    with pytest.raises(ImmutableVersionError):
        step.save()
    with pytest.raises(ImmutableVersionError):
        step.delete()
    assert Step.objects.get(pk=step.pk).title == "Konfirmasi lokasi"


def test_one_published_version_per_sop_in_the_database(world, procedures, operator):
    draft = actions.new_draft(procedures.sop, operator)
    with pytest.raises(IntegrityError), transaction.atomic():
        SOPVersion.objects.filter(pk=draft.pk).update(status="published")


def test_publishing_needs_an_approved_version(world, procedures, operator, supervisor):
    draft = actions.new_draft(procedures.sop, operator)
    with pytest.raises(WrongState):
        actions.publish(draft, supervisor)


@pytest.mark.parametrize(
    ("specs", "key"),
    [
        ([], "steps"),
        (
            [StepSpec("Pilih", kind="decision", yes_step=1, no_step=2), StepSpec("B")],
            "steps.1.yes_step",
        ),
        (
            [StepSpec("Pilih", kind="decision", yes_step=2, no_step=9), StepSpec("B")],
            "steps.1.no_step",
        ),
        ([StepSpec("Pilih", kind="decision"), StepSpec("B")], "steps.1.yes_step"),
        ([StepSpec("A", yes_step=2), StepSpec("B")], "steps.1.kind"),
        ([StepSpec("")], "steps.1.title"),
        ([StepSpec("A", owner_role="raja")], "steps.1.owner_role"),
        ([StepSpec("A", kind="notify")], "steps.1.notify_roles"),
        ([StepSpec("A", kind="webhook", webhook_url="ftp://x")], "steps.1.webhook_url"),
        ([StepSpec("A", kind="sub_sop", sub_sop="sop-jalan")], "steps.1.sub_sop"),
        ([StepSpec("A", time_limit_minutes=0)], "steps.1.time_limit_minutes"),
    ],
)
def test_invalid_step_graphs_are_refused_with_a_message(world, procedures, operator, specs, key):
    draft = actions.new_draft(procedures.sop, operator)
    with pytest.raises(Invalid) as caught:
        actions.save_steps(draft, operator, specs)
    assert key in caught.value.errors
    assert draft.steps.count() == 6  # nothing changed


def test_a_sub_sop_that_leads_back_is_a_cycle(world, procedures, operator, supervisor):
    other = actions.create_sop(operator, code="sop-rambu", title="Rambu")
    version = other.versions.get()
    actions.save_steps(
        version, operator, [StepSpec("Jalankan SOP jalan", kind="sub_sop", sub_sop="sop-jalan")]
    )
    actions.submit_for_review(version, operator)
    actions.approve(version, supervisor)
    actions.publish(version, supervisor)
    draft = actions.new_draft(procedures.sop, operator)
    with pytest.raises(Invalid) as caught:
        actions.save_steps(
            draft, operator, [StepSpec("Jalankan SOP rambu", kind="sub_sop", sub_sop="sop-rambu")]
        )
    assert "putaran" in caught.value.errors["steps.1.sub_sop"]


def test_readers_cannot_write_sops(world, executive, officer_a):
    for person in (executive, officer_a):
        with pytest.raises(NotAllowed):
            actions.create_sop(person, code="x", title="X")


def test_submitting_notifies_reviewers(world, procedures, operator, supervisor):
    from kendali.notify.models import Notification

    draft = actions.new_draft(procedures.sop, operator)
    actions.submit_for_review(draft, operator)
    assert Notification.objects.filter(user=supervisor, kind="sop_review").exists()


def test_a_decided_review_no_longer_waits_under_anyones_bell(world, procedures, operator):
    from kendali.agencies.models import User
    from kendali.notify.models import Notification

    chief = User.objects.create(username="kepala", role="supervisor")
    deputy = User.objects.create(username="wakil", role="supervisor")
    draft = actions.new_draft(procedures.sop, operator)
    actions.submit_for_review(draft, operator)

    def waiting():
        return Notification.objects.filter(kind="sop_review", read_at__isnull=True)

    assert {n.user for n in waiting()} >= {chief, deputy}
    actions.approve(draft, chief)
    assert not waiting().exists()  # the deputy need not look at it any more
