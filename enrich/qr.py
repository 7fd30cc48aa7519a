"""QR/barcode payloads: vCard (vobject), MECARD (hand parser) and plain URLs as fields with source "qr".

MECARD is parsed by hand because no maintained Python library reads it (vobject knows vCard and
iCalendar only) and the format is a flat 'KEY:value;' list with backslash escapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import phonenumbers
import vobject
from phonenumbers import PhoneNumberFormat

from enrich.card import AddressField, CardFields, EmailField, PhoneField, SocialField, TextField, WebsiteField
from enrich.emails import check_email
from enrich.phones import kind_from_type
from enrich.web import normalise_url, registrable_domain, social_profile

QR_CONFIDENCE = 0.99


@dataclass
class QrResult:
    """Fields read from the card's codes, and warnings about codes that could not be used."""

    fields: CardFields = field(default_factory=CardFields)
    found: bool = False
    warnings: list[str] = field(default_factory=list)


def parse_mecard(payload: str) -> dict[str, list[str]]:
    """MECARD:N:Doe,John;TEL:+1...;; -> {"N": ["Doe,John"], "TEL": ["+1..."]} (escapes undone)."""
    body = payload.strip()
    body = body[len("MECARD:"):] if body.upper().startswith("MECARD:") else body
    out: dict[str, list[str]] = {}
    for part in re.split(r"(?<!\\);", body):
        if ":" not in part:
            continue
        key, _, value = part.partition(":")
        value = re.sub(r"\\(.)", r"\1", value).strip()
        if value:
            out.setdefault(key.strip().upper(), []).append(value)
    return out


def _phone(value: str, kind: str | None, raw: str, region: str | None) -> PhoneField | None:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    valid = phonenumbers.is_valid_number(number)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return PhoneField(value=e164 if valid else "".join(c for c in value if c.isdigit() or c == "+"),
                      kind=kind or kind_from_type(number), region=phonenumbers.region_code_for_number(number),
                      valid=valid, confidence=QR_CONFIDENCE if valid else 0.5, source="qr", raw=raw)


def _text(value: str | None) -> TextField | None:
    value = (value or "").strip()
    return TextField(value=value, confidence=QR_CONFIDENCE, source="qr", raw=value) if value else None


def _add_url(fields: CardFields, url: str) -> None:
    found = normalise_url(url)
    if found is None:
        return
    value, host = found
    social = social_profile(value, host)
    if social:
        fields.social.append(SocialField(service=social[0], value=social[1], confidence=QR_CONFIDENCE,
                                         source="qr", raw=url))
    else:
        fields.websites.append(WebsiteField(value=value, confidence=QR_CONFIDENCE, source="qr", raw=url))


def _add_email(fields: CardFields, raw: str) -> None:
    value = check_email(raw.strip())
    fields.emails.append(EmailField(value=value or raw.strip(), valid=value is not None,
                                    confidence=QR_CONFIDENCE if value else 0.5, source="qr", raw=raw))


def _from_mecard(payload: str, region: str | None) -> CardFields:
    data = parse_mecard(payload)
    fields = CardFields()
    if data.get("N"):
        family, _, given = data["N"][0].partition(",")
        given, family = given.strip(), family.strip()
        full = " ".join(p for p in (given, family) if p)
        fields.name = _text(full)
        fields.given_name = _text(given)
        fields.family_name = _text(family)
    fields.company = _text((data.get("ORG") or [None])[0])
    fields.title = _text((data.get("TITLE") or [None])[0])
    for tel in data.get("TEL", []):
        phone = _phone(tel, None, f"TEL:{tel}", region)
        if phone:
            fields.phones.append(phone)
    for email in data.get("EMAIL", []):
        _add_email(fields, email)
    for url in data.get("URL", []):
        _add_url(fields, url)
    if data.get("ADR"):
        address = data["ADR"][0].replace(",", ", ").strip(", ")
        fields.address = AddressField(value=address, lines=[address], country=None, confidence=QR_CONFIDENCE,
                                      source="qr", raw=data["ADR"][0])
    return fields


_VCARD_KINDS = {"CELL": "mobile", "MOBILE": "mobile", "FAX": "fax", "WORK": "work", "VOICE": "work"}


def _from_vcard(payload: str, region: str | None) -> CardFields:
    card = vobject.readOne(payload)
    fields = CardFields()
    contents = card.contents
    if "n" in contents:
        n = card.n.value
        fields.given_name = _text(" ".join(filter(None, [n.given, n.additional])) if isinstance(n.given, str)
                                  else " ".join(n.given))
        fields.family_name = _text(n.family if isinstance(n.family, str) else " ".join(n.family))
    if "fn" in contents:
        fields.name = _text(card.fn.value)
    elif fields.given_name or fields.family_name:
        fields.name = _text(" ".join(f.value for f in (fields.given_name, fields.family_name) if f))
    if "org" in contents:
        org = card.org.value
        fields.company = _text(" ".join(org) if isinstance(org, list) else str(org))
    if "title" in contents:
        fields.title = _text(card.title.value)
    for tel in contents.get("tel", []):
        types = [t.upper() for t in tel.params.get("TYPE", [])]
        kind = next((_VCARD_KINDS[t] for t in ("FAX", "CELL", "MOBILE", "WORK", "VOICE") if t in types), None)
        phone = _phone(tel.value, kind, f"TEL;TYPE={','.join(types)}:{tel.value}" if types else f"TEL:{tel.value}",
                       region)
        if phone:
            fields.phones.append(phone)
    for email in contents.get("email", []):
        _add_email(fields, email.value)
    for url in contents.get("url", []):
        _add_url(fields, url.value)
    if "adr" in contents:
        adr = card.adr.value
        parts = [adr.street, adr.extended, f"{adr.code} {adr.city}".strip(), adr.region, adr.country]
        lines = [p if isinstance(p, str) else " ".join(p) for p in parts]
        lines = [p.strip() for p in lines if p and p.strip()]
        if lines:
            fields.address = AddressField(value=", ".join(lines), lines=lines, country=None,
                                          confidence=QR_CONFIDENCE, source="qr", raw=str(adr))
    return fields


def read_codes(codes: list[str], region: str | None = None) -> QrResult:
    """Fields from the decoded QR/barcode payloads (vCard, MECARD, plain URL); others are ignored."""
    result = QrResult()
    for payload in codes:
        text = payload.strip()
        try:
            if text.upper().startswith("BEGIN:VCARD"):
                parsed = _from_vcard(text, region)
            elif text.upper().startswith("MECARD:"):
                parsed = _from_mecard(text, region)
            elif re.match(r"^(https?://|www\.)\S+$", text, re.I):
                parsed = CardFields()
                _add_url(parsed, text)
            else:
                continue
        except Exception as error:  # vobject raises many kinds on malformed input; the card still reads
            result.warnings.append(f"A QR code could not be read as a contact ({type(error).__name__}).")
            continue
        result.found = True
        _merge_into(result.fields, parsed)
    return result


_SEGMENT = re.compile(r"[A-Za-z0-9_-]{3,16}")


def _opaque(segment: str) -> bool:
    """A path segment that reads as a code, not a word: letters mixed with digits or with inner capitals."""
    letters_and_digits = any(c.isdigit() for c in segment) and any(c.isalpha() for c in segment)
    return letters_and_digits or (any(c.isupper() for c in segment[1:]) and any(c.islower() for c in segment))


def is_redirect_link(url: str, own_domains: set[str], printed: str) -> bool:
    """A QR link that only forwards somewhere (qrco.de/bd9W7S), not the contact's own website.

    Trade-fair QR generators and URL shorteners print a one-segment opaque code on a domain of their
    own: the link is a redirect when its registrable domain is neither the card's (email or printed
    site) nor printed anywhere on the card, its path is one short segment, and that segment reads as a
    code or the domain's name is short (4-5 letters: the shape short-link services choose).
    """
    found = normalise_url(url)
    if found is None:
        return False
    value, host = found
    domain = registrable_domain(host)
    if domain is None or domain in own_domains or domain in printed:
        return False
    path = value.split(host, 1)[1].strip("/")
    if "/" in path or not _SEGMENT.fullmatch(path):
        return False
    name = domain.split(".")[0]
    return _opaque(path) or len(name.replace("-", "")) <= 5


def drop_redirects(fields: CardFields, own_domains: set[str], texts: list[str]) -> list[str]:
    """Take the QR code's redirect links out of its websites; returns a warning for each one."""
    printed = " ".join(t.lower().replace(" ", "") for t in texts)
    kept, notes = [], []
    for site in fields.websites:
        if is_redirect_link(site.value, own_domains, printed):
            notes.append(f"The QR code links to {site.value}, a forwarding link not printed on the card; "
                         "not kept as the contact's website.")
        else:
            kept.append(site)
    fields.websites = kept
    return notes


def _merge_into(target: CardFields, extra: CardFields) -> None:
    for name in ("name", "given_name", "family_name", "honorific", "title", "department", "company", "address"):
        if getattr(target, name) is None:
            setattr(target, name, getattr(extra, name))
    for name in ("emails", "phones", "websites", "social"):
        have = {item.value.lower() for item in getattr(target, name)}
        getattr(target, name).extend(i for i in getattr(extra, name) if i.value.lower() not in have)


def merge(qr: CardFields, ocr: CardFields) -> tuple[CardFields, list[str]]:
    """QR values win; OCR duplicates are dropped, OCR extras kept. Returns fields and notes on conflicts."""
    notes: list[str] = []
    merged = CardFields()
    printed_fuller = _adds_initials_only(ocr.name, qr.name)
    for name in ("name", "given_name", "family_name", "honorific", "title", "department", "company", "address"):
        q, o = getattr(qr, name), getattr(ocr, name)
        if printed_fuller and name in ("name", "given_name", "family_name"):
            q = None  # the printed name is the QR's with its middle initials: the same person, spelled out more
        if name in ("title", "department", "company") and _spells_out(o, q):
            q = None  # the card prints the QR's title in full ("… développement réseaux" for "… développement")
        setattr(merged, name, q if q is not None else o)
        if q is not None and o is not None and _norm(q.value) != _norm(o.value) and name in ("name", "company"):
            notes.append(f"The QR code gives {name} {q.value!r} while the printed text reads {o.value!r}; "
                         "kept the QR code's.")
    if merged.honorific is None:
        merged.honorific = ocr.honorific
    for name in ("emails", "phones", "websites", "social"):
        q_items, o_items = getattr(qr, name), getattr(ocr, name)
        keys = {_norm(i.value) for i in q_items}
        if name == "phones":  # an untyped QR number takes the printed label's kind when both agree
            kinds = {p.value: p.kind for p in o_items}
            for p in q_items:
                if p.value in kinds and (p.raw or "").startswith("TEL:"):
                    p.kind = kinds[p.value]
        # an OCR item that differs from a QR item by a misread letter or two is the same item
        # (not for phones: a fax differs from the switchboard by a digit or two)
        extras = [i for i in o_items if _norm(i.value) not in keys and (name == "phones" or not any(
            SequenceMatcher(None, _norm(i.value), k).ratio() >= 0.9 for k in keys))]
        if name == "phones":  # the same digits read with another country code are the same number
            nationals = [str(phonenumbers.parse(p.value).national_number) for p in q_items if p.valid]
            extras = [p for p in extras if not any(_digits(p.value).endswith(n) for n in nationals)]
        setattr(merged, name, list(q_items) + extras)
    return merged, notes


_INITIAL = re.compile(r"[^\W\d_]\.?")


def _adds_initials_only(printed: TextField | None, coded: TextField | None) -> bool:
    """True when the printed name is the coded one plus initials ("F. Terry Young" against a code's "Terry
    Young"): a MECARD or vCard N field has no room for the middle initial the card prints."""
    if printed is None or coded is None:
        return False
    words, wanted = printed.value.casefold().split(), coded.value.casefold().split()
    if len(words) <= len(wanted):
        return False
    extras = [word for word in words if word not in wanted]
    in_order = [word for word in words if word in wanted] == wanted
    return in_order and len(extras) == len(words) - len(wanted) and all(_INITIAL.fullmatch(w) for w in extras)


SAME_WORDS = 0.85  # SequenceMatcher ratio of the QR's words to the printed words they stand for


def _spells_out(printed: TextField | None, coded: TextField | None) -> bool:
    """True when the printed value is the coded one with more words after it, give or take an ending or a
    misread letter ("Chargée de développement réseaux" printed, "Chargé de développement" coded): people
    type a shortened form into a QR generator, while the card's designer set the whole one."""
    if printed is None or coded is None:
        return False
    words, wanted = printed.value.casefold().split(), coded.value.casefold().split()
    if len(words) <= len(wanted):
        return False
    start = " ".join(words[: len(wanted)])
    return SequenceMatcher(None, start, " ".join(wanted)).ratio() >= SAME_WORDS


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _norm(value: str) -> str:
    return re.sub(r"[\s/]+$", "", value.lower().removeprefix("https://").removeprefix("http://").removeprefix("www."))
