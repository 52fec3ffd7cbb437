"""The report forms: the public report form (it works without JavaScript; the map only fills the
coordinates), tracking by ticket, and the console queue's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kendali.agencies.models import Agency
from kendali.cities.choices import AreaLevel
from kendali.cities.models import Area
from kendali.reports.choices import Priority, ReportStatus
from kendali.reports.models import (
    ADDRESS_MAX,
    CONTACT_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    Category,
)


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files in one input; each is checked and re-encoded by reports.uploads."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        return [file for file in (data if isinstance(data, list | tuple) else [data]) if file]


def area_choices() -> list[Any]:
    """Kecamatan, each followed by its kelurahan, as grouped choices for a select."""
    areas = list(Area.objects.select_related("parent").order_by("name"))
    children: dict[int, list[Area]] = {}
    for area in areas:
        if area.parent_id:
            children.setdefault(area.parent_id, []).append(area)
    groups: list[Any] = [("", _("— pilih kecamatan / kelurahan —"))]
    for area in areas:
        if area.level != AreaLevel.KECAMATAN:
            continue
        options = [(area.code, _("Kec. %(name)s (seluruhnya)") % {"name": area.name})]
        options += [(child.code, child.name) for child in children.get(area.pk, [])]
        groups.append((area.name, options))
    return groups


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("Kategori masalah"))
    description = forms.CharField(
        label=_("Uraian masalah"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Apa yang terjadi, sejak kapan, seberapa parah."),
    )
    address = forms.CharField(
        label=_("Alamat atau patokan"),
        max_length=ADDRESS_MAX,
        required=False,
        help_text=_("Misalnya: Jl. Braga depan No. 12, dekat halte."),
    )
    area = forms.ChoiceField(label=_("Kecamatan / kelurahan"), required=False)
    latitude = forms.FloatField(
        label=_("Lintang"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    longitude = forms.FloatField(
        label=_("Bujur"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    photos = PhotosField(
        label=_("Foto (opsional)"),
        required=False,
        widget=PhotosInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_(
            "Paling banyak 3 foto JPEG, PNG atau WebP, masing-masing hingga %(mb)d MB. "
            "Data lokasi dan kamera di dalam foto dihapus."
        )
        % {"mb": settings.MAX_PHOTO_BYTES // 1048576},
    )
    reporter_name = forms.CharField(label=_("Nama Anda"), max_length=NAME_MAX, required=False)
    reporter_contact = forms.CharField(
        label=_("Nomor HP atau email"),
        max_length=CONTACT_MAX,
        required=False,
        help_text=_("Agar petugas bisa menghubungi Anda. Tidak pernah ditampilkan ke publik."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonim: identitas saya hanya untuk command center, tidak untuk perangkat daerah"),
        required=False,
    )
    confidential = forms.BooleanField(
        label=_("Rahasia: jangan tampilkan laporan ini ke publik"), required=False
    )
    # A field people never see; bots fill it in.
    website = forms.CharField(
        required=False,
        label=_("Situs web"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = Category.objects.filter(is_active=True)
        choice_field(self, "category").choices = [
            ("", _("— pilih kategori —")),
            *((category.code, category.name) for category in categories),
        ]
        choice_field(self, "area").choices = area_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("Formulir tidak bisa diproses."))
        return data


class TrackForm(forms.Form):
    ticket = forms.CharField(
        label=_("Nomor tiket"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "ABCD-2345", "autocapitalize": "characters"}),
    )


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
