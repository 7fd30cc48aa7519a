"""Service-level errors: subclasses of the one CardnoteError hierarchy, turned into JSON/HTML only in app.py."""

from __future__ import annotations

from typing import Any

from ocr.errors import CardnoteError


class InvalidRequest(CardnoteError):
    """The request is malformed: not JSON, wrong types, unknown parameters."""

    exit_code = 2
    http_status = 400
    code = "invalid_request"

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}

    def to_dict(self) -> dict[str, Any]:
        """`{"error", "message"}` plus `fields` (field path -> problem) when there are any."""
        body = super().to_dict()
        if self.fields:
            body["fields"] = dict(self.fields)
        return body


class ValidationFailed(InvalidRequest):
    """Well-formed input that breaks a rule (e.g. a contact with no name, company, email or phone)."""

    http_status = 422
    code = "validation_error"


class ContextRequired(ValidationFailed):
    """A contact or meeting without a real conversation note and intended collaboration."""

    code = "context_required"


class NotFound(CardnoteError):
    """The object does not exist or belongs to someone else (never say which)."""

    exit_code = 1
    http_status = 404
    code = "not_found"


class Unauthorized(CardnoteError):
    """No valid credentials: missing, unknown or revoked API token, or a wrong password."""

    exit_code = 1
    http_status = 401
    code = "unauthorized"


class Conflict(CardnoteError):
    """The object already exists (e.g. a user with that email)."""

    exit_code = 1
    http_status = 409
    code = "conflict"


class UnreadableContacts(CardnoteError):
    """A contacts file (.vcf, Google or Outlook CSV) that cannot be read, or that holds no person."""

    exit_code = 2
    http_status = 422
    code = "unreadable_contacts"
