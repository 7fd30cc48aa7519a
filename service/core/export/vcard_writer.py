"""vCard 4.0 (RFC 6350, default) or 3.0 (RFC 2426), and the property list jCard shares.

One neutral property list per contact (`vcard_properties`) feeds both the vCard text (vcard_text.py does the
escaping, RFC 6868 parameter values and 75-octet line folding for either version) and jCard (RFC 7095,
service/core/export/json_writers.py), so the two always say the same thing: notes as NOTE (one per meeting, with
its win-win texts and next step), collaboration kinds as CATEGORIES. 3.0 carries the address label as LABEL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from service.core.export.source import meeting_text
from service.core.export.vcard_text import clean, content_line, escape_text

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
                          if flat["department"] else [flat["company"]]))
    if flat["title"]:
        props.append(Prop("title", {}, "text", flat["title"]))
    props += [Prop("email", {"type": "work"}, "text", email) for email in flat["emails"]]
    props += [Prop("tel", {"type": TEL_TYPES.get(p["kind"], ["voice"])}, "uri", f"tel:{p['value']}")
              for p in flat["phones"]]
    props += [Prop("url", {"type": "work"}, "uri", url) for url in flat["websites"]]
    props += [Prop("url", {}, "uri", url) for url in flat["social"]]
    if flat["address"]:
        props.append(Prop("adr", {"type": "work", "label": flat["label"]}, "text",
                          [flat["po_box"] or "", "", flat["street"] or "", flat["city"] or "", flat["region"] or "",
                           flat["postal_code"] or "", flat["country_name"] or ""]))
    props += [Prop("note", {}, "text", meeting_text(m)) for m in document["meetings"]]
    if flat["collaborations"]:
        props.append(Prop("categories", {}, "text", tuple(flat["collaborations"])))
    revision = _timestamp(flat["updated_at"])
    if revision:
        props.append(Prop("rev", {}, "timestamp", revision))
    return props


def _text_value(prop: Prop) -> str:
    if prop.kind in ("uri", "timestamp"):
        return clean(str(prop.value))
    if isinstance(prop.value, list):  # structured: components separated by ';'
        return ";".join(escape_text(part, component=True) for part in prop.value)
    if isinstance(prop.value, tuple):  # several values separated by ','
        return ",".join(escape_text(part) for part in prop.value)
    return escape_text(prop.value)


def _line(prop: Prop, version: str) -> list[str]:
    """The content line(s) of one property in `version` (3.0 moves LABEL out of ADR into its own property)."""
    if version == "3.0" and prop.name == "kind":
        return []  # KIND is new in 4.0
    value = version if prop.name == "version" else _text_value(prop)
    if prop.name == "rev":
        value = value.replace("-", "").replace(":", "")  # vCard text uses the basic ISO 8601 format
    params = []
    for key, param in prop.params.items():
        if version == "3.0" and key == "label":
            continue
        words = param if isinstance(param, list) else [param]
        params.append((key, [w.upper() if version == "3.0" and key == "type" else w for w in words]))
    if prop.name == "tel":
        if version == "3.0":
            value = value.removeprefix("tel:")
        else:
            params.append(("value", ["uri"]))
    lines = [content_line(prop.name, params, value)]
    if version == "3.0" and prop.name == "adr" and prop.params.get("label"):
        lines.append(content_line("label", [("type", ["WORK"])], escape_text(prop.params["label"])))
    return lines


def vcard_text(props: list[Prop], version: str = "4.0") -> str:
    """One contact as vCard text (CRLF line ends, folded lines, RFC 6868 parameter values)."""
    lines = ["BEGIN:VCARD\r\n"]
    for prop in props:
        lines += _line(prop, version)
    lines.append("END:VCARD\r\n")
    return "".join(lines)


def write_vcard(rows: Iterator[tuple[dict[str, Any], dict[str, Any]]], version: str = "4.0") -> Iterator[str]:
    """Stream vCards, one per contact."""
    for document, flat in rows:
        yield vcard_text(vcard_properties(document, flat), version)


def _cleaned(value: str | list[str] | tuple[str, ...]) -> str | list[str] | tuple[str, ...]:
    """The same text the vCard carries: one kind of line break, no characters vCard cannot hold."""
    if isinstance(value, str):
        return clean(value)
    return type(value)(clean(part) for part in value)


def jcard(props: list[Prop]) -> list[Any]:
    """One contact as jCard (RFC 7095): ["vcard", [[name, params, type, value…], …]]."""
    properties = []
    for prop in props:
        params = {k: clean(v) if isinstance(v, str) else v for k, v in prop.params.items()}
        prop = Prop(prop.name, prop.params, prop.kind, _cleaned(prop.value))
        if isinstance(prop.value, list) and len(prop.value) == 1:  # one component: a plain string (RFC 7095 §3.3.1.3)
            properties.append([prop.name, params, prop.kind, prop.value[0]])
        elif isinstance(prop.value, tuple):  # a multi-valued property lists its values one after another
            properties.append([prop.name, params, prop.kind, *prop.value])
        else:
            properties.append([prop.name, params, prop.kind, prop.value])
    return ["vcard", properties]
