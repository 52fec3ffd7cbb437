from django import template

from kendali.warnings.access import banner_warnings
from kendali.warnings.models import PublicWarning

register = template.Library()


@register.simple_tag
def active_warning_banner() -> list[PublicWarning]:
    """Active alerts and updates for the banner on every page of the public website."""
    return banner_warnings()
