"""The Flask app factory: settings, extensions, blueprints and the error handlers.

Blueprints: `api` (JSON, /api/v1, bearer tokens, service/http/api), `openapi` (/openapi.json) and `web` (the
pages, service/http/web, registered by its `init_app`). Errors are rendered by service/http/errors.py.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from service.http import errors, security, web
from service.http.api import api_bp
from service.http.api.openapi import openapi_bp
from service.http.auth import login_manager
from service.settings.config import load_settings
from service.storage import audit
from service.storage import db as db_module
from service.storage.db import db

csrf = CSRFProtect()


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


    csrf.exempt(api_bp)  # bearer-token auth, no cookies: cross-site requests cannot ride on a session
    app.register_blueprint(api_bp)
    app.register_blueprint(openapi_bp)
    # Before the web pages: their own (stricter) page policy is then applied first and kept.
    security.init_app(app)
    web.init_app(app)
    errors.register_error_handlers(app)
    security.limit_login(app)
    return app
