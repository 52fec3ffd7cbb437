"""Content fields of agencies in Indonesian, English and Sundanese (django-modeltranslation).

Each field gets ``<field>_id``, ``<field>_en`` and ``<field>_su`` columns; the plain attribute
gives the active language and falls back to Indonesian.
"""

from modeltranslation.translator import TranslationOptions, register

from kendali.agencies.models import Agency


@register(Agency)
class AgencyTranslation(TranslationOptions):
    fields = ("name", "short_name", "description")
    required_languages = ("id",)
