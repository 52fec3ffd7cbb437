"""Content fields of open311 in Indonesian, English and Sundanese (django-modeltranslation).

Each field gets ``<field>_id``, ``<field>_en`` and ``<field>_su`` columns; the plain attribute
gives the active language and falls back to Indonesian.
"""

from modeltranslation.translator import TranslationOptions, register

from kendali.open311.models import ServiceAttribute


@register(ServiceAttribute)
class ServiceAttributeTranslation(TranslationOptions):
    fields = ("description",)
    required_languages = ("id",)
