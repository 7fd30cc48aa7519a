"""Log in and out with Flask-Login; passwords are checked by service.core.accounts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from service.core.accounts import authenticate
from service.http.web.blueprint import safe_next, web
from service.http.web.forms import LoginForm
from service.storage.db import db


@web.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int] | str:
    """The login form; a wrong email or password re-renders it with one message that reveals neither."""
    if current_user.is_authenticated:
        return redirect(url_for("web.scan"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data or "", form.password.data or "")
        if user is not None:
            db.session.commit()  # authenticate may have upgraded the password hash
            login_user(user, remember=bool(form.remember.data))
            return redirect(safe_next(request.args.get("next"), url_for("web.scan")))
        return render_template("login.html", form=form, error="Wrong email or password."), 401
    return render_template("login.html", form=form, error=None), 422 if form.errors else 200


@web.post("/logout")
@login_required
def logout() -> Response:
    """End the session; the browser is told to drop this site's caches, stored pages and upload queue too, so
    nothing of this user stays on a shared phone (the page's script clears them first, see static/queue.js)."""
    logout_user()
    flash("You are logged out.", "info")
    response = redirect(url_for("web.login"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@web.get("/")
@login_required
def index() -> Response:
    """Home is the scan page (or the login form)."""
    return redirect(url_for("web.scan"))
