"""Flask-WTF forms. Other forms post plain inputs checked by the domain; CSRFProtect covers them all."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired


class LoginForm(FlaskForm):
    """Email and password (checked by service.core.accounts.authenticate)."""

    email = EmailField("Email", validators=[DataRequired("Enter your email.")],
                       render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Keep me logged in on this device")
