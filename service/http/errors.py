"""Errors at the HTTP edge: every CardnoteError, HTTP error and crash becomes JSON `{"error", "message"}` for
API clients and an HTML page for browsers (the web package's error.html, or a minimal built-in page).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from jinja2 import TemplateNotFound
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from ocr.errors import CardnoteError

log = logging.getLogger(__name__)


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


def register_error_handlers(app: Flask) -> None:
    """Answer every error as JSON for API clients and as a page for browsers (one place for both)."""
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
