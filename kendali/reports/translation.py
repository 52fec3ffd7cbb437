"""Content fields of reports in Indonesian, English and Sundanese (django-modeltranslation).

Each field gets ``<field>_id``, ``<field>_en`` and ``<field>_su`` columns; the plain attribute
gives the active language and falls back to Indonesian.
"""

from modeltranslation.translator import TranslationOptions, register

from kendali.reports.models import Category


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("id",)
