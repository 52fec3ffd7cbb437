"""Machine-readable warnings: CAP documents, the Atom feed and the GeoJSON layer."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.http import require_GET

from kendali.cities.models import City
from kendali.lib.links import absolute
from kendali.warnings.access import active_warnings, public_warning
from kendali.warnings.cap import CAP_MEDIA_TYPE, CAP_TYPE
from kendali.warnings.choices import MessageType
from kendali.warnings.models import PublicWarning


@require_GET
def cap_document(request: HttpRequest, identifier: str) -> HttpResponse:
    """The CAP 1.2 document exactly as published."""
    warning = public_warning(identifier)
    if warning is None:
        raise Http404(_("Peringatan tidak ditemukan."))
    response = HttpResponse(warning.cap_xml.encode("utf-8"), content_type=CAP_TYPE)
    response["Cache-Control"] = "public, max-age=60"
    return response


class _TypedLinks:
    """A feed writer's XML handler that gives every ``<link>`` the media type of what it
    points to, by its relation (RFC 4287 4.2.7.3), so relays pick the CAP document."""

    def __init__(self, handler: SimplerXMLGenerator, types: dict[str, str]) -> None:
        self.handler = handler
        self.types = types

    def addQuickElement(  # the name of the handler it stands in for
        self, name: str, contents: str | None = None, attrs: dict[str, str] | None = None
    ) -> None:
        attrs = dict(attrs or {})
        if name == "link" and "type" not in attrs and attrs.get("rel") in self.types:
            attrs["type"] = self.types[attrs["rel"]]
        self.handler.addQuickElement(name, contents, attrs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handler, name)


class CapAtomFeed(Atom1Feed):
    """Atom with typed links: the feed's page (HTML) and itself (Atom); each entry's CAP
    document (``application/cap+xml``) and its page on the public website (HTML)."""

    def add_root_elements(self, handler: SimplerXMLGenerator) -> None:
        types = {"alternate": "text/html", "self": "application/atom+xml"}
        super().add_root_elements(cast(SimplerXMLGenerator, _TypedLinks(handler, types)))

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        typed = _TypedLinks(handler, {"alternate": CAP_MEDIA_TYPE})
        super().add_item_elements(cast(SimplerXMLGenerator, typed), item)
        if item.get("page"):
            handler.addQuickElement(
                "link", "", {"rel": "related", "type": "text/html", "href": item["page"]}
            )


class ActiveWarningsFeed(Feed[PublicWarning, PublicWarning]):
    """Active warnings as thin Atom entries, each linking its CAP document."""

    feed_type = CapAtomFeed
    feed_url = "/warnings/feed.atom"

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        city = City.current()
        name = city.command_center_name if city else "Kendali"
        return _("Peringatan aktif · %(name)s") % {"name": name}

    def link(self) -> str:
        return reverse("warnings-portal:list")

    def subtitle(self) -> str:
        return _("Peringatan publik yang sedang berlaku, masing-masing sebagai dokumen CAP 1.2.")

    def author_name(self) -> str:
        city = City.current()
        return city.command_center_name if city else "Kendali"

    def items(self) -> list[PublicWarning]:
        return list(active_warnings()[:100])

    def item_title(self, item: PublicWarning) -> str:
        return item.headline_ind or ""

    def item_description(self, item: PublicWarning) -> str:
        return f"{item.get_severity_display()} · {item.get_urgency_display()} · {item.event_ind}"

    def item_link(self, item: PublicWarning) -> str:
        return absolute(self.request, reverse("warnings:cap", args=[item.identifier]))

    def item_extra_kwargs(self, item: PublicWarning) -> dict[str, Any]:
        page = reverse("warnings-portal:detail", args=[item.identifier])
        return {"page": absolute(self.request, page)}

    def item_guid(self, item: PublicWarning) -> str:
        return absolute(self.request, reverse("warnings:cap", args=[item.identifier]))

    def item_pubdate(self, item: PublicWarning) -> Any:
        return item.sent

    def item_updateddate(self, item: PublicWarning) -> Any:
        return item.sent

    def item_categories(self, item: PublicWarning) -> list[str]:
        return [item.category, item.msg_type]


def _feature(warning: PublicWarning) -> list[dict[str, Any]]:
    features = []
    for area in warning.areas.all():
        if not area.polygons:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[[[lon, lat] for lat, lon in ring]] for ring in area.polygons],
                },
                "properties": {
                    "identifier": warning.identifier,
                    "headline": warning.headline,
                    "event": warning.event,
                    "severity": warning.severity,
                    "severity_label": str(warning.get_severity_display()),
                    "color": warning.severity_color,
                    "area": area.description,
                    "expires": warning.expires.isoformat(),
                    "url": reverse("warnings-portal:detail", args=[warning.identifier]),
                },
            }
        )
    return features


@require_GET
def active_geojson(request: HttpRequest) -> HttpResponse:
    """Areas of the active alerts and updates, for the portal's and the console's maps."""
    rows = active_warnings().exclude(msg_type=MessageType.CANCEL).prefetch_related("areas")
    features = [feature for warning in rows for feature in _feature(warning)]
    return JsonResponse({"type": "FeatureCollection", "features": features})
