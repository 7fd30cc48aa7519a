"""Web security applied to the whole app: response headers, HTTPS-only details, proxy trust, login rate limit.

Settings (environment variable = Flask config key, see service/settings/config.py):
  CARDNOTE_BEHIND_PROXY     1 when a reverse proxy terminates TLS: trust one hop of X-Forwarded-For/-Proto/-Host
                            (werkzeug ProxyFix), so HTTPS is recognised (HSTS, Secure cookies) and rate limits
                            key on the client's address. Never set it when clients reach cardnote directly.
  CARDNOTE_LOGIN_RATE_LIMIT failed login attempts allowed per client address; default "10 per minute".
  CARDNOTE_RATELIMIT_STORAGE_URI where rate-limit counters live; default memory:// (one process). Use
                            redis://host:6379 when several server processes share the load.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import NotFound
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from service.http.errors import error_response

# No inline script or style anywhere: pages load cardnote.js / cardnote.css from 'self'.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                           "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
                           "object-src 'none'")
HSTS = "max-age=31536000; includeSubDomains"
DATABASE_INT_MAX = 2**63 - 1  # the largest id SQLite and PostgreSQL (bigint) can hold
LOGIN_ENDPOINT = "web.login"


def init_app(app: Flask) -> None:
    """Install the proxy fix (when configured), security headers and the rate limiter on `app`."""
    app.wsgi_app = SecureCookiesOverHttps(app.wsgi_app)  # type: ignore[method-assign]
    if app.config.get("CARDNOTE_BEHIND_PROXY"):  # outermost, so the cookie middleware sees the forwarded scheme
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1)  # type: ignore[method-assign]
    app.after_request(_security_headers)
    # One limiter per app (not a module global), so every app — and every test — counts on its own.
    limiter = Limiter(get_remote_address, app=app, storage_uri=app.config["CARDNOTE_RATELIMIT_STORAGE_URI"],
                      headers_enabled=True, key_prefix="cardnote")
    app.extensions["cardnote.limiter"] = limiter
    app.register_error_handler(RateLimitExceeded, _too_many_requests)


def limit_login(app: Flask) -> None:
    """Rate-limit failed POSTs to the login page (call after the web blueprint is registered)."""
    view = app.view_functions.get(LOGIN_ENDPOINT)
    if view is None:
        return
    limiter: Limiter = app.extensions["cardnote.limiter"]
    # Only failed attempts count, so a person who logs in correctly is never locked out by the limit.
    app.view_functions[LOGIN_ENDPOINT] = limiter.limit(
        app.config["CARDNOTE_LOGIN_RATE_LIMIT"], methods=["POST"],
        deduct_when=lambda response: response.status_code in (400, 401, 422))(view)


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in routes: an id too large for any database column is "not found" (404) at once, instead of
    reaching the database driver and failing there (OverflowError → 500, found by Schemathesis).

    NotFound is raised rather than a routing ValidationError: werkzeug would then try the route's other methods
    and answer 405 for a DELETE or PATCH, which says the wrong thing."""

    def to_python(self, value: str) -> int:
        """The id, or NotFound when no database could hold it."""
        number = super().to_python(value)
        if number > DATABASE_INT_MAX:
            raise NotFound("no such object")
        return number


def _too_many_requests(exc: RateLimitExceeded) -> Response:
    # Flask-Limiter adds Retry-After and the X-RateLimit-* headers to this response.
    return error_response(429, "too_many_requests",
                          f"Too many attempts ({exc.limit.limit}); wait a little and try again.")


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


class SecureCookiesOverHttps:
    """WSGI middleware: over HTTPS every cookie (session, remember-me) gets `Secure`, whatever the static setting.

    Middleware rather than an after_request hook because Flask writes the session cookie, and Flask-Login the
    remember-me cookie, after the app's own after_request functions have run."""

    def __init__(self, wsgi_app: Any) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        """Pass the request on, adding `; Secure` to Set-Cookie headers of HTTPS requests."""
        if environ.get("wsgi.url_scheme") != "https":
            return self.wsgi_app(environ, start_response)

        def secure_start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            headers = [(name, _secure(value)) if name.lower() == "set-cookie" else (name, value)
                       for name, value in headers]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, secure_start_response)


def _secure(cookie: str) -> str:
    attributes = {part.strip().lower() for part in cookie.split(";")}
    return cookie if "secure" in attributes else cookie + "; Secure"
