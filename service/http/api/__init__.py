"""The JSON API under /api/v1 (contract 3) and its OpenAPI document at /openapi.json."""

# The route modules add their routes to the blueprint when imported.
from service.http.api import event_routes, routes, scan_routes  # noqa: F401
from service.http.api.common import api_bp

__all__ = ["api_bp"]
