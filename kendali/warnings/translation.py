"""Content fields of warnings in Indonesian, English and Sundanese (django-modeltranslation).

Each field gets ``<field>_id``, ``<field>_en`` and ``<field>_su`` columns; the plain attribute
gives the active language and falls back to Indonesian.
"""

from modeltranslation.translator import TranslationOptions, register

from kendali.warnings.models import PublicWarning


@register(PublicWarning)
class PublicWarningTranslation(TranslationOptions):
    fields = ("event", "headline", "description", "instruction")
    # A CAP warning goes out with an Indonesian and an English <info>; Sundanese is optional.
    required_languages = {
        "id": ("event", "headline", "description"),
        "en": ("event", "headline", "description"),
    }
