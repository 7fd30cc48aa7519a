"""The back of a card merged into the front's card JSON: pure, no I/O.

What the front says wins: a field the front already has is kept, a field only the back has is added with
`"side": "back"` on its object (an addition to contract 1; front values carry no `side`), and a value the
back prints differently becomes a warning so a person decides. List fields (emails, phones, websites,
social profiles) gain the back's values the front does not have: two numbers are not a conflict.
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

from service.domain.fields import LIST_FIELDS, SINGLE_FIELDS

BACK = "back"
# The name parts follow the name: a back naming someone else must not split the front's name.
NAME_PARTS = ("given_name", "family_name")
LABELS = {"given_name": "given name", "family_name": "family name", "social": "social profile"}


def _key(field: str, item: dict[str, Any]) -> str:
    """The value as compared across sides: case, accents, spacing and URL decoration do not make a difference."""
    text = str(item.get("value") or "")
    if field in ("websites", "social"):
        text = text.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text
    return " ".join(folded.casefold().replace(",", " ").split())


def _from_back(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "side": BACK}


def merge_back(front: dict[str, Any], back: dict[str, Any]) -> dict[str, Any]:
    """The front's card JSON with the back's fields, warnings, source and OCR merged in (a new dict)."""
    merged = copy.deepcopy(front)
    fields = merged.setdefault("fields", {})
    back_fields = back.get("fields") or {}
    conflicts: list[str] = []
    name_from_back = not fields.get("name") and bool(back_fields.get("name"))
    for key in SINGLE_FIELDS:
        theirs = back_fields.get(key)
        if not theirs or not theirs.get("value"):
            continue
        ours = fields.get(key)
        if key in NAME_PARTS and fields.get("name") and not name_from_back:
            continue  # the front's name decides its parts; a different name is reported once, below
        if not ours or not ours.get("value"):
            fields[key] = _from_back(theirs)
        elif _key(key, ours) != _key(key, theirs):
            conflicts.append(f"The back of the card says “{theirs['value']}” for the "
                             f"{LABELS.get(key, key)}; the front's “{ours['value']}” was kept.")
    for key in LIST_FIELDS:
        items = list(fields.get(key) or [])
        known = {_key(key, item) for item in items if isinstance(item, dict)}
        for item in back_fields.get(key) or []:
            if isinstance(item, dict) and item.get("value") and _key(key, item) not in known:
                items.append(_from_back(item))
                known.add(_key(key, item))
        fields[key] = items
    enrichment = merged.setdefault("enrichment", {})
    for name, value in (back.get("enrichment") or {}).items():
        if enrichment.get(name) in (None, "", []) and value not in (None, "", []):
            enrichment[name] = value
    merged["warnings"] = [*(merged.get("warnings") or []),
                          *(f"Back of the card: {w}" for w in back.get("warnings") or []), *conflicts]
    merged.setdefault("source", {})["back"] = back.get("source") or {}
    merged.setdefault("ocr", {})["back"] = back.get("ocr") or {}
    return merged
