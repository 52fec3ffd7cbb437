from django import template

from kendali.reports.choices import Priority, ReportStatus

register = template.Library()


@register.filter
def status_color(status: str) -> str:
    return ReportStatus.color(status)


@register.filter
def priority_color(priority: str) -> str:
    return Priority.color(priority)
