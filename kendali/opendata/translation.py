"""Content fields of opendata in Indonesian, English and Sundanese (django-modeltranslation).

Each field gets ``<field>_id``, ``<field>_en`` and ``<field>_su`` columns; the plain attribute
gives the active language and falls back to Indonesian.
"""

from modeltranslation.translator import TranslationOptions, register

from kendali.opendata.models import Dataset


@register(Dataset)
class DatasetTranslation(TranslationOptions):
    fields = ("title", "notes")
    required_languages = ("id",)
