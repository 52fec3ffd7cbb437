"""Filters of the console queue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kendali.agencies.models import Agency
from kendali.cities.choices import AreaLevel
from kendali.cities.models import Area
from kendali.portal.forms import choice_field
from kendali.reports.choices import Priority, ReportStatus
from kendali.reports.models import Category

STATUS_CHOICES = [
    ("open", _("Semua yang terbuka")),
    ("all", _("Semua status")),
    *ReportStatus.choices,
]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    category = forms.ChoiceField(label=_("Kategori"), required=False)
    agency = forms.ChoiceField(label=_("Perangkat daerah"), required=False)
    area = forms.ChoiceField(label=_("Kecamatan"), required=False)
    priority = forms.ChoiceField(
        label=_("Prioritas"),
        choices=[("", _("Semua")), *Priority.choices],
        required=False,
    )
    q = forms.CharField(label=_("Cari"), max_length=100, required=False)
    sort = forms.ChoiceField(
        label=_("Urutan"),
        choices=[("prioritas", _("Prioritas dulu")), ("terbaru", _("Terbaru dulu"))],
        required=False,
    )

    def __init__(self, *args: Any, show_agency: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "category").choices = [("", _("Semua"))] + [
            (c.code, c.name) for c in Category.objects.all()
        ]
        choice_field(self, "area").choices = [("", _("Semua"))] + [
            (a.code, a.name) for a in Area.objects.filter(level=AreaLevel.KECAMATAN)
        ]
        if show_agency:
            choice_field(self, "agency").choices = [
                ("", _("Semua")),
                ("none", _("Belum didisposisikan")),
            ] + [(a.code, a.short_name) for a in Agency.objects.filter(is_active=True)]
        else:
            del self.fields["agency"]

    def statuses(self) -> list[str]:
        status = self.cleaned_data.get("status") or "open"
        if status == "all":
            return []
        if status == "open":
            return ReportStatus.open_values()
        return [status]
