"""Accounts: users with argon2 password hashes, and their API tokens (stored only as SHA-256 hashes).

How a request proves who it is (bearer tokens, the Flask-Login session) is service/http/auth.py.
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.domain.errors import Conflict, NotFound, ValidationFailed
from service.storage.models import ApiToken, User, utcnow

MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()

def normalise_email(email: str) -> str:
    """Trim and lower-case a login email (logins are case-insensitive)."""
    return email.strip().lower()


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    """True when `password` matches the user's hash (upgrading the hash's parameters when outdated)."""
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return True


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user with this email and password, or None (for the web login form)."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        _hasher.hash(password)  # spend the same time as a real check so timing does not reveal accounts
        return None
    return user if verify_password(user, password) else None


def create_user(session: Session, email: str, password: str) -> User:
    """Create a user; Conflict when the email is taken, ValidationFailed for a bad email or short password."""
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise ValidationFailed(f"{email!r} is not an email address", {"email": "not an email address"})
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"the password must have at least {MIN_PASSWORD_LENGTH} characters",
                               {"password": "too short"})
    user = User(email=email, password_hash=hash_password(password))
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"a user {email} already exists") from None
    return user


def get_user_by_email(session: Session, email: str) -> User:
    """The user with this email, else NotFound."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise NotFound(f"no user {normalise_email(email)}")
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, name: str = "api") -> tuple[ApiToken, str]:
    """Create an API token for `user`; returns the row and the secret, which is never stored or shown again."""
    secret = secrets.token_urlsafe(32)  # 256 random bits
    token = ApiToken(user_id=user.id, name=name.strip()[:100] or "api", token_hash=_token_hash(secret))
    session.add(token)
    session.flush()
    return token, secret


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked ones included, marked)."""
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_token(session: Session, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's tokens (idempotent); NotFound for someone else's or an unknown id."""
    token = session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))
    if token is None:
        raise NotFound("no such API token")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token


def token_to_json(token: ApiToken) -> dict:
    """Public description of a token (never its secret or hash)."""
    return {
        "id": token.id,
        "name": token.name,
        "created_at": token.created_at.isoformat() if token.created_at else None,
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked": token.revoked_at is not None,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


def user_for_token(session: Session, secret: str) -> tuple[User, ApiToken] | None:
    """The owner and row of a live API token, recording its use; None when unknown or revoked."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(secret),
                                                  ApiToken.revoked_at.is_(None)))
    if token is None:
        return None
    session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=utcnow()))
    session.commit()
    return token.user, token
