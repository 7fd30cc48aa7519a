"""build_card: an OcrResult to a validated Card (contract 1). Pure function, no I/O.

Order matters: websites and emails first (their domains tell the country and the company), then a
first phone pass (to keep phone lines out of the address), the address (country, area code), the
final phone pass with the inferred region, the leftover lines (name, title, company), the QR merge
and the offline enrichment.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from enrich import address as address_parser
from enrich.card import Card, CardFields, TextField
from enrich.classify import Classified, classify
from enrich.emails import find_emails
from enrich.enrichment import enrich, is_free_email
from enrich.names import parse_name
from enrich.phones import find_phones
from enrich.qr import merge, read_codes
from enrich.region import infer_region
from enrich.remainder import leftover_text
from enrich.titles import department_from_title
from enrich.web import find_web, registrable_domain
from ocr.types import OcrLine, OcrResult


def _ocr_evidence(result: OcrResult) -> dict:
    return {
        "engine": result.engine,
        "languages": list(result.languages),
        "lines": [{"text": line.text, "confidence": round(float(line.confidence), 3), "box": list(line.box)}
                  for line in result.lines],
        "codes": list(result.codes),
    }


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


def build_card(result: OcrResult, region: str | None = None) -> Card:
    """Parse, validate and enrich what OCR read from one card into the contract-1 Card."""
    # one Unicode form for every later pattern ("ô" as one letter, not "o" plus a combining accent)
    lines = [replace(line, text=unicodedata.normalize("NFC", line.text)) for line in result.lines]
    texts = [line.text for line in lines]
    warnings = list(result.warnings)
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
    first_pass = find_phones(texts, first_region, excluded=contact_used)
    phone_lines = {i for i in first_pass.used if not _address_part(texts[i])}
    addr = address_parser.find_address(texts, excluded=contact_used | phone_lines, boxes=[ln.box for ln in lines])

    alternatives: tuple[str, ...] = ()
    if explicit:
        phone_region, inferred = explicit, False
    else:
        choice = infer_region(texts, email_domains + site_domains, addr.country, addr.strength, qr_regions)
        phone_region, inferred, alternatives = choice.region, choice.region is not None, choice.alternatives
    place = _address_place(addr, phone_region)
    phones = find_phones(texts, phone_region, region_inferred=inferred, place=place,
                         excluded=contact_used, alternatives=alternatives)
    used = contact_used | addr.used | {i for i in phones.used if not _address_part(texts[i])}

    company_domains = [d for d in email_domains + site_domains if not is_free_email(d)]
    email_locals = [e.value.rpartition("@")[0] for e in emails.emails if e.valid]
    overrides = {}
    for i in (web.used | emails.used | phones.used) - addr.used:
        rest = leftover_text(texts[i], phone_region)
        # one word left on a contact line is mostly noise; on a phone line it may be whose number it is
        alone = i in phones.used and len(rest) >= 3 and rest.isalpha() and not re.search(
            rf"{re.escape(rest)}\s*[.:]", texts[i])  # "Tax:0113…" is a label, "JON 248…" a name
        if len(rest.split()) >= 2 or alone:
            overrides[i] = rest
    labels = classify(lines, used, company_domains, email_locals, overrides)

    fields = CardFields(emails=emails.emails, phones=phones.phones, websites=web.websites, social=web.social,
                        address=addr.address)
    warnings += _fill_text_fields(fields, labels, lines)
    warnings += web.warnings + emails.warnings + phones.warnings + addr.warnings

    warnings += qr.warnings
    if qr.found:
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


def _fill_text_fields(fields: CardFields, labels: Classified, lines: list[OcrLine]) -> list[str]:
    """Fill name, given/family, honorific, title, department and company; returns notes on corrections."""
    notes: list[str] = []
    if labels.name is not None:
        line = lines[labels.name]
        parsed = parse_name(labels.texts.get(labels.name, line.text))
        ocr_conf = float(line.confidence)
        fields.name = TextField(value=parsed.full, confidence=round(0.85 * ocr_conf, 2), raw=line.text)
        if parsed.given:
            fields.given_name = TextField(value=parsed.given, confidence=round(0.8 * ocr_conf, 2), raw=line.text)
        if parsed.family:
            fields.family_name = TextField(value=parsed.family, confidence=round(0.8 * ocr_conf, 2),
                                           raw=line.text)
        if parsed.honorific:
            fields.honorific = TextField(value=parsed.honorific, confidence=round(0.8 * ocr_conf, 2),
                                         raw=line.text)
    if labels.title is not None:
        line = lines[labels.title]
        title = labels.texts.get(labels.title, line.text).strip()
        fields.title = TextField(value=title, confidence=round(0.8 * float(line.confidence), 2), raw=line.text)
        if title.replace(" ", "") != line.text.replace(" ", "").strip():
            notes.append(f"Title read as {line.text.strip()!r}; corrected to {title!r}.")
        department = department_from_title(title)
        if department and labels.department is None:
            fields.department = TextField(value=department, confidence=0.6, raw=line.text)
    if labels.department is not None:
        line = lines[labels.department]
        fields.department = TextField(value=line.text.strip(), confidence=round(0.75 * float(line.confidence), 2),
                                      raw=line.text)
    if labels.company:
        conf = min(float(lines[i].confidence) for i in labels.company)
        fields.company = TextField(value=labels.company_text or "",
                                   confidence=round(labels.company_confidence * conf, 2),
                                   raw="\n".join(lines[i].text for i in labels.company))
    return notes
