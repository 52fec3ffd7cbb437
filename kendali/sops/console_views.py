"""SOPs in the console: read them, write drafts, review, approve, publish, retire; and the steps
of a report's checklist."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kendali.agencies.choices import Role
from kendali.lib.access import staff_required
from kendali.lib.errors import ActionError, Invalid, NotFound
from kendali.lib.markdown import render_markdown
from kendali.reports.access import access_report
from kendali.reports.console_views import detail_context
from kendali.reports.models import Report
from kendali.reports.uploads import clean_photos
from kendali.sops import actions
from kendali.sops.choices import VersionStatus
from kendali.sops.forms import SOPForm, StepFormSet, VersionForm
from kendali.sops.models import SOP, SOPVersion


def _can_write(user: Any) -> bool:
    return bool(user.is_supervisor or user.role == Role.OPERATOR)


@require_GET
@staff_required
def sop_list(request: HttpRequest) -> HttpResponse:
    sops = SOP.objects.prefetch_related("versions", "categories").order_by("code")
    rows = []
    for sop in sops:
        versions = list(sop.versions.all())
        rows.append(
            {
                "sop": sop,
                "published": next(
                    (v for v in versions if v.status == VersionStatus.PUBLISHED), None
                ),
                "pending": [
                    v
                    for v in versions
                    if v.status
                    in {VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.APPROVED}
                ],
            }
        )
    return render(
        request, "sops/console/list.html", {"rows": rows, "can_write": _can_write(request.user)}
    )


@require_GET
@staff_required
def sop_detail(request: HttpRequest, code: str) -> HttpResponse:
    sop = get_object_or_404(SOP, code=code)
    versions = list(
        sop.versions.select_related("author", "approved_by", "published_by", "calendar")
    )
    number = request.GET.get("versi")
    shown = next((v for v in versions if str(v.number) == number), None) or next(
        (v for v in versions if v.status == VersionStatus.PUBLISHED),
        versions[0] if versions else None,
    )
    steps = [
        {
            "step": step,
            "html": render_markdown(step.instructions),
            "owner": Role(step.owner_role).label,
        }
        for step in (shown.steps.all() if shown else [])
    ]
    user: Any = request.user
    return render(
        request,
        "sops/console/detail.html",
        {
            "sop": sop,
            "versions": versions,
            "shown": shown,
            "steps": steps,
            "can_write": _can_write(user),
            "is_supervisor": user.is_supervisor,
            "has_draft": any(v.status == VersionStatus.DRAFT for v in versions),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def sop_new(request: HttpRequest) -> HttpResponse:
    if not _can_write(request.user):
        raise Http404
    form = SOPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sop = actions.create_sop(
                request.user,
                code=data["code"],
                title=data["title"],
                purpose=data["purpose"],
                legal_basis=data["legal_basis"],
                category_codes=data["categories"],
                priorities=data["priorities"],
            )
        except Invalid as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            return redirect("sops-console:edit", code=sop.code)
    return render(
        request, "sops/console/new.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@staff_required
def sop_edit(request: HttpRequest, code: str) -> HttpResponse:
    sop = get_object_or_404(SOP, code=code)
    if not _can_write(request.user):
        raise Http404
    draft = sop.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is None:
        messages.error(request, _("Tidak ada draf. Buat draf baru dari versi terakhir."))
        return redirect("sops-console:detail", code=code)
    initial_steps = [
        {
            "title": s.title,
            "instructions": s.instructions,
            "owner_role": s.owner_role,
            "time_limit_minutes": s.time_limit_minutes,
            "required": s.required,
            "evidence": s.evidence,
            "kind": s.kind,
            "yes_step": s.yes_step,
            "no_step": s.no_step,
            "notify_roles": s.notify_roles,
            "message": s.message,
            "webhook_url": s.webhook_url,
            "sub_sop": s.sub_sop.code if s.sub_sop else "",
        }
        for s in draft.steps.select_related("sub_sop")
    ]
    version_form = VersionForm(
        request.POST or None,
        initial={
            "change_note": draft.change_note,
            "enforce_order": draft.enforce_order,
            "calendar": draft.calendar,
        },
    )
    formset = StepFormSet(request.POST or None, initial=initial_steps, prefix="steps")
    status = 200
    if request.method == "POST":
        if version_form.is_valid() and formset.is_valid():
            forms = [
                f
                for f in formset.forms
                if f.cleaned_data
                and not f.cleaned_data.get("DELETE")
                and f.cleaned_data.get("title")
            ]
            try:
                actions.update_settings(
                    draft,
                    request.user,
                    change_note=version_form.cleaned_data["change_note"],
                    enforce_order=version_form.cleaned_data["enforce_order"],
                    calendar=version_form.cleaned_data["calendar"],
                )
                actions.save_steps(draft, request.user, [f.spec() for f in forms])
            except ActionError as exc:
                _attach_errors(exc, forms, formset)
                status = exc.status_code
            else:
                messages.success(request, _("Draf tersimpan."))
                if "submit" in request.POST:
                    return _act(request, draft, "submit")
                return redirect("sops-console:edit", code=code)
        else:
            status = 400
    return render(
        request,
        "sops/console/edit.html",
        {"sop": sop, "draft": draft, "version_form": version_form, "formset": formset},
        status=status,
    )


def _attach_errors(exc: ActionError, forms: list[Any], formset: Any) -> None:
    """Put `steps.N.field` errors on the N-th kept step form, the rest on the formset."""
    for key, message in exc.errors.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[1].isdigit() and 0 < int(parts[1]) <= len(forms):
            form = forms[int(parts[1]) - 1]
            field = parts[2] if parts[2] in form.fields else None
            form.add_error(field, message)
        else:
            formset._non_form_errors = formset.error_class([message])
    if not exc.errors:
        formset._non_form_errors = formset.error_class([exc.message])


VERBS = {
    "ajukan": "submit",
    "minta-perubahan": "request_changes",
    "setujui": "approve",
    "terbitkan": "publish",
    "cabut": "retire",
}


@require_POST
@staff_required
def sop_action(request: HttpRequest, code: str, number: int, verb: str) -> HttpResponse:
    version = get_object_or_404(SOPVersion, sop__code=code, number=number)
    if verb == "draf-baru":
        try:
            actions.new_draft(version.sop, request.user)
        except ActionError as exc:
            messages.error(request, exc.message)
            return redirect("sops-console:detail", code=code)
        return redirect("sops-console:edit", code=code)
    if verb not in VERBS:
        raise Http404
    return _act(request, version, VERBS[verb])


def _act(request: HttpRequest, version: SOPVersion, name: str) -> HttpResponse:
    user: Any = request.user
    try:
        if name == "submit":
            actions.submit_for_review(version, user)
        elif name == "request_changes":
            actions.request_changes(version, user, reason=request.POST.get("reason", ""))
        elif name == "approve":
            actions.approve(version, user)
        elif name == "publish":
            actions.publish(version, user)
        elif name == "retire":
            actions.retire(version, user)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("SOP %(code)s v%(number)d: tersimpan.")
            % {"code": version.sop.code, "number": version.number},
        )
    return redirect(f"{_detail_url(version)}")


def _detail_url(version: SOPVersion) -> str:
    from django.urls import reverse

    return f"{reverse('sops-console:detail', args=[version.sop.code])}?versi={version.number}"


def _access(request: HttpRequest, ticket: str) -> Report:
    try:
        return access_report(request.user, ticket)
    except NotFound as exc:
        raise Http404(exc.message) from None


@require_POST
@staff_required
def step_action(
    request: HttpRequest, ticket: str, run_id: int, order: int, verb: str
) -> HttpResponse:
    """Complete or skip one step of a report's SOP checklist."""
    report = _access(request, ticket)
    user: Any = request.user
    try:
        if verb == "selesai":
            actions.complete_step(
                report,
                user,
                order,
                run_id=run_id,
                note=request.POST.get("note", ""),
                decision=request.POST.get("decision", ""),
                photos=clean_photos(request.FILES.getlist("photos")),
            )
        elif verb == "lewati":
            actions.skip_step(
                report, user, order, run_id=run_id, reason=request.POST.get("reason", "")
            )
        else:
            raise Http404(_("Tindakan tidak dikenal."))
    except ActionError as exc:
        context = detail_context(request, report)
        context |= {"failed_step": (run_id, order), "action_error": exc, "posted": request.POST}
        return render(
            request, "reports/console/report_detail.html", context, status=exc.status_code
        )
    messages.success(request, _("Langkah %(order)d tersimpan.") % {"order": order})
    return redirect(f"{reverse('reports-console:detail', args=[report.ticket])}#sop")
