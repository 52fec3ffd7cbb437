from modeltranslation.translator import TranslationOptions, register

from kendali.insights.models import Kpi


@register(Kpi)
class KpiTranslation(TranslationOptions):
    fields = ("name", "description")
