"""Published SOPs on the public website: what the city promised, readable and printable by
anyone."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kendali.agencies.choices import Role
from kendali.cities.models import City
from kendali.lib.markdown import render_markdown
from kendali.sops.choices import VersionStatus
from kendali.sops.models import SOP, SOPVersion
from kendali.sops.pdf import render as sop_pdf_render


def _published(code: str) -> tuple[SOP, SOPVersion]:
    sop = SOP.objects.filter(code=code).prefetch_related("categories").first()
    version = sop.published if sop else None
    if sop is None or version is None:
        raise Http404(_("SOP tidak ditemukan."))
    return sop, version


@require_GET
def sop_list(request: HttpRequest) -> HttpResponse:
    versions = (
        SOPVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("sop")
        .prefetch_related("sop__categories")
        .order_by("sop__code")
    )
    return render(request, "sops/portal/list.html", {"versions": versions})


@require_GET
def sop_detail(request: HttpRequest, code: str) -> HttpResponse:
    sop, version = _published(code)
    steps = [
        {
            "step": step,
            "html": render_markdown(step.instructions),
            "owner": Role(step.owner_role).label,
        }
        for step in version.steps.all()
    ]
    return render(
        request, "sops/portal/detail.html", {"sop": sop, "version": version, "steps": steps}
    )


@require_GET
def sop_pdf(request: HttpRequest, code: str) -> HttpResponse:
    sop, version = _published(code)
    city = City.current()
    content = sop_pdf_render(sop, version, city.name if city else "")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{sop.code}-v{version.number}.pdf"'
    return response
