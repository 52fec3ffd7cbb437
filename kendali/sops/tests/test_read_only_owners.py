"""Executives and auditors read everything and change nothing: no SOP step may be theirs.
Saving such a step, submitting, approving or publishing a version that has one is refused with
a readable message, and a read-only person never completes a step, whatever it says."""

import pytest
from django.test import Client

from kendali.lib.errors import Invalid, NotAllowed
from kendali.reports import actions as report_actions
from kendali.sops import actions
from kendali.sops.actions import StepSpec
from kendali.sops.choices import VersionStatus
from kendali.sops.models import SOPRun, Step, StepRun


@pytest.mark.parametrize("role", ["executive", "auditor"])
def test_saving_a_step_owned_by_a_read_only_role_is_refused(world, procedures, operator, role):
    draft = actions.new_draft(procedures.sop, operator)
    with pytest.raises(Invalid) as refused:
        actions.save_steps(draft, operator, [StepSpec("Tinjau laporan", owner_role=role)])
    message = refused.value.errors["steps.1.owner_role"]
    assert "hanya membaca" in message and "Pilih peran lain" in message


def a_draft_with_an_executive_step(procedures, operator):
    """A draft whose step was made executive's behind the actions' back (an older draft, or a
    row written by hand)."""
    draft = actions.new_draft(procedures.sop, operator)
    Step.objects.filter(version=draft, order=1).update(owner_role="executive")
    return draft


def test_submitting_such_a_version_is_refused(world, procedures, operator):
    draft = a_draft_with_an_executive_step(procedures, operator)
    with pytest.raises(Invalid, match="Langkah 1 dipegang peran hanya-baca") as refused:
        actions.submit_for_review(draft, operator)
    assert "steps.1.owner_role" in refused.value.errors
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_approving_and_publishing_such_a_version_is_refused(
    world, procedures, operator, supervisor
):
    draft = actions.new_draft(procedures.sop, operator)
    actions.submit_for_review(draft, operator)
    Step.objects.filter(version=draft, order=2).update(owner_role="auditor")
    with pytest.raises(Invalid, match="hanya-baca") as refused:
        actions.approve(draft, supervisor)
    assert set(refused.value.errors) == {"steps.2.owner_role"}
    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_REVIEW
    # Approved before the rule: publication still refuses it.
    draft.__class__.objects.filter(pk=draft.pk).update(status=VersionStatus.APPROVED)
    with pytest.raises(Invalid, match="hanya-baca"):
        actions.publish(draft, supervisor)
    assert procedures.sop.published.number == 1


def test_the_console_says_which_step_and_why(world, procedures, operator, supervisor):
    draft = a_draft_with_an_executive_step(procedures, operator)
    draft.__class__.objects.filter(pk=draft.pk).update(status=VersionStatus.IN_REVIEW)
    client = Client()
    client.force_login(supervisor)
    response = client.post(
        f"/console/sop/{procedures.sop.code}/v{draft.number}/setujui/", follow=True
    )
    page = response.content.decode()
    assert "Langkah 1 dipegang peran hanya-baca" in page
    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_REVIEW


def test_the_console_form_does_not_offer_read_only_roles(db):
    from kendali.sops.forms import StepForm

    offered = {value for value, _label in StepForm().fields["owner_role"].choices}
    assert "operator" in offered and not offered & {"executive", "auditor"}


def test_a_read_only_person_never_completes_a_step_even_one_marked_theirs(
    world, procedures, operator, executive, make_report
):
    report = make_report()
    report_actions.verify_report(report, operator)
    run = SOPRun.objects.get(report=report)
    Step.objects.filter(pk=StepRun.objects.get(run=run, order=1).step_id).update(
        owner_role="executive"
    )
    with pytest.raises(NotAllowed):
        actions.complete_step(report, executive, 1, note="Sudah saya lihat.")
    assert StepRun.objects.get(run=run, order=1).state == "open"
