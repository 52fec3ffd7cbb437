"""Who hears of a report change: handlers of the reports app's hooks.

The agency a report is disposed to gets a bell, the reporter an email for the status changes
below (when they left an email address), and webhook endpoints every creation and change.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import override

from kendali.agencies.models import User
from kendali.notify.actions import enqueue_webhooks, notify_users, tell_reporter
from kendali.notify.choices import NotificationKind
from kendali.reports import hooks
from kendali.reports.links import console_url
from kendali.reports.models import Report

# Status changes the reporter hears of by email (when they left an email address).
TOLD_TO_REPORTER = frozenset(
    {"verify", "hold", "reject", "duplicate", "dispose", "start", "resolve", "close", "reopen"}
)


def tell_agency(report: Report) -> None:
    with override("id"):
        title = _("Laporan baru untuk %(agency)s: %(ticket)s %(category)s") % {
            "agency": report.agency,
            "ticket": report.ticket,
            "category": report.category.name_ind,
        }
    notify_users(
        User.objects.filter(agency=report.agency, is_active=True),
        kind=NotificationKind.ASSIGNED,
        title=title,
        url=console_url(report),
        report=report,
    )


def on_created(event: hooks.ReportEvent) -> None:
    report = event.report
    enqueue_webhooks(
        "report.created", event.data, key=f"report.created:{report.pk}", agency_id=None
    )


def on_transitioned(event: hooks.ReportEvent) -> None:
    report, transition = event.report, event.transition
    assert transition is not None
    if event.action == "dispose":
        tell_agency(report)
    if event.action in TOLD_TO_REPORTER:
        tell_reporter(report, key=f"reporter:{transition.pk}", note=event.public_note)
    enqueue_webhooks(
        "report.changed",
        event.data,
        key=f"report.changed:{transition.pk}",
        agency_id=report.agency_id,
    )


def register() -> None:
    hooks.report_created.register(on_created, order=90, name="notify.created")
    hooks.report_transitioned.register(on_transitioned, order=90, name="notify.transitioned")
