"""Forms for writing SOPs in the console (no JavaScript needed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from kendali.agencies.choices import READ_ONLY_ROLES, Role
from kendali.reports.choices import Priority
from kendali.reports.models import Category
from kendali.sla.models import Calendar
from kendali.sops.actions import StepSpec
from kendali.sops.choices import Evidence, StepKind
from kendali.sops.models import SOP


class SOPForm(forms.Form):
    code = forms.SlugField(label=_("Kode"), max_length=40, help_text=_("Misalnya sop-banjir."))
    title = forms.CharField(label=_("Judul"), max_length=200)
    purpose = forms.CharField(
        label=_("Tujuan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    legal_basis = forms.CharField(
        label=_("Dasar hukum"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    categories = forms.MultipleChoiceField(
        label=_("Kategori laporan"), required=False, widget=forms.CheckboxSelectMultiple
    )
    priorities = forms.MultipleChoiceField(
        label=_("Prioritas (kosong: semua)"),
        choices=Priority.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["categories"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(c.code, c.name) for c in Category.objects.filter(is_active=True)]


class VersionForm(forms.Form):
    change_note = forms.CharField(
        label=_("Catatan perubahan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    enforce_order = forms.BooleanField(label=_("Langkah wajib harus berurutan"), required=False)
    calendar = forms.ModelChoiceField(
        label=_("Kalender batas waktu"), queryset=Calendar.objects.all(), required=False
    )


class StepForm(forms.Form):
    title = forms.CharField(label=_("Judul langkah"), max_length=200, required=False)
    instructions = forms.CharField(
        label=_("Petunjuk (Markdown)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    # Read-only roles (executive, auditor) own no step: not offered, and refused by the actions.
    owner_role = forms.ChoiceField(
        label=_("Penanggung jawab"),
        choices=[(value, label) for value, label in Role.choices if value not in READ_ONLY_ROLES],
    )
    time_limit_minutes = forms.IntegerField(
        label=_("Batas waktu (menit)"), min_value=1, required=False
    )
    required = forms.BooleanField(label=_("Wajib"), required=False, initial=True)
    evidence = forms.ChoiceField(label=_("Bukti"), choices=Evidence.choices)
    kind = forms.ChoiceField(label=_("Jenis"), choices=StepKind.choices)
    yes_step = forms.IntegerField(label=_("Ya → langkah"), min_value=1, required=False)
    no_step = forms.IntegerField(label=_("Tidak → langkah"), min_value=1, required=False)
    notify_roles = forms.MultipleChoiceField(
        label=_("Beri tahu peran"), choices=Role.choices, required=False
    )
    message = forms.CharField(label=_("Pesan"), max_length=500, required=False)
    webhook_url = forms.URLField(label=_("URL webhook"), required=False, assume_scheme="https")
    sub_sop = forms.ChoiceField(label=_("SOP yang dijalankan"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sub_sop"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *((s.code, s.code) for s in SOP.objects.all())]

    def spec(self) -> StepSpec:
        data = self.cleaned_data
        return StepSpec(
            title=data["title"],
            instructions=data.get("instructions", ""),
            owner_role=data["owner_role"],
            time_limit_minutes=data.get("time_limit_minutes"),
            required=bool(data.get("required")),
            evidence=data["evidence"],
            kind=data["kind"],
            yes_step=data.get("yes_step"),
            no_step=data.get("no_step"),
            notify_roles=list(data.get("notify_roles") or []),
            message=data.get("message", ""),
            webhook_url=data.get("webhook_url", ""),
            sub_sop=data.get("sub_sop", ""),
        )


StepFormSet = formset_factory(StepForm, extra=2, can_delete=True, max_num=50, validate_max=True)
