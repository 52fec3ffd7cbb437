"""The JSON API v1: one NinjaAPI assembled from every app's router.

Authentication, the error shape and validation live in `kendali/lib/api.py`, which the routers
import; this module only puts the routers together and publishes the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from kendali.agencies.api import router as agencies_router
from kendali.cities.api import router as cities_router
from kendali.insights.api import router as insights_router
from kendali.lib.api import EXTRA_SCHEMAS, JsonParser, install_error_handlers
from kendali.reports.api import router as reports_router
from kendali.sops.api import router as sops_router
from kendali.telemetry.api import router as telemetry_router


class KendaliAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["paths"]["/api/v1/events"] = EVENTS_OPENAPI
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in EXTRA_SCHEMAS:
            definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(definition.pop("$defs", {}))
            components[model.__name__] = definition
        return schema


api = KendaliAPI(
    title="Kendali API",
    version="1",
    description=(
        "Public and staff API of a Kendali command center. Public endpoints need no "
        "authentication; staff endpoints take `Authorization: Bearer <token>` "
        "(`kendali token create USERNAME`) or the console's session cookie. Errors always "
        'have the shape `{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`.'
    ),
    urls_namespace="api",
    docs_url="/docs",
    parser=JsonParser(),
)

EVENTS_OPENAPI = {
    "get": {
        "operationId": "kendali_events",
        "summary": "Live events for staff (Server-Sent Events)",
        "description": (
            "A `text/event-stream` of `report.created` and `report.changed` events, limited to "
            "what the authenticated user may see. Each event's data is JSON with `ticket`, "
            "`action`, `status`, `priority`, `agency_id` and `category`; fetch the report for "
            "details. A `reset` event means events were dropped and the client should reload."
        ),
        "tags": ["events"],
        "security": [{"BearerAuth": []}, {"sessionid": []}],
        "responses": {
            "200": {"description": "Event stream", "content": {"text/event-stream": {}}},
            "401": {"description": "Not authenticated"},
        },
    }
}


install_error_handlers(api)
api.add_router("", reports_router)
api.add_router("", sops_router)
api.add_router("", cities_router)
api.add_router("", agencies_router)
api.add_router("", telemetry_router)
api.add_router("", insights_router)
