"""Console screens for the keys of Open311 integrations (supervisors and the city's admin)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kendali.agencies.models import User
from kendali.lib.access import staff_required
from kendali.lib.errors import Invalid
from kendali.open311 import actions
from kendali.open311.access import may_manage_keys
from kendali.open311.models import ApiKey


def _manager(request: HttpRequest) -> Any:
    if not may_manage_keys(request.user):
        raise Http404(_("Halaman tidak ditemukan."))
    return request.user


def _context(**extra: Any) -> dict[str, Any]:
    keys = ApiKey.objects.select_related("update_user").order_by("revoked_at", "name")
    users = User.objects.filter(is_active=True).order_by("username")
    return {"keys": keys, "users": users, **extra}


@require_GET
@staff_required
def key_list(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return render(request, "open311/console/keys.html", _context())


@require_POST
@staff_required
def key_issue(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    post = request.POST
    update_user = User.objects.filter(pk=post.get("update_user") or 0, is_active=True).first()
    try:
        key, secret = actions.issue_api_key(
            actor,
            name=post.get("name", ""),
            contact=post.get("contact", ""),
            rate=post.get("rate", "60/m").strip(),
            update_user=update_user,
        )
    except Invalid as exc:
        context = _context(error=exc, posted=post)
        return render(request, "open311/console/keys.html", context, status=400)
    # The secret is shown once, on this answer, and never stored.
    return render(request, "open311/console/keys.html", _context(new_key=key, secret=secret))


@require_POST
@staff_required
def key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    key = ApiKey.objects.filter(pk=pk).first()
    if key is None:
        raise Http404(_("Kunci tidak ditemukan."))
    actions.revoke_api_key(key, actor)
    messages.success(request, _("Kunci %(key)s dicabut.") % {"key": key})
    return redirect("open311-console:keys")
