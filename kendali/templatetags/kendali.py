from django import template

from kendali.lib.nav import NavItem, items_for
from kendali.reports.choices import Priority, ReportStatus
from kendali.reports.panels import ShownPanel

register = template.Library()


@register.filter
def status_color(status: str) -> str:
    return ReportStatus.color(status)


@register.filter
def priority_color(priority: str) -> str:
    return Priority.color(priority)


@register.simple_tag(takes_context=True)
def nav_items(context: template.Context, area: str) -> list[NavItem]:
    """`{% nav_items "console" as items %}`: the registered items this person may see."""
    return items_for(area, context.get("user"))


@register.simple_tag(takes_context=True)
def render_panel(context: template.Context, panel: ShownPanel) -> str:
    """`{% render_panel panel %}`: a report panel's template with the page's context and its own."""
    assert context.template is not None
    chosen = context.template.engine.get_template(panel.template)
    with context.push(**panel.context):
        return chosen.render(context)
