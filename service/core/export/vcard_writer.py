"""vCard 4.0 (RFC 6350, default) or 3.0 (RFC 2426) through vobject, and the property list jCard shares.

One neutral property list per contact (`vcard_properties`) feeds both the vCard text (vobject does the
escaping and 75-octet line folding for either version) and jCard (RFC 7095, service/core/export/json_writers.py),
so the two always say the same thing: notes as NOTE (one per meeting), collaboration kinds as CATEGORIES.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import vobject

from service.core.export.source import meeting_text

VERSIONS = ("4.0", "3.0")
# vCard 4.0 TEL types for cardnote's phone kinds (RFC 6350 §6.4.1); 3.0 uses the same words in capitals.
TEL_TYPES = {"work": ["work", "voice"], "mobile": ["cell", "voice"], "fax": ["work", "fax"], "other": ["voice"]}


@dataclass(frozen=True)
class Prop:
    """One vCard property: name, parameters, jCard value type, and a value (str, compound list or multi tuple)."""

    name: str
    params: dict[str, Any]
    kind: str  # jCard value type: text, uri, timestamp…
    value: str | list[str] | tuple[str, ...]  # list: structured (N, ADR, ORG); tuple: several values


def _timestamp(iso: str | None) -> str | None:
    if not iso:
        return None
    moment = dt.datetime.fromisoformat(iso).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def vcard_properties(document: dict[str, Any], flat: dict[str, Any]) -> list[Prop]:
    """The vCard 4.0 properties of one contact, in a fixed order."""
    display = flat["full_name"] or flat["company"] or flat["email"] or f"Contact {flat['id']}"
    props = [Prop("version", {}, "text", "4.0"), Prop("kind", {}, "text", "individual"),
             Prop("uid", {}, "uri", flat["uid"]), Prop("fn", {}, "text", display),
             Prop("n", {}, "text", [flat["family_name"] or "", flat["given_name"] or "", "",
                                    flat["honorific"] or "", ""])]
    if flat["company"] or flat["department"]:
        props.append(Prop("org", {}, "text", [flat["company"] or "", flat["department"] or ""]
                          if flat["department"] else flat["company"]))
    if flat["title"]:
        props.append(Prop("title", {}, "text", flat["title"]))
    props += [Prop("email", {"type": "work"}, "text", email) for email in flat["emails"]]
    props += [Prop("tel", {"type": TEL_TYPES.get(p["kind"], ["voice"])}, "uri", f"tel:{p['value']}")
              for p in flat["phones"]]
    props += [Prop("url", {"type": "work"}, "uri", url) for url in flat["websites"]]
    props += [Prop("url", {}, "uri", url) for url in flat["social"]]
    if flat["address"]:
        props.append(Prop("adr", {"type": "work", "label": flat["address"]}, "text",
                          ["", "", flat["street"] or "", flat["city"] or "", flat["region"] or "",
                           flat["postal_code"] or "", flat["country"] or ""]))
    props += [Prop("note", {}, "text", meeting_text(m)) for m in document["meetings"]]
    if flat["collaborations"]:
        props.append(Prop("categories", {}, "text", tuple(flat["collaborations"])))
    revision = _timestamp(flat["updated_at"])
    if revision:
        props.append(Prop("rev", {}, "timestamp", revision))
    return props


def _vobject_card(props: list[Prop], version: str) -> vobject.base.Component:
    card = vobject.vCard()
    for prop in props:
        if version == "3.0" and prop.name == "kind":
            continue  # KIND is new in 4.0
        line = card.add(prop.name)
        value: Any = prop.value
        if prop.name == "version":
            value = version
        elif prop.name == "n":
            family, given, additional, prefix, suffix = value
            value = vobject.vcard.Name(family=family, given=given, additional=additional, prefix=prefix,
                                       suffix=suffix)
        elif prop.name == "adr":
            box, extended, street, city, region, code, country = value
            value = vobject.vcard.Address(box=box, extended=extended, street=street, city=city, region=region,
                                          code=code, country=country)
        elif prop.name == "org":
            value = value if isinstance(value, list) else [value]
        elif prop.name == "categories":
            value = list(value)
        elif prop.name == "rev":
            value = value.replace("-", "").replace(":", "")  # vCard text uses the basic ISO 8601 format
        elif prop.name == "tel" and version == "3.0":
            value = value.removeprefix("tel:")
        line.value = value
        for key, param in prop.params.items():
            if version == "3.0" and key == "label":
                continue  # 3.0 has LABEL as a property, not a parameter; the ADR carries the parts
            words = param if isinstance(param, list) else [param]
            if key == "label":  # a quoted parameter value cannot hold '"' (RFC 6868 escaping is not supported)
                words = [w.replace('"', "'") for w in words]
            line.params[key.upper()] = [w.upper() if version == "3.0" else w for w in words]
        if prop.name == "tel" and version == "4.0":
            line.params["VALUE"] = ["uri"]
    return card


def vcard_text(props: list[Prop], version: str = "4.0") -> str:
    """One contact as vCard text (CRLF line ends, folded lines)."""
    return _vobject_card(props, version).serialize()


def write_vcard(rows: Iterator[tuple[dict[str, Any], dict[str, Any]]], version: str = "4.0") -> Iterator[str]:
    """Stream vCards, one per contact."""
    for document, flat in rows:
        yield vcard_text(vcard_properties(document, flat), version)


def jcard(props: list[Prop]) -> list[Any]:
    """One contact as jCard (RFC 7095): ["vcard", [[name, params, type, value…], …]]."""
    properties = []
    for prop in props:
        params = {k: v for k, v in prop.params.items()}
        if isinstance(prop.value, tuple):  # a multi-valued property lists its values one after another
            properties.append([prop.name, params, prop.kind, *prop.value])
        else:
            properties.append([prop.name, params, prop.kind, prop.value])
    return ["vcard", properties]
