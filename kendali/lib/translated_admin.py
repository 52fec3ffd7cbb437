"""The admin for translated content: the three languages side by side, the fallback shown.

django-modeltranslation's `TranslationAdmin` puts ``name_ind``, ``name_en`` and ``name_su``
next to each other. An empty English or Sundanese field falls back to Indonesian on the
website; the form says so under the field, with the Indonesian text it will show.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.fields import TranslationField

FALLBACK_NOTE = _("Kosong: situs memakai teks Bahasa Indonesia (fallback).")


class TranslatedAdmin(TranslationAdmin[Any]):
    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (
            formfield is not None
            and isinstance(db_field, TranslationField)
            and db_field.language != "id"
        ):
            formfield.help_text = FALLBACK_NOTE
            formfield.required = False
        return formfield
