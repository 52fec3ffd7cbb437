"""The console's warning form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kendali.cities.models import Area
from kendali.warnings.actions import DrawnArea, WarningDraft
from kendali.warnings.choices import CapCategory, Certainty, ResponseType, Severity, Urgency
from kendali.warnings.models import HEADLINE_MAX

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class WarningForm(forms.Form):
    event_ind = forms.CharField(label=_("Kejadian (Indonesia)"), max_length=120)
    event_en = forms.CharField(label=_("Kejadian (Inggris)"), max_length=120)
    event_su = forms.CharField(
        label=_("Kejadian (Sunda, opsional)"), max_length=120, required=False
    )
    category = forms.ChoiceField(label=_("Kategori CAP"), choices=CapCategory.choices)
    severity = forms.ChoiceField(label=_("Tingkat bahaya"), choices=Severity.choices)
    urgency = forms.ChoiceField(label=_("Urgensi"), choices=Urgency.choices)
    certainty = forms.ChoiceField(label=_("Kepastian"), choices=Certainty.choices)
    response_type = forms.ChoiceField(
        label=_("Tindakan yang dianjurkan"),
        choices=[("", "–"), *ResponseType.choices],
        required=False,
    )
    headline_ind = forms.CharField(label=_("Judul (Indonesia)"), max_length=HEADLINE_MAX)
    headline_en = forms.CharField(label=_("Judul (Inggris)"), max_length=HEADLINE_MAX)
    headline_su = forms.CharField(
        label=_("Judul (Sunda, opsional)"), max_length=HEADLINE_MAX, required=False
    )
    description_ind = forms.CharField(
        label=_("Uraian (Indonesia)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Uraian (Inggris)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    description_su = forms.CharField(
        label=_("Uraian (Sunda, opsional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    instruction_ind = forms.CharField(
        label=_("Arahan untuk warga (Indonesia)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    instruction_en = forms.CharField(
        label=_("Arahan untuk warga (Inggris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    instruction_su = forms.CharField(
        label=_("Arahan untuk warga (Sunda, opsional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    onset = forms.DateTimeField(
        label=_("Mulai berlaku"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=LocalDateTimeInput(),
    )
    expires = forms.DateTimeField(
        label=_("Berakhir pada"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=LocalDateTimeInput(),
    )
    areas = forms.MultipleChoiceField(
        label=_("Wilayah kota"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    drawn_description = forms.CharField(
        label=_("Nama wilayah yang digambar (opsional)"), max_length=100, required=False
    )
    drawn_polygon = forms.CharField(
        label=_("Poligon: pasangan lintang,bujur dipisah spasi, titik terakhir = titik pertama"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "mono"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (a.code, f"{a.get_level_display()} {a.name}")
            for a in Area.objects.defer("geometry").order_by("level", "name")
        ]
        self.fields["areas"].choices = choices  # type: ignore[attr-defined]

    def to_draft(self) -> WarningDraft:
        data = self.cleaned_data
        drawn = []
        if data.get("drawn_polygon", "").strip() or data.get("drawn_description", "").strip():
            drawn.append(
                DrawnArea(data.get("drawn_description", ""), data.get("drawn_polygon", ""))
            )
        return WarningDraft(
            event_ind=data["event_ind"],
            event_en=data["event_en"],
            category=data["category"],
            urgency=data["urgency"],
            severity=data["severity"],
            certainty=data["certainty"],
            response_type=data.get("response_type", ""),
            headline_ind=data["headline_ind"],
            headline_en=data["headline_en"],
            description_ind=data["description_ind"],
            description_en=data["description_en"],
            instruction_ind=data.get("instruction_ind", ""),
            instruction_en=data.get("instruction_en", ""),
            event_su=data.get("event_su", ""),
            headline_su=data.get("headline_su", ""),
            description_su=data.get("description_su", ""),
            instruction_su=data.get("instruction_su", ""),
            onset=data["onset"],
            expires=data["expires"],
            area_codes=list(data.get("areas", [])),
            drawn=drawn,
        )

    @classmethod
    def initial_from(cls, draft: WarningDraft) -> dict[str, Any]:
        from django.utils import timezone

        initial = {k: v for k, v in draft.__dict__.items() if k not in {"area_codes", "drawn"}}
        for name in ("onset", "expires"):
            if initial.get(name):
                initial[name] = timezone.localtime(initial[name]).strftime(DATETIME_FORMAT)
        initial["areas"] = draft.area_codes
        if draft.drawn:
            initial["drawn_description"] = draft.drawn[0].description
            initial["drawn_polygon"] = draft.drawn[0].polygon
        return initial

    def add_action_errors(self, errors: dict[str, str], message: str) -> None:
        for field, text in errors.items():
            if field.startswith("polygon"):
                self.add_error("drawn_polygon", text)
            elif field.startswith("drawn"):
                self.add_error("drawn_description", text)
            elif field in self.fields:
                self.add_error(field, text)
            else:
                self.add_error(None, text)
        if not errors:
            self.add_error(None, message)
