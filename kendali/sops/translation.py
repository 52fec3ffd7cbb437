"""Content fields of sops in Indonesian, English and Sundanese (django-modeltranslation).

Each field gets ``<field>_id``, ``<field>_en`` and ``<field>_su`` columns; the plain attribute
gives the active language and falls back to Indonesian.
"""

from modeltranslation.translator import TranslationOptions, register

from kendali.sops.models import SOP, Step


@register(SOP)
class SOPTranslation(TranslationOptions):
    fields = ("title", "purpose")
    required_languages = ("id",)


@register(Step)
class StepTranslation(TranslationOptions):
    fields = ("title", "instructions")
    required_languages = ("id",)
