"""build_card: an OcrResult to a validated Card (contract 1). Pure function, no I/O.

Order matters: websites and emails first (their domains tell the country and the company), then a
first phone pass (to keep phone lines out of the address), the address (country, area code), the
final phone pass with the inferred region, the leftover lines (name, title, company), the QR merge
and the offline enrichment.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from enrich import address as address_parser
from enrich.card import Card, CardFields, TextField
from enrich.emails import EMAIL_TOKEN, find_emails, spelled_from_name
from enrich.enrichment import enrich, is_free_email
from enrich.names import parse_name
from enrich.phones import find_phones, national_numbers
from enrich.qr import drop_redirects, merge, read_codes
from enrich.region import infer_region
from enrich.remainder import leftover_text
from enrich.tagger import FIELD_LABELS, Span, Tagged, tag
from enrich.tagger.features import BREAK, TagInput
from enrich.text import squash
from enrich.titles import department_from_title
from enrich.watermarks import strip_watermarks
from enrich.web import URL_TOKEN, find_web, registrable_domain
from ocr.types import OcrLine, OcrResult


def _ocr_evidence(result: OcrResult) -> dict:
    return {
        "engine": result.engine,
        "languages": list(result.languages),
        "lines": [{"text": line.text, "confidence": round(float(line.confidence), 3), "box": list(line.box)}
                  for line in result.lines],
        "codes": list(result.codes),
    }


def _without_addresses(text: str) -> str:
    """The line with its emails and web addresses blanked out, every other character where it was."""
    text = EMAIL_TOKEN.sub(lambda m: " " * len(m.group(0)), text)
    return URL_TOKEN.sub(lambda m: " " * len(m.group(0)) if re.search(r"[^\W\d_]", m.group(0)) else m.group(0), text)


def _address_part(text: str) -> bool:
    """A phone line that also carries the address ('Rua X, 12 - Tel: 1234') stays open to the address."""
    feats = address_parser.line_features(address_parser.strip_phone_tail(text))
    return bool(feats["street"] or feats["postcode"])


def _address_place(addr: address_parser.AddressResult, region: str | None) -> tuple[str, ...]:
    """The town and region the card's address prints, when it is in the phones' region (for area codes)."""
    parsed = addr.parsed
    if parsed is None or not parsed.split or region is None or addr.country not in (None, region):
        return ()
    return tuple(p for p in (parsed.locality, parsed.region) if p)


@dataclass
class Reading:
    """The card after the field libraries' passes, before the tagger labels the remaining words."""

    lines: list[OcrLine]
    texts: list[str]
    explicit: str | None
    web: Any
    emails: Any
    phones: Any
    addr: Any
    qr: Any
    phone_region: str | None
    tag_input: TagInput
    address_excluded: set[int]
    second_address: address_parser.AddressResult | None = None


def read_contacts(result: OcrResult, region: str | None = None) -> Reading:
    """Emails, websites, phones and the address, found by their libraries; and what the tagger gets."""
    # one Unicode form for every later pattern ("ô" as one letter, not "o" plus a combining accent);
    # a scanner app's stamp is no part of the card, and a line that was only the stamp goes
    lines = [replace(line, text=unicodedata.normalize("NFC", line.text)) for line in result.lines]
    lines = [replace(line, text=text) for line, text in zip(lines, strip_watermarks([ln.text for ln in lines]),
                                                             strict=True) if text]
    texts = [line.text for line in lines]
    explicit = region.upper() if region else None

    web = find_web(texts)
    site_domains = [d for d in (registrable_domain(w.value.split("/")[2]) for w in web.websites) if d]
    emails = find_emails(texts, known_domains=site_domains)
    email_domains = [e.value.rpartition("@")[2] for e in emails.emails if e.valid]
    # a bare domain on a line that turned out to hold an email (its '@' lost) is not a website
    web.websites = [w for w in web.websites if w.raw is None or not any(
        w.raw == texts[i].strip() for i in emails.used) or re.search(r"(?i)https?:|www", w.raw)]
    contact_used = web.used | emails.used

    qr = read_codes(result.codes, explicit)
    qr_regions = [p.region for p in qr.fields.phones if p.valid and p.region]
    first_region = explicit or infer_region(texts, email_domains + site_domains, qr_regions=qr_regions).region
    # a line may print a phone beside the email or website ("T +44 20 7946 0123 · ann@acme.co.uk"): the
    # phone passes read it with those addresses blanked out (their digits are no number)
    phone_texts = [_without_addresses(t) if i in contact_used else t for i, t in enumerate(texts)]
    phone_excluded = {i for i in contact_used if not any(c.isdigit() for c in phone_texts[i])}
    first_pass = find_phones(phone_texts, first_region, excluded=phone_excluded)
    phone_lines = {i for i in first_pass.used if not _address_part(texts[i])}
    address_excluded = contact_used | phone_lines
    addr = address_parser.find_address(texts, excluded=address_excluded, boxes=[ln.box for ln in lines])

    alternatives: tuple[str, ...] = ()
    if explicit:
        phone_region, inferred = explicit, False
    else:
        postal_code = addr.parsed.postal_code if addr.parsed is not None else None
        # the first pass reads numbers in the first guess's region only: a number that is no number there
        # ("07833607147" on a card guessed American) still says where the card's numbers are valid
        unread = {i for i, t in enumerate(phone_texts)
                  if i not in address_excluded | addr.used and national_numbers([t])}
        choice = infer_region(texts, email_domains + site_domains, addr.country, addr.strength, qr_regions,
                              postal_code, [phone_texts[i] for i in sorted(phone_lines | unread)])
        phone_region, inferred, alternatives = choice.region, choice.region is not None, choice.alternatives
    place = _address_place(addr, phone_region)
    postal_code = addr.parsed.postal_code if addr.parsed is not None and addr.parsed.split else None
    phones = find_phones(phone_texts, phone_region, region_inferred=inferred, place=place,
                         excluded=phone_excluded, alternatives=alternatives,
                         address_codes=dict.fromkeys(addr.used, postal_code or ""))

    second = _second_address(texts, address_excluded | addr.used, lines)
    roles: dict[int, str] = dict.fromkeys(addr.used | (second.used if second else set()), "address")
    free: dict[int, str] = {}
    for i in (web.used | emails.used | {i for i in phones.used if not _address_part(texts[i])}) - addr.used:
        roles[i] = "contact"
        free[i] = leftover_text(texts[i], phone_region)
    for i, text in enumerate(texts):
        # a line of contact labels alone ('website', 'Tél:') names a value printed apart (or behind an icon)
        if i not in roles and any(c.isalpha() for c in text) and not leftover_text(text, phone_region):
            roles[i], free[i] = "contact", ""
    data = TagInput(lines=lines, roles=roles, free=free,
                    domains=[d for d in email_domains + site_domains if not is_free_email(d)],
                    email_locals=[e.value.rpartition("@")[0] for e in emails.emails if e.valid])
    return Reading(lines, texts, explicit, web, emails, phones, addr, qr, phone_region, data, address_excluded, second)


def _second_address(texts: list[str], excluded: set[int],
                    lines: list[OcrLine]) -> address_parser.AddressResult | None:
    """Another whole address (street, postcode and town) beside the card's: a second office or the holder's
    home. Its lines are the address's kind of words, never a company or a title."""
    other = address_parser.find_address(texts, excluded=excluded, boxes=[ln.box for ln in lines])
    parsed = other.parsed
    whole = parsed is not None and parsed.split and parsed.street is not None and parsed.postal_code is not None
    return other if whole and other.address is not None else None


def build_card(result: OcrResult, region: str | None = None) -> Card:
    """Parse, validate and enrich what OCR read from one card into the contract-1 Card."""
    reading = read_contacts(result, region)
    tagged = tag(reading.tag_input)
    web, emails, phones, qr = reading.web, reading.emails, reading.phones, reading.qr
    addr = _grown_by_tagger(reading, tagged)
    warnings = list(result.warnings)
    fields = CardFields(emails=emails.emails, phones=phones.phones, websites=web.websites, social=web.social,
                        address=addr.address)
    warnings += _fill_text_fields(fields, _without_qr_texts(tagged, qr.fields), reading.lines)
    warnings += web.warnings + emails.warnings + phones.warnings + addr.warnings
    warnings += spelled_from_name(fields.emails, fields.name and fields.name.value)
    second = reading.second_address.address if reading.second_address is not None else None
    if second is not None and addr.address is not None:
        warnings.append(f"Another address is printed ({second.value!r}); kept "
                        f"{addr.address.value!r} as the card's address, please check it.")

    warnings += qr.warnings
    if qr.found:
        # the card's own domains: a QR link elsewhere that only forwards is no website of the contact
        own = {d for d in (registrable_domain(w.value.split("/")[2]) for w in web.websites) if d}
        own |= {registrable_domain(e.value.rpartition("@")[2]) or "" for e in emails.emails if e.valid}
        warnings += drop_redirects(qr.fields, own - {""}, reading.texts)
        fields, notes = merge(qr.fields, fields)
        warnings += notes
    enrichment, notes = enrich(fields)
    warnings += notes
    if fields.name is None:
        warnings.append("No person's name was recognised on the card; please add it.")
    return Card(
        source={"file": result.source.file, "sha256": result.source.sha256, "width": result.source.width,
                "height": result.source.height, "card": result.card_index},
        fields=fields, enrichment=enrichment, warnings=warnings, ocr=_ocr_evidence(result),
    )


def _grown_by_tagger(reading: Reading, tagged: Tagged) -> address_parser.AddressResult:
    """The address found by its libraries, grown by the lines beside it that the tagger labels as address."""
    labels: dict[int, list[str]] = {}
    for tok, label in zip(tagged.tokens, tagged.labels, strict=True):
        if tok.text != BREAK:
            labels.setdefault(tok.line, []).append(label)
    in_fields = {i for span in tagged.spans.values() for i in span.lines}
    # most of the line's words are address ones ("do Galho / PR": the state's code alone may be 'other')
    extra = {i for i, found in labels.items() if 2 * found.count("address") > len(found)
             and not set(found) & set(FIELD_LABELS) and i not in reading.tag_input.roles and i not in in_fields}
    if not extra or reading.addr.address is None:
        return reading.addr
    grown = address_parser.find_address(reading.texts, excluded=reading.address_excluded,
                                        boxes=[ln.box for ln in reading.lines], tagged=extra)
    return grown if grown.used > reading.addr.used else reading.addr


UNSURE = 0.6  # below this confidence a field is shown as unsure, with a warning


def _confidence(span: Span, lines: list[OcrLine]) -> float:
    return round(span.probability * min(float(lines[i].confidence) for i in span.lines), 2)


def _without_qr_texts(tagged: Tagged, qr: CardFields) -> Tagged:
    """The spans less those whose text the QR code gives as another field ('Sá', its company, is no title)."""
    given = {key: squash(value.value) for key in ("name", "title", "company") if (value := getattr(qr, key))}
    spans = {key: span for key, span in tagged.spans.items()
             if not any(squash(span.text) == text and other != key for other, text in given.items())}
    return replace(tagged, spans=spans)


def _fill_text_fields(fields: CardFields, tagged: Tagged, lines: list[OcrLine]) -> list[str]:
    """Fill name, given/family, honorific, title, department and company; returns warnings on unsure ones."""
    notes: list[str] = []
    raw = {k: "\n".join(lines[i].text for i in s.lines) for k, s in tagged.spans.items()}
    if "name" in tagged.spans:
        span = tagged.spans["name"]
        parsed = parse_name(span.text)
        conf = _confidence(span, lines)
        # the name as printed, honorific included (a vCard's FN: "Dr. Ana Ruiz"); the honorific is also apart.
        # The honorific is taken as the card prints it ("Univ.Prof."), not as nameparser spells it
        full = parsed.full
        if parsed.honorific:
            first = span.text.find(parsed.full.split()[0]) if parsed.full else -1
            printed = span.text[:first].strip(" ,") if first > 0 else parsed.honorific
            full = f"{printed} {parsed.full}"
        fields.name = TextField(value=full, confidence=conf, raw=raw["name"])
        if parsed.given:
            fields.given_name = TextField(value=parsed.given, confidence=conf, raw=raw["name"])
        if parsed.family:
            fields.family_name = TextField(value=parsed.family, confidence=conf, raw=raw["name"])
        if parsed.honorific:
            fields.honorific = TextField(value=parsed.honorific, confidence=conf, raw=raw["name"])
    if "title" in tagged.spans:
        span = tagged.spans["title"]
        fields.title = TextField(value=span.text, confidence=_confidence(span, lines), raw=raw["title"])
        department = department_from_title(span.text)
        if department:
            fields.department = TextField(value=department, confidence=0.6, raw=raw["title"])
    if "department" in tagged.spans and fields.department is None:  # printed on a line of its own
        span = tagged.spans["department"]
        fields.department = TextField(value=span.text, confidence=_confidence(span, lines), raw=raw["department"])
    if "company" in tagged.spans:
        span = tagged.spans["company"]
        fields.company = TextField(value=span.text, confidence=_confidence(span, lines), raw=raw["company"])
    for key in ("name", "title", "company"):
        value = getattr(fields, key)
        if value is not None and value.confidence < UNSURE:
            notes.append(f"The {key} is uncertain (read as {value.value!r}, confidence {value.confidence}); "
                         "please check it.")
    return notes
