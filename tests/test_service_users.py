"""`cardnote users …` and API tokens: creation, stdin passwords, listing, revocation."""

from __future__ import annotations

import subprocess

import pytest

from service.cli import cli
from tests.support import ROOT, cardnote
from tests.support.service_helpers import add_user

pytestmark = pytest.mark.postgres  # the database tests here run on SQLite and on PostgreSQL

PASSWORD = "correct horse battery staple"


def test_users_add_prints_a_working_token_last(app, client, runner):
    result = runner.invoke(cli, ["users", "add", "Ana@Example.com"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert len(token) >= 43 and " " not in token  # 32 random bytes, base64url
    assert client.get("/api/v1/contacts", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    with app.app_context():
        from service.core.accounts import authenticate
        from service.storage.db import db

        assert authenticate(db.session, "ana@example.com", PASSWORD) is not None
        assert authenticate(db.session, "ana@example.com", "wrong password") is None
        assert authenticate(db.session, "nobody@example.com", PASSWORD) is None


@pytest.mark.parametrize(("stdin", "message"), [
    (f"{PASSWORD}\nsomething else\n", "differ"),
    ("short\n", "at least"),
    ("", "no password"),
])
def test_users_add_refuses_bad_passwords(runner, stdin, message):
    result = runner.invoke(cli, ["users", "add", "bea@example.com"], input=stdin)
    assert result.exit_code != 0
    assert message in str(result.exception)


def test_users_add_twice_is_a_conflict(runner):
    assert runner.invoke(cli, ["users", "add", "c@example.com"], input=PASSWORD).exit_code == 0
    again = runner.invoke(cli, ["users", "add", "C@example.com"], input=PASSWORD)
    assert again.exit_code != 0 and "already exists" in str(again.exception)


def test_users_add_through_the_installed_command(service_env, tmp_path):
    env = {"PATH": "/usr/bin:/bin", **service_env}
    done = subprocess.run(cardnote("users", "add", "dora@example.com"), input=f"{PASSWORD}\n{PASSWORD}\n",
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip().splitlines()[-1]
    duplicate = subprocess.run(cardnote("users", "add", "dora@example.com"), input=PASSWORD,
                               capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert duplicate.returncode == 1
    assert duplicate.stderr.strip() == "cardnote: a user dora@example.com already exists"
    listed = subprocess.run(cardnote("users", "tokens", "dora@example.com"), capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120)
    assert listed.returncode == 0 and "active" in listed.stdout and token not in listed.stdout


def test_tokens_list_new_and_revoke_on_the_cli(client, runner):
    first = runner.invoke(cli, ["users", "add", "e@example.com"], input=PASSWORD).output.splitlines()[-1]
    second = runner.invoke(cli, ["users", "token", "e@example.com", "--name", "laptop"]).output.splitlines()[-1]
    listing = runner.invoke(cli, ["users", "tokens", "e@example.com"]).output
    assert "laptop" in listing and listing.count("active") == 2
    first_id = next(line.split("\t")[0] for line in listing.splitlines() if "\tcli\t" in line)
    assert runner.invoke(cli, ["users", "revoke", "e@example.com", first_id]).exit_code == 0
    assert client.get("/api/v1/contacts", headers={"Authorization": f"Bearer {first}"}).status_code == 401
    assert client.get("/api/v1/contacts", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    assert "revoked" in runner.invoke(cli, ["users", "tokens", "e@example.com"]).output
    assert runner.invoke(cli, ["users", "revoke", "e@example.com", "9999"]).exit_code != 0


def test_tokens_through_the_api(app, client):
    headers = add_user(app, "f@example.com")
    created = client.post("/api/v1/tokens", headers=headers, json={"name": "phone"})
    assert created.status_code == 201
    new = created.get_json()
    assert new["name"] == "phone" and len(new["token"]) >= 43
    listed = client.get("/api/v1/tokens", headers=headers).get_json()["items"]
    assert {t["name"] for t in listed} == {"test", "phone"}
    assert all("token" not in t and "token_hash" not in t for t in listed)
    assert client.delete(f"/api/v1/tokens/{new['id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {new['token']}"}).status_code == 401
    assert client.get("/api/v1/tokens", headers=headers).status_code == 200


def test_tokens_are_stored_hashed(app):
    headers = add_user(app, "g@example.com")
    secret = headers["Authorization"].split()[1]
    with app.app_context():
        from sqlalchemy import select

        from service.storage.db import db
        from service.storage.models import ApiToken, User

        stored = db.session.scalars(select(ApiToken.token_hash)).all()
        password_hash = db.session.scalar(select(User.password_hash))
    assert secret not in stored and all(len(h) == 64 for h in stored)
    assert password_hash.startswith("$argon2id$")
