"""The account's security page ("Keamanan akun"): setting up, replacing and removing the
second factor, and new recovery codes. Setting up is also the second login step of a person
whose role needs a second factor and who has none yet."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from kendali.agencies import actions, twofactor
from kendali.console.views.auth import SECOND_FACTOR, complete_login, pending_login
from kendali.lib.access import staff_required
from kendali.lib.lockout import count_failure, is_locked_out, locked_out


@require_http_methods(["GET"])
@staff_required
def security(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(request, "console/security.html", {"state": twofactor.describe(user)})


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Show the QR code and secret of a new authenticator; confirm it with a code from it."""
    pending = None if request.user.is_authenticated else pending_login(request)
    user: Any = request.user if pending is None else pending.user
    if not user.is_authenticated:
        return redirect("console:login")
    device = twofactor.pending_totp(user)
    error = ""
    if request.method == "POST":
        if is_locked_out(request, user.get_username()):
            return locked_out(request)
        codes = actions.confirm_enrolment(user, device, request, request.POST.get("code", ""))
        if codes is not None:
            if pending is not None:
                complete_login(request, pending, device)
                next_url = pending.next_url
            else:
                otp_login(request, device)
                next_url = "/console/keamanan/"
            return render(
                request, "console/recovery_codes.html", {"codes": codes, "next": next_url}
            )
        count_failure(request, user.get_username(), via=SECOND_FACTOR)
        error = _(
            "Kode salah. Periksa jam ponsel Anda, tunggu beberapa detik, lalu ketik kode yang "
            "sedang tampil."
        )
    context = {
        "qr": twofactor.qr_svg(device),
        "secret": twofactor.secret_of(device),
        "error": error,
        "required": twofactor.required_for(user),
        "pending": pending is not None,
    }
    return render(request, "console/enrol.html", context, status=400 if error else 200)


def _code_checked(request: HttpRequest, user: Any) -> bool:
    """Changes to the second factor ask a current code first."""
    if twofactor.verify_code(user, request.POST.get("code", "")) is not None:
        return True
    count_failure(request, user.get_username(), via=SECOND_FACTOR)
    return False


@require_POST
@staff_required
def renew_codes(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not twofactor.is_enrolled(user):
        return redirect("console:enrol")
    if not _code_checked(request, user):
        return _refused(request, user)
    codes = actions.renew_recovery_codes(user, request)
    return render(
        request, "console/recovery_codes.html", {"codes": codes, "next": "/console/keamanan/"}
    )


@require_POST
@staff_required
def remove(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not twofactor.is_enrolled(user):
        return redirect("console:security")
    if not _code_checked(request, user):
        return _refused(request, user)
    actions.remove_second_factor(user, user, request)
    # A role that needs a second factor is sent to set up a new one (the middleware does).
    return redirect("console:security")


def _refused(request: HttpRequest, user: Any) -> HttpResponse:
    context = {
        "state": twofactor.describe(user),
        "error": _(
            "Kode salah, kedaluwarsa atau sudah dipakai. Tunggu beberapa detik sebelum "
            "mencoba lagi."
        ),
    }
    return render(request, "console/security.html", context, status=400)
