"""Content fields of cities in Indonesian, English and Sundanese (django-modeltranslation).

Each field gets ``<field>_id``, ``<field>_en`` and ``<field>_su`` columns; the plain attribute
gives the active language and falls back to Indonesian.
"""

from modeltranslation.translator import TranslationOptions, register

from kendali.cities.models import City


@register(City)
class CityTranslation(TranslationOptions):
    fields = ("tagline", "about", "organisation")
