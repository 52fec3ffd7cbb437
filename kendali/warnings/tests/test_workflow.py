"""An operator drafts, a supervisor other than the author publishes; updates and cancellations
reference the original; bad drafts are refused with a message and nothing is stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kendali.agencies.models import User
from kendali.audit.models import AuditEntry
from kendali.lib.errors import Invalid, NotAllowed, WrongState
from kendali.warnings import actions
from kendali.warnings.access import active_warnings
from kendali.warnings.actions import DrawnArea
from kendali.warnings.models import PublicWarning, WarningArea

from .conftest import flood_draft


def test_an_operator_drafts_and_another_supervisor_publishes(operator, supervisor):
    warning = actions.draft_warning(operator, flood_draft())
    assert warning.state == "draft" and warning.identifier is None
    assert list(active_warnings()) == []
    published = actions.publish_warning(warning, supervisor)
    assert published.state == "published"
    assert published.approver == supervisor
    assert published.identifier.startswith("uji-peringatan-")
    assert published.cap_xml.startswith("<?xml")
    assert list(active_warnings()) == [published]
    assert AuditEntry.objects.filter(action="warning.publish", object_id=str(warning.pk)).exists()


def test_the_author_may_not_approve_their_own_warning(supervisor):
    warning = actions.draft_warning(supervisor, flood_draft())
    with pytest.raises(NotAllowed, match="Penyusun tidak boleh"):
        actions.publish_warning(warning, supervisor)
    warning.refresh_from_db()
    assert warning.state == "draft" and warning.cap_xml == ""


def test_only_a_supervisor_publishes_and_only_center_staff_draft(operator, officer_a, world):
    other = User.objects.create(username="operator2", role="operator")
    warning = actions.draft_warning(operator, flood_draft())
    with pytest.raises(NotAllowed):
        actions.publish_warning(warning, other)
    with pytest.raises(NotAllowed):
        actions.draft_warning(officer_a, flood_draft())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"expires": timezone.now() - timedelta(days=2)}, "expires"),
        ({"area_codes": []}, "areas"),
        ({"area_codes": ["tidak-ada"]}, "areas"),
        ({"headline_ind": "x" * 161}, "headline_ind"),
        ({"headline_en": ""}, "headline_en"),
        ({"severity": "Huge"}, "severity"),
        ({"onset": None}, "onset"),
    ],
)
def test_bad_drafts_are_refused_with_a_message(operator, changes, field):
    before = (PublicWarning.objects.count(), WarningArea.objects.count())
    with pytest.raises(Invalid) as refused:
        actions.draft_warning(operator, flood_draft(**changes))
    assert refused.value.errors.get(field)
    assert (PublicWarning.objects.count(), WarningArea.objects.count()) == before


def test_expiry_before_onset_is_refused(operator):
    now = timezone.now()
    with pytest.raises(Invalid, match="Periksa") as refused:
        actions.draft_warning(operator, flood_draft(onset=now, expires=now - timedelta(hours=1)))
    assert "sesudah" in refused.value.errors["expires"]


@pytest.mark.parametrize(
    ("polygon", "problem"),
    [
        ("-6.92,107.61 -6.93,107.62 -6.94,107.61", "4 titik"),
        ("-6.92,107.61 -6.93,107.62 -6.94,107.61 -6.92,107.60", "tertutup"),
        ("-6.92;107.61 -6.93,107.62 -6.94,107.61 -6.92,107.61", "pasangan"),
        ("-6.92,107.61 -6.92,107.61 -6.92,107.61 -6.92,107.61", "tidak valid"),
    ],
)
def test_drawn_polygons_must_be_closed_valid_rings(operator, polygon, problem):
    draft = flood_draft(area_codes=[], drawn=[DrawnArea("Bantaran sungai", polygon)])
    with pytest.raises(Invalid) as refused:
        actions.draft_warning(operator, draft)
    assert problem in refused.value.errors["polygon_1"]


def test_a_drawn_polygon_is_rounded_to_six_decimals(operator):
    ring = "-6.9212345678,107.61 -6.93,107.62 -6.94,107.61 -6.9212345678,107.61"
    warning = actions.draft_warning(
        operator, flood_draft(area_codes=[], drawn=[DrawnArea("Bantaran sungai", ring)])
    )
    area = warning.areas.get()
    assert area.polygons[0][0] == [-6.921235, 107.61]


def test_an_update_supersedes_and_a_cancel_cancels(operator, supervisor):
    original = actions.publish_warning(actions.draft_warning(operator, flood_draft()), supervisor)
    update = actions.draft_update(original, operator)
    assert update.msg_type == "Update" and update.references == original
    update.severity = "Severe"
    update.save()
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        update = actions.publish_warning(update, supervisor)
    original.refresh_from_db()
    assert original.state == "superseded"
    cancel = actions.draft_cancel(
        update,
        operator,
        reason="Hujan sudah reda, air surut.",
        reason_en="The rain has stopped and the water has gone down.",
    )
    with time_machine.travel(timezone.now() + timedelta(seconds=4)):
        actions.publish_warning(cancel, supervisor)
    update.refresh_from_db()
    assert update.state == "cancelled"
    cancel.refresh_from_db()
    assert cancel.msg_type == "Cancel" and cancel.state == "published"
    # The cancellation references the whole chain.
    assert original.identifier in cancel.cap_xml and update.identifier in cancel.cap_xml


def test_only_active_warnings_can_be_followed(operator, supervisor):
    draft = actions.draft_warning(operator, flood_draft())
    with pytest.raises(WrongState):
        actions.draft_update(draft, operator)
    published = actions.publish_warning(draft, supervisor)
    with pytest.raises(Invalid):
        actions.draft_cancel(published, operator, reason="")


def test_publishing_after_expiry_is_refused(operator, supervisor):
    warning = actions.draft_warning(operator, flood_draft())
    with time_machine.travel(timezone.now() + timedelta(days=2)), pytest.raises(Invalid):
        actions.publish_warning(warning, supervisor)


def test_the_job_expires_warnings(operator, supervisor):
    warning = actions.publish_warning(actions.draft_warning(operator, flood_draft()), supervisor)
    assert actions.expire_warnings(timezone.now()) == 0
    assert actions.expire_warnings(timezone.now() + timedelta(days=2)) == 1
    warning.refresh_from_db()
    assert warning.state == "expired"


def test_a_discarded_draft_cannot_be_published(operator, supervisor):
    warning = actions.draft_warning(operator, flood_draft())
    actions.discard_draft(warning, operator)
    with pytest.raises(WrongState):
        actions.publish_warning(warning, supervisor)


def test_control_characters_are_dropped_from_texts(operator, supervisor):
    draft = flood_draft(headline_ind="Siaga\x1b banjir\x00", description_ind="Air\x0b naik")
    warning = actions.publish_warning(actions.draft_warning(operator, draft), supervisor)
    assert warning.headline_ind == "Siaga banjir"
    assert "\x0b" not in warning.cap_xml


def test_text_of_only_control_characters_is_missing(operator):
    with pytest.raises(Invalid) as refused:
        actions.draft_warning(operator, flood_draft(event_ind="\x1b\x1b"))
    assert "event_ind" in refused.value.errors
