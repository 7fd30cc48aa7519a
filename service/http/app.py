"""The Flask app factory: settings, extensions, blueprints and the one error handler.

Blueprints: `api` (JSON, /api/v1, bearer tokens) and `openapi` (/openapi.json) live here; the web
pages are an optional package. HOOK FOR THE WEB PAGES: if `service/http/web/__init__.py` exists it must
define `init_app(app: Flask) -> None`, which create_app calls after the API is registered; it registers
the `web` blueprint (and sets `login_manager.login_view`, template filters…). Pages use `db.session`,
`flask_login.current_user` and the domain functions in service/core/contacts.py, service/core/drafts.py and
service/core/accounts.py (authenticate). Errors on HTML requests render `templates/error.html` when the web
package provides it (context: status, error, message, fields), else a minimal built-in page.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import TemplateNotFound
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from ocr.errors import CardnoteError
from service.core.accounts import login_manager
from service.http import security
from service.settings.config import load_settings
from service.storage import audit
from service.storage import db as db_module
from service.storage.db import db

csrf = CSRFProtect()
log = logging.getLogger(__name__)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings from the environment overridden by `config`, database upgraded to head."""
    app = Flask("service", instance_relative_config=True)
    app.url_map.converters["int"] = security.DatabaseIdConverter  # before any route is added
    app.config.update(load_settings(app.instance_path, config))

    db.init_app(app)
    audit.install()
    login_manager.init_app(app)
    csrf.init_app(app)
    if app.config["CARDNOTE_AUTO_MIGRATE"]:
        with app.app_context():
            db_module.upgrade(db.engine)

    from service.http.api.openapi import openapi_bp
    from service.http.api.routes import api_bp

    csrf.exempt(api_bp)  # bearer-token auth, no cookies: cross-site requests cannot ride on a session
    app.register_blueprint(api_bp)
    app.register_blueprint(openapi_bp)
    # Before the web pages: their own (stricter) page policy is then applied first and kept.
    security.init_app(app)
    _register_web(app)
    _register_error_handlers(app)
    security.limit_login(app)
    return app


def _register_web(app: Flask) -> None:
    try:
        web = importlib.import_module("service.http.web")
    except ModuleNotFoundError as exc:
        if exc.name != "service.http.web":
            raise
        return
    init_web = getattr(web, "init_app", None)
    if init_web is None:  # a half-written service/web (no __init__.py yet): serve the API alone
        log.warning("service.http.web has no init_app(app); web pages are not registered")
        return
    init_web(app)


def wants_json() -> bool:
    """True for API calls and clients that ask for JSON; False for browser pages."""
    if request.path.startswith("/api/") or request.path == "/openapi.json" or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_response(status: int, code: str, message: str, extra: dict[str, Any] | None = None) -> Response:
    """A JSON error for API/JSON requests, else an HTML page (the web package's error.html, or a minimal one)."""
    body = {"error": code, "message": message, **(extra or {})}
    if wants_json():
        response = jsonify(body)
    else:
        try:
            html = render_template("error.html", status=status, **body)
        except TemplateNotFound:
            html = (f"<!doctype html><meta name=viewport content='width=device-width'><title>{status}</title>"
                    f"<h1>{status}</h1><p>{escape(message)}</p><p><a href='/'>Home</a></p>")
        response = Response(html, mimetype="text/html")
    response.status_code = status
    return response


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CardnoteError)
    def _cardnote_error(exc: CardnoteError) -> Response:
        body = exc.to_dict()
        response = error_response(exc.http_status, body.pop("error"), body.pop("message"), body)
        if exc.http_status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="cardnote"'
        return response

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError) -> Response:
        return error_response(400, "csrf_failed", "The form expired or was not sent by cardnote; reload the "
                              "page and try again.")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        code = (exc.name or "error").lower().replace(" ", "_")
        message = exc.description or exc.name
        if exc.code == 413:
            limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
            message = f"The upload is larger than the {limit} MB limit."
            if request.content_length is not None and request.content_length <= app.config["MAX_CONTENT_LENGTH"]:
                # werkzeug's form parser refused the parts, not the size (MAX_FORM_PARTS / MAX_FORM_MEMORY_SIZE)
                message = (f"The form has more than {app.config['MAX_FORM_PARTS']} parts or a text field larger "
                           f"than {app.config['MAX_FORM_MEMORY_SIZE'] // 1024} KB.")
        response = error_response(exc.code or 500, code, message)
        if exc.code == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "Something went wrong on the server; it has been logged.")
