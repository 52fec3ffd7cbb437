"""The audit trail, for the Inspektorat (auditor) and the city's administrators."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from kendali.audit.access import may_read_audit
from kendali.audit.actions import verify_chain
from kendali.audit.models import AuditEntry
from kendali.audit.verification import last_verification
from kendali.lib.access import staff_required

PAGE = 100


@require_http_methods(["GET", "POST"])
@staff_required
def audit_log(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not may_read_audit(user):
        return render(request, "console/no_role.html", status=403)
    entries = AuditEntry.objects.order_by("-id")
    action = request.GET.get("action", "").strip()[:64]
    subject = request.GET.get("objek", "").strip()[:200]
    person = request.GET.get("pelaku", "").strip()[:150]
    if action:
        entries = entries.filter(action__startswith=action)
    if subject:
        entries = entries.filter(object_repr__icontains=subject)
    if person:
        entries = entries.filter(actor_label__icontains=person)
    before = request.GET.get("sebelum", "")
    if before.isdigit():
        entries = entries.filter(id__lt=int(before))
    rows = list(entries[: PAGE + 1])
    problems = None
    if request.method == "POST":
        problems = list(verify_chain())
    return render(
        request,
        "audit/console/log.html",
        {
            "rows": rows[:PAGE],
            "next_before": rows[PAGE - 1].pk if len(rows) > PAGE else None,
            "filters": {"action": action, "objek": subject, "pelaku": person},
            "problems": problems,
            "checked": request.method == "POST",
            "last": last_verification(),
        },
    )
