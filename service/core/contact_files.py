"""Contact files into card JSON: vCard (2.1, 3.0, 4.0; several per file) and Google Contacts / Outlook CSV.

Each person becomes one card (contract 1) whose fields carry source "vcard" or "csv" and are checked like the
reader's (phonenumbers for E.164, email-validator, the web/social normaliser, the address parser), so the
importer stores them as drafts in "Needs context" exactly like scanned cards. vobject reads the vCards; only
vCard 2.1's quoted-printable soft line breaks are joined by hand first, because vobject reads them as new lines.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import asdict
from pathlib import PurePosixPath
from typing import Any

import phonenumbers
import pycountry
import vobject
from phonenumbers import PhoneNumberFormat

from enrich.address import parse_address
from enrich.card import SCHEMA, AddressField, CardFields, EmailField, PhoneField, SocialField, TextField, WebsiteField
from enrich.emails import check_email
from enrich.phones import kind_from_type
from enrich.web import normalise_url, social_profile
from service.domain.errors import UnreadableContacts

VCARD_SUFFIXES = frozenset({".vcf", ".vcard"})
CSV_SUFFIXES = frozenset({".csv"})
CONTACT_SUFFIXES = VCARD_SUFFIXES | CSV_SUFFIXES
CONFIDENCE = 0.99  # typed into an address book by a person, not read by OCR
FORMULA_QUOTE = re.compile(r"^'(?=\s*[=+\-@\t\r])")  # the apostrophe csv_writer puts before a formula-like cell
_VCARD_KINDS = (("FAX", "fax"), ("CELL", "mobile"), ("MOBILE", "mobile"), ("WORK", "work"), ("VOICE", "work"))
GOOGLE_PHONE_KINDS = {"mobile": "mobile", "work fax": "fax", "home fax": "fax", "fax": "fax", "work": "work"}
OUTLOOK_PHONES = (("Business Phone", "work"), ("Business Phone 2", "work"), ("Company Main Phone", "work"),
                  ("Mobile Phone", "mobile"), ("Business Fax", "fax"), ("Primary Phone", "other"),
                  ("Home Phone", "other"), ("Other Phone", "other"))


def is_contact_file(data: bytes, name: str, image_suffixes: frozenset[str] = frozenset()) -> bool:
    """True for a .vcf/.vcard/.csv name, or for vCard bytes under a name that does not claim to be an image or
    PDF (`image_suffixes`): a file called .jpg was sent as a photo and is refused as one if it is not."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in CONTACT_SUFFIXES:
        return True
    start = data.lstrip(b"\xef\xbb\xbf \r\n\t")[:11].upper()
    return suffix not in image_suffixes and start == b"BEGIN:VCARD"


def _text(value: Any, source: str) -> TextField | None:
    text = " ".join(str(value or "").split())
    return TextField(value=text, confidence=CONFIDENCE, source=source, raw=str(value)) if text else None


def _phone(value: str, kind: str | None, region: str | None, source: str) -> PhoneField | None:
    raw = value.strip().removeprefix("tel:")
    if not any(ch.isdigit() for ch in raw):
        return None
    try:
        number = phonenumbers.parse(raw, region)
        valid = phonenumbers.is_valid_number(number)
    except phonenumbers.NumberParseException:
        number, valid = None, False
    if valid and number is not None:
        return PhoneField(value=phonenumbers.format_number(number, PhoneNumberFormat.E164),
                          kind=kind or kind_from_type(number), region=phonenumbers.region_code_for_number(number),
                          valid=True, confidence=CONFIDENCE, source=source, raw=value)
    return PhoneField(value="".join(ch for ch in raw if ch.isdigit() or ch == "+"), kind=kind or "other",
                      region=region, valid=False, confidence=0.5, source=source, raw=value)


def _email(fields: CardFields, raw: str, source: str) -> None:
    raw = raw.strip().removeprefix("mailto:")
    if raw and raw.lower() not in {e.value.lower() for e in fields.emails}:
        value = check_email(raw)
        fields.emails.append(EmailField(value=value or raw, valid=value is not None,
                                        confidence=CONFIDENCE if value else 0.5, source=source, raw=raw))


def _url(fields: CardFields, raw: str, source: str) -> None:
    found = normalise_url(raw.strip())
    if found is None:
        return
    value, host = found
    social = social_profile(value, host)
    if social:
        fields.social.append(SocialField(service=social[0], value=social[1], confidence=CONFIDENCE, source=source,
                                         raw=raw))
    else:
        fields.websites.append(WebsiteField(value=value, confidence=CONFIDENCE, source=source, raw=raw))


def country_code(name: str | None) -> str | None:
    """ISO 3166-1 alpha-2 for a country name or code ("France", "DE", "United States"), None if unknown."""
    if not name or not name.strip():
        return None
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        return None


def _address(label: str | None, parts: dict[str, str | None], source: str) -> AddressField | None:
    """An address from a label (its printed lines) and/or its parts; the parser fills what the parts miss."""
    country = country_code(parts.get("country"))
    lines = [line.strip() for line in (label or "").splitlines() if line.strip()]
    if not lines:
        town = " ".join(p for p in (parts.get("postal_code"), parts.get("city")) if p)
        lines = [p.strip() for p in (parts.get("po_box"), parts.get("street"), town, parts.get("region"),
                                     parts.get("country")) if p and p.strip()]
    if not lines:
        return None
    parsed = parse_address(lines, country)
    known = {key: parts.get(key) or None for key in ("street", "city", "region", "postal_code", "po_box")}
    split = any(known.values())
    return AddressField(value=", ".join(lines), lines=lines, country=country or parsed.country,
                        confidence=CONFIDENCE, source=source, raw="\n".join(lines),
                        street=known["street"] if split else parsed.street,
                        locality=known["city"] if split else parsed.locality,
                        region=known["region"] if split else parsed.region,
                        postal_code=known["postal_code"] if split else parsed.postal_code,
                        po_box=known["po_box"] if split else parsed.po_box)


def _card(fields: CardFields, name: str, sha256: str, fmt: str, index: int, warnings: list[str]) -> dict[str, Any]:
    if fields.name is None and (fields.given_name or fields.family_name):
        fields.name = _text(" ".join(f.value for f in (fields.given_name, fields.family_name) if f),
                            fields.given_name.source if fields.given_name else fields.family_name.source)
    country = fields.address.country if fields.address else None
    warnings = warnings + [f"The {'phone' if isinstance(i, PhoneField) else 'email'} {i.value!r} did not validate."
                           for i in [*fields.phones, *fields.emails] if not i.valid]
    return {"schema": SCHEMA, "source": {"file": name, "sha256": sha256, "format": fmt, "person": index},
            "fields": asdict(fields), "enrichment": {"country": country} if country else {}, "warnings": warnings,
            "ocr": {}}


def person_sha256(card: dict[str, Any]) -> str:
    """A person's identity across files: their name, company, emails and phones (the same person exported
    twice, or once from Google and once from Outlook, is one card)."""
    fields = card["fields"]
    key = [(fields.get(k) or {}).get("value") for k in ("name", "company")]
    key += sorted(e["value"].lower() for e in fields.get("emails") or [])
    key += sorted(p["value"] for p in fields.get("phones") or [])
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()


def _has_identity(fields: CardFields) -> bool:
    return bool(fields.name or fields.company or fields.emails or fields.phones)


def _join_soft_breaks(text: str) -> str:
    """Join vCard 2.1 quoted-printable soft line breaks ('=' at the end of a line) into one line."""
    out: list[str] = []
    joining = False
    for line in re.split(r"\r\n|\n|\r", text):
        if joining:
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
        head = out[-1].split(":", 1)[0].upper()
        joining = "QUOTED-PRINTABLE" in head and out[-1].endswith("=")
    return "\r\n".join(out)


def _spaced(value: Any) -> str:
    """A vCard component that may hold several values, as one text ("Jean Luc")."""
    return " ".join(value) if isinstance(value, list) else (value or "")


def _listed(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else (value or "")


def _vcard_fields(card: Any, region: str | None) -> CardFields:
    source, fields, contents = "vcard", CardFields(), card.contents
    if "n" in contents:
        n = card.n.value
        join = _spaced
        fields.given_name = _text(" ".join(filter(None, [join(n.given), join(n.additional)])), source)
        fields.family_name = _text(join(n.family), source)
        fields.honorific = _text(join(n.prefix), source)
    if "fn" in contents:
        fields.name = _text(card.fn.value, source)
    if "org" in contents:
        org = card.org.value if isinstance(card.org.value, list) else [card.org.value]
        fields.company = _text(org[0] if org else None, source)
        fields.department = _text(" ".join(org[1:]), source)
    if "title" in contents:
        fields.title = _text(card.title.value, source)
    if "adr" in contents:
        adr = card.adr
        join = _listed
        value = adr.value
        label = (adr.params.get("LABEL") or [None])[0] or (card.label.value if "label" in contents else None)
        fields.address = _address(label, {"street": ", ".join(filter(None, [join(value.street),
                                                                            join(value.extended)])),
                                          "city": join(value.city), "region": join(value.region),
                                          "postal_code": join(value.code), "po_box": join(value.box),
                                          "country": join(value.country)}, source)
    # a number written without +code belongs to the country of its address, else to the default region
    region = (fields.address.country if fields.address else None) or region
    for tel in contents.get("tel", []):
        types = {t.upper() for t in [*tel.params.get("TYPE", []), *tel.singletonparams] for t in t.split(",")}
        kind = next((k for t, k in _VCARD_KINDS if t in types), None)
        phone = _phone(str(tel.value), kind, region, source)
        if phone:
            fields.phones.append(phone)
    for email in contents.get("email", []):
        _email(fields, str(email.value), source)
    for url in contents.get("url", []):
        _url(fields, str(url.value), source)
    return fields


def read_vcards(data: bytes, name: str, region: str | None = None) -> list[dict[str, Any]]:
    """Every person in a vCard file as a card JSON; UnreadableContacts when it cannot be read or holds none."""
    sha256 = hashlib.sha256(data).hexdigest()
    text = _decode(data, name)
    cards = []
    try:
        for index, component in enumerate(vobject.readComponents(_join_soft_breaks(text), ignoreUnreadable=True),
                                          start=1):
            if component.name.upper() != "VCARD":
                continue
            fields = _vcard_fields(component, region)
            if _has_identity(fields):
                cards.append(_card(fields, name, sha256, "vcard", index, []))
    except Exception as exc:  # vobject raises many kinds (ParseError, ValueError…) on a malformed file
        raise UnreadableContacts(f"{name}: not a readable vCard file ({type(exc).__name__}: {exc})") from exc
    if not cards:
        raise UnreadableContacts(f"{name}: no contact with a name, company, email or phone was found in the file")
    return cards


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Outlook and older address books write the Windows code page; cp1252 decodes any byte sequence but a few
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UnreadableContacts(f"{name}: the file is neither UTF-8 nor Windows-1252 text") from exc


def _cell(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    return FORMULA_QUOTE.sub("", value.strip()) if isinstance(value, str) else ""


def _google_fields(row: dict[str, Any], region: str | None) -> CardFields:
    source, fields = "csv", CardFields()
    fields.given_name = _text(_cell(row, "First Name") or _cell(row, "Given Name"), source)
    fields.family_name = _text(_cell(row, "Last Name") or _cell(row, "Family Name"), source)
    fields.name = _text(_cell(row, "Name"), source)
    fields.honorific = _text(_cell(row, "Name Prefix"), source)
    fields.company = _text(_cell(row, "Organization Name") or _cell(row, "Organization 1 - Name"), source)
    fields.title = _text(_cell(row, "Organization Title") or _cell(row, "Organization 1 - Title"), source)
    fields.department = _text(_cell(row, "Organization Department") or _cell(row, "Organization 1 - Department"),
                              source)
    fields.address = _address(_cell(row, "Address 1 - Formatted"), {
        "street": _cell(row, "Address 1 - Street"), "city": _cell(row, "Address 1 - City"),
        "region": _cell(row, "Address 1 - Region"), "postal_code": _cell(row, "Address 1 - Postal Code"),
        "po_box": _cell(row, "Address 1 - PO Box"), "country": _cell(row, "Address 1 - Country")}, source)
    region = (fields.address.country if fields.address else None) or region
    for index in range(1, 10):
        for email in _cell(row, f"E-mail {index} - Value").split(" ::: "):  # Google joins several with " ::: "
            if email.strip():
                _email(fields, email, source)
        label = _cell(row, f"Phone {index} - Label").lstrip("* ").lower()
        for number in _cell(row, f"Phone {index} - Value").split(" ::: "):
            phone = _phone(number, GOOGLE_PHONE_KINDS.get(label), region, source)
            if phone:
                fields.phones.append(phone)
        for url in _cell(row, f"Website {index} - Value").split(" ::: "):
            if url.strip():
                _url(fields, url, source)
    return fields


def _outlook_fields(row: dict[str, Any], region: str | None) -> CardFields:
    source, fields = "csv", CardFields()
    fields.given_name = _text(" ".join(filter(None, [_cell(row, "First Name"), _cell(row, "Middle Name")])), source)
    fields.family_name = _text(_cell(row, "Last Name"), source)
    fields.honorific = _text(_cell(row, "Title"), source)
    fields.company = _text(_cell(row, "Company"), source)
    fields.department = _text(_cell(row, "Department"), source)
    fields.title = _text(_cell(row, "Job Title"), source)
    fields.address = _address(None, {
        "street": _cell(row, "Business Street"), "city": _cell(row, "Business City"),
        "region": _cell(row, "Business State"), "postal_code": _cell(row, "Business Postal Code"),
        "country": _cell(row, "Business Country/Region") or _cell(row, "Business Country")}, source)
    region = (fields.address.country if fields.address else None) or region
    for column in ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"):
        if _cell(row, column):
            _email(fields, _cell(row, column), source)
    for column, kind in OUTLOOK_PHONES:
        phone = _phone(_cell(row, column), kind, region, source)
        if phone:
            fields.phones.append(phone)
    if _cell(row, "Web Page"):
        _url(fields, _cell(row, "Web Page"), source)
    return fields


def read_contacts_csv(data: bytes, name: str, region: str | None = None) -> list[dict[str, Any]]:
    """Every person of a Google Contacts or Outlook CSV as a card JSON; UnreadableContacts otherwise."""
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        reader = csv.DictReader(io.StringIO(_decode(data, name), newline=""))
        header = set(reader.fieldnames or [])
        if header & {"E-mail 1 - Value", "Phone 1 - Value", "Given Name", "Organization Name"}:
            fmt, read = "google-csv", _google_fields
        elif header & {"E-mail Address", "Business Phone", "Mobile Phone"}:
            fmt, read = "outlook-csv", _outlook_fields
        else:
            raise UnreadableContacts(f"{name}: not a Google Contacts or Outlook CSV (expected columns such as "
                                     "\"E-mail 1 - Value\" or \"E-mail Address\")")
        cards = []
        for index, row in enumerate(reader, start=1):
            fields = read(row, region)
            if _has_identity(fields):
                cards.append(_card(fields, name, sha256, fmt, index, []))
    except csv.Error as exc:
        raise UnreadableContacts(f"{name}: not a readable CSV file ({exc})") from exc
    if not cards:
        raise UnreadableContacts(f"{name}: no contact with a name, company, email or phone was found in the file")
    return cards


def read_contact_file(data: bytes, name: str, region: str | None = None) -> list[dict[str, Any]]:
    """The people in a .vcf or contacts CSV, one card JSON each."""
    if PurePosixPath(name).suffix.lower() in CSV_SUFFIXES:
        return read_contacts_csv(data, name, region)
    return read_vcards(data, name, region)
