"""Between HTML forms and contract-1 `fields`: what the edit form posts, and rows for the templates.

The form posts plain strings (one input per value, parallel `phones`/`phones_kind` and `social`/
`social_service` lists); service.domain.fields.normalise_fields does the real work of keeping provenance and
marking edits as the user's, so nothing here decides what a valid field is.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from enrich.card import PHONE_KINDS
from service.domain.fields import SINGLE_FIELDS

# Below this confidence (or when a validator said no) the page asks the person to check the value.
LOW_CONFIDENCE = 0.7

SINGLE_LABELS = {
    "name": "Full name",
    "given_name": "Given name",
    "family_name": "Family name",
    "honorific": "Honorific",
    "title": "Job title",
    "department": "Department",
    "company": "Company",
    "address": "Address",
}
# Shown folded away under "More fields" while empty: most cards print neither.
OPTIONAL_FIELDS = ("honorific", "department")
LIST_LABELS = {"emails": "Emails", "phones": "Phones", "websites": "Websites", "social": "Social profiles"}
SOCIAL_SERVICES = ("linkedin", "x", "instagram", "facebook", "github", "youtube", "tiktok", "xing", "other")


def _text(form: MultiDict, key: str) -> str:
    return (form.get(key) or "").strip()


def fields_from_form(form: MultiDict) -> dict[str, Any]:
    """The posted edit form as a request `fields` object (strings and `{"value", "kind"|"service"}` items)."""
    fields: dict[str, Any] = {}
    for key in SINGLE_FIELDS:
        value = _text(form, key)
        if key == "address":  # a typed line break means the same as the comma between printed lines
            value = ", ".join(part.strip() for part in value.splitlines() if part.strip())
        fields[key] = value or None
    fields["emails"] = [v.strip() for v in form.getlist("emails") if v.strip()]
    fields["websites"] = [v.strip() for v in form.getlist("websites") if v.strip()]
    phones = zip(form.getlist("phones"), form.getlist("phones_kind"), strict=False)
    fields["phones"] = [{"value": v.strip(), "kind": k if k in PHONE_KINDS else "other"}
                        for v, k in phones if v.strip()]
    social = zip(form.getlist("social"), form.getlist("social_service"), strict=False)
    fields["social"] = [{"value": v.strip(), "service": s if s in SOCIAL_SERVICES else "other"}
                        for v, s in social if v.strip()]
    return fields


def context_from_form(form: MultiDict) -> tuple[str, dict[str, str], str | None]:
    """The posted note, collaboration {kind, detail} and optional meeting date."""
    collaboration = {"kind": _text(form, "collaboration_kind"), "detail": _text(form, "collaboration_detail")}
    return form.get("note") or "", collaboration, _text(form, "date") or None


def needs_check(item: Any) -> bool:
    """True for a value the reader was unsure of (low confidence) or that failed validation."""
    if not isinstance(item, dict):
        return False
    confidence = item.get("confidence")
    return item.get("valid") is False or (isinstance(confidence, int | float) and confidence < LOW_CONFIDENCE)


def single_rows(fields: dict[str, Any]) -> list[tuple[str, str, dict[str, Any] | None]]:
    """(key, label, field object or None) for every single-valued field, in form order."""
    return [(key, SINGLE_LABELS.get(key, key.replace("_", " ").capitalize()), fields.get(key))
            for key in SINGLE_FIELDS]
