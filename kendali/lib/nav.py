"""The navigation registry: each app adds its own menu items, each with who may see it.

An app registers its items in its `AppConfig.ready()`; the shells render `items_for(area, user)`,
so no template checks a role to decide on a menu item. Areas: "console" (the console's header),
"portal" (the public website's header), and an app's own sub-navigation (e.g. "telemetry").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

Predicate = Callable[[Any], bool]


def everyone(user: Any) -> bool:
    return True


def signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    order: int
    area: str
    visible: Predicate = everyone
    css_class: str = ""
    url_args: tuple[Any, ...] = field(default=())

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.url_args)


_items: dict[tuple[str, str], NavItem] = {}


def register(item: NavItem) -> NavItem:
    """Add an item, or replace the one with the same area and key (ready() may run twice)."""
    _items[(item.area, item.key)] = item
    return item


def items(area: str) -> list[NavItem]:
    return sorted((i for i in _items.values() if i.area == area), key=lambda i: (i.order, i.key))


def items_for(area: str, user: Any) -> list[NavItem]:
    """The items of an area this person may see, in order."""
    return [item for item in items(area) if item.visible(user)]
