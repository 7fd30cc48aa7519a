"""`cardnote users …`: create users and manage their API tokens from the command line (contract 2)."""

from __future__ import annotations

import sys

import click
from flask import Flask

from service.core.accounts import create_user, get_user_by_email, issue_token, list_tokens, revoke_token
from service.domain.errors import ValidationFailed
from service.http.app import create_app
from service.storage.db import db


def _read_password() -> str:
    """The password: from a terminal prompt (typed twice), or stdin's first line (second line, if any, confirms)."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    lines = sys.stdin.read().splitlines()
    if not lines or not lines[0]:
        raise ValidationFailed("no password on stdin: send the password (and optionally its confirmation) "
                               "as lines", {"password": "missing"})
    if len(lines) > 1 and lines[1] and lines[1] != lines[0]:
        raise ValidationFailed("the password and its confirmation (the second line) differ",
                               {"password": "confirmation differs"})
    return lines[0]


def _app() -> Flask:
    return create_app()


@click.group()
def users() -> None:
    """Create users and manage their API tokens (uses CARDNOTE_DATABASE_URL / CARDNOTE_DATA_DIR)."""


@users.command("add")
@click.argument("email")
@click.option("--token-name", default="cli", show_default=True, help="Name of the first API token.")
def add(email: str, token_name: str) -> None:
    """Create a user (password from stdin or a prompt); prints a new API token as the last line."""
    password = _read_password()
    with _app().app_context():
        user = create_user(db.session, email, password)
        _, secret = issue_token(db.session, user, token_name)
        db.session.commit()
        click.echo(f"Created user {user.email}. API token (shown only now; send it as `Authorization: Bearer`):")
        click.echo(secret)


@users.command("token")
@click.argument("email")
@click.option("--name", default="cli", show_default=True, help="A name to recognise the token by.")
def token(email: str, name: str) -> None:
    """Create another API token for a user and print it (last line)."""
    with _app().app_context():
        user = get_user_by_email(db.session, email)
        row, secret = issue_token(db.session, user, name)
        db.session.commit()
        click.echo(f"New API token #{row.id} for {user.email} (shown only now):")
        click.echo(secret)


@users.command("tokens")
@click.argument("email")
def tokens(email: str) -> None:
    """List a user's API tokens: id, name, created, last used, revoked."""
    with _app().app_context():
        user = get_user_by_email(db.session, email)
        for row in list_tokens(db.session, user):
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
            click.echo(f"{row.id}\t{row.name}\tcreated {row.created_at:%Y-%m-%d %H:%M}\tlast used {used}\t{state}")


@users.command("revoke")
@click.argument("email")
@click.argument("token_id", type=int)
def revoke(email: str, token_id: int) -> None:
    """Revoke one of a user's API tokens by its id (see `cardnote users tokens`)."""
    with _app().app_context():
        user = get_user_by_email(db.session, email)
        revoke_token(db.session, user, token_id)
        db.session.commit()
        click.echo(f"Revoked token #{token_id} of {user.email}.")
