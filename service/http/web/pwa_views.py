"""The progressive web app: the manifest, the service worker at the root scope, and log-out's clean slate.

The worker's script is static/sw.js with its version (a digest of the assets it caches), the list of those
assets and the start URL filled in, so a new release replaces the cached copies. The app's icons were drawn
once with Pillow (python -m service.web.icons) and are committed under static/icons/.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import Response, current_app, url_for

from service.http.web.blueprint import web

STATIC = Path(__file__).resolve().parent / "static"
# What the service worker keeps for offline use (besides the pages a user opened).
CACHED_ASSETS = ("cardnote.css", "cardnote.js", "queue.js", "queue-core.js", "icons/icon-192.png",
                 "icons/icon-512.png")
ICONS = (("icons/icon-192.png", "192x192", "any"), ("icons/icon-512.png", "512x512", "any"),
         ("icons/icon-maskable-512.png", "512x512", "maskable"))
THEME_COLOUR = "#1f6f5c"


@cache
def _assets_digest() -> str:
    digest = hashlib.sha256()
    for name in (*CACHED_ASSETS, "sw.js"):
        digest.update((STATIC / name).read_bytes())
    return digest.hexdigest()[:16]


@web.get("/manifest.webmanifest")
def manifest() -> Response:
    """The web app manifest: installable on the home screen, opening on the Scan page."""
    body = {
        "name": "cardnote", "short_name": "cardnote",
        "description": "Business cards that remember the conversation.",
        "start_url": url_for("web.scan"), "scope": "/", "display": "standalone",
        "background_color": "#f4f5f8", "theme_color": THEME_COLOUR,
        "icons": [{"src": url_for("web.static", filename=src), "sizes": sizes, "type": "image/png",
                   "purpose": purpose} for src, sizes, purpose in ICONS],
    }
    response = Response(json.dumps(body), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@web.get("/sw.js")
def service_worker() -> Response:
    """The service worker, served from the root so that its scope is the whole app."""
    assets = [url_for("web.static", filename=name) for name in CACHED_ASSETS] + [url_for("web.manifest")]
    script = ((STATIC / "sw.js").read_text(encoding="utf-8")
              .replace("__VERSION__", _assets_digest() if not current_app.debug else "dev")
              .replace("__PRECACHE__", json.dumps(assets))
              .replace("__START_URL__", url_for("web.scan"))
              .replace("__QUEUE_CORE__", url_for("web.static", filename="queue-core.js")))
    response = Response(script, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"  # browsers check for a new worker on every visit
    response.headers["Service-Worker-Allowed"] = "/"
    return response
