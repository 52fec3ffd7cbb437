from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kendali.agencies.models import Agency


class ReportForm(forms.Form):
    start = forms.DateField(label=_("Dari"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Sampai"), widget=forms.DateInput(attrs={"type": "date"}))
    agency = forms.ModelChoiceField(
        label=_("Perangkat daerah"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Seluruh kota"),
        to_field_name="code",
    )

    def __init__(self, *args: Any, agencies: Any, city_wide: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
        field.required = not city_wide

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Tanggal akhir harus sesudah tanggal mulai."))
        elif start and end and (end - start).days > 731:
            self.add_error("end", _("Periode paling panjang dua tahun."))
        return data
