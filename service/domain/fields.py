"""Request `fields` -> stored contract-1 `fields`: accept strings where field objects are expected, keep
provenance of values that came from the card, and mark everything a person typed or changed as `user`.

The field names and their shapes are read from enrich.card's dataclasses, so the API accepts exactly
the card JSON's `fields` (contract 1) and follows it when it grows compatibly.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from enrich.card import PHONE_KINDS, CardFields
from service.domain.errors import ValidationFailed

USER_CONFIDENCE = 1.0


def _field_specs() -> dict[str, tuple[type, bool]]:
    """{field name: (dataclass of one item, is_list)} read from CardFields' annotations."""
    hints = typing.get_type_hints(CardFields)
    specs: dict[str, tuple[type, bool]] = {}
    for name, hint in hints.items():
        if typing.get_origin(hint) is list:
            specs[name] = (typing.get_args(hint)[0], True)
        else:  # `X | None`
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            specs[name] = (args[0] if args else hint, False)
    return specs


FIELD_SPECS = _field_specs()
SINGLE_FIELDS = tuple(k for k, (_, many) in FIELD_SPECS.items() if not many)
LIST_FIELDS = tuple(k for k, (_, many) in FIELD_SPECS.items() if many)


def empty_fields() -> dict[str, Any]:
    """A contract-1 `fields` object with every field missing."""
    return {k: ([] if many else None) for k, (_, many) in FIELD_SPECS.items()}


def _allowed_types(item_cls: type) -> dict[str, tuple[type, ...]]:
    allowed: dict[str, tuple[type, ...]] = {}
    for f in dataclasses.fields(item_cls):
        hint = typing.get_type_hints(item_cls)[f.name]
        args = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        plain = tuple(typing.get_origin(a) or a for a in args)
        allowed[f.name] = tuple(float if t is float else t for t in plain) + ((int,) if float in plain else ())
    return allowed


def _item_from_request(key: str, item: Any, item_cls: type) -> dict[str, Any]:
    if isinstance(item, str):
        item = {"value": item}
    if not isinstance(item, dict) or not isinstance(item.get("value"), str):
        raise ValidationFailed(f"fields.{key}: expected a string or an object with a string `value`",
                               {f"fields.{key}": "expected a string or {\"value\": …}"})
    allowed = _allowed_types(item_cls)
    clean: dict[str, Any] = {}
    for name, value in item.items():
        if name in allowed and (value is None or isinstance(value, allowed[name])):
            clean[name] = value
    clean["value"] = " ".join(clean["value"].split()) if key != "address" else clean["value"].strip()
    return clean


def _user_item(key: str, item: dict[str, Any], region: str | None) -> dict[str, Any]:
    """Complete a value a person typed: source `user`, full confidence, validity checked by the libraries."""
    out = {k: v for k, v in item.items() if k not in ("source", "confidence", "raw")}
    out.update(source="user", confidence=USER_CONFIDENCE)
    if key == "emails":
        try:
            out["value"] = validate_email(out["value"], check_deliverability=False).normalized
            out["valid"] = True
        except EmailNotValidError:
            out["valid"] = False
    elif key == "phones":
        out.update(_phone(out["value"], out.get("region") or region))
        if out.get("kind") not in PHONE_KINDS:
            out["kind"] = "other"
    elif key == "websites" and "://" not in out["value"]:
        out["value"] = "https://" + out["value"]
    elif key == "social":
        out.setdefault("service", "other")
    elif key == "address":
        out.setdefault("lines", [line.strip() for line in out["value"].split(",") if line.strip()])
        out.setdefault("country", None)
    return out


def _phone(text: str, region: str | None) -> dict[str, Any]:
    """E.164 when phonenumbers validates it; else the raw digits (contract 1), or the text if it has none."""
    try:
        number = phonenumbers.parse(text, region)
        if phonenumbers.is_valid_number(number):
            return {"value": phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), "valid": True,
                    "region": phonenumbers.region_code_for_number(number)}
    except phonenumbers.NumberParseException:
        pass
    digits = "".join(ch for ch in text if ch.isdigit() or ch == "+")
    return {"value": digits if any(ch.isdigit() for ch in digits) else text, "valid": False, "region": region}


def _with_provenance(key: str, item: dict[str, Any], previous: list[dict[str, Any]],
                     region: str | None) -> dict[str, Any]:
    """Keep the earlier object (source, confidence, raw) when the value is unchanged; else it is the user's."""
    for old in previous:
        if isinstance(old, dict) and old.get("value") == item["value"]:
            merged = {**old, **{k: v for k, v in item.items() if k not in ("source", "confidence", "raw")}}
            return merged
    return _user_item(key, item, region)


def normalise_fields(raw: Any, previous: dict[str, Any] | None = None, *, partial: bool = False,
                     region: str | None = None) -> dict[str, Any]:
    """Turn request `fields` into stored fields; with `partial`, keys not sent keep their `previous` value."""
    if not isinstance(raw, dict):
        raise ValidationFailed("`fields` must be an object shaped like the card JSON's fields",
                               {"fields": "expected an object"})
    unknown = sorted(set(raw) - set(FIELD_SPECS))
    if unknown:
        raise ValidationFailed("unknown field(s): " + ", ".join(unknown) + "; known: " + ", ".join(FIELD_SPECS),
                               {f"fields.{k}": "unknown field" for k in unknown})
    previous = previous or {}
    result = {**empty_fields(), **(previous if partial else {})}
    for key, value in raw.items():
        item_cls, many = FIELD_SPECS[key]
        old = previous.get(key)
        old_items = old if isinstance(old, list) else ([old] if old else [])
        if many:
            if value is None:
                value = []
            if isinstance(value, str | dict):
                value = [value]
            if not isinstance(value, list):
                raise ValidationFailed(f"fields.{key} must be a list", {f"fields.{key}": "expected a list"})
            items = [_item_from_request(key, v, item_cls) for v in value]
            result[key] = [_with_provenance(key, i, old_items, region) for i in items if i["value"]]
        else:
            if isinstance(value, list):
                raise ValidationFailed(f"fields.{key} must be a single value", {f"fields.{key}": "expected one value"})
            item = None if value is None else _item_from_request(key, value, item_cls)
            result[key] = _with_provenance(key, item, old_items, region) if item and item["value"] else None
    return result


def display_name(fields: dict[str, Any]) -> str | None:
    """The name to show and search for a contact."""
    for key in ("name", "given_name", "family_name"):
        if fields.get(key):
            return fields[key]["value"]
    return None


def lookup_emails(fields: dict[str, Any]) -> list[str]:
    """Lower-cased emails, for recognising a contact already known."""
    return sorted({e["value"].strip().lower() for e in fields.get("emails") or [] if e.get("value")})


def lookup_phones(fields: dict[str, Any]) -> list[str]:
    """E.164 numbers (or bare digits of invalid ones), for recognising a contact already known."""
    found = set()
    for phone in fields.get("phones") or []:
        value = str(phone.get("value") or "")
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) >= 6:  # shorter strings are extensions or noise; matching them would merge strangers
            found.add(value if value.startswith("+") and phone.get("valid") else digits)
    return sorted(found)


def has_identity(fields: dict[str, Any]) -> bool:
    """True when the fields say who this is: a name, company, email or phone."""
    return any(fields.get(k) for k in ("name", "given_name", "family_name", "company", "emails", "phones"))
