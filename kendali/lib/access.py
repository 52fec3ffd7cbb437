"""Who may use the console."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Signed in, active and holding a staff role; anyone else goes to the login page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if not (user.reads_everything or user.is_agency_staff):
            return render(request, "console/no_role.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
