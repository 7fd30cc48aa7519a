"""What a synthetic card says: an invented person, company and contact lines, plus its ground truth."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import Any

import phonenumbers

from samples import vocab
from samples.phones import Phone, make_fax_beside, make_phone


@dataclass
class ContactLine:
    """One printed contact line, e.g. 'Tel. +34 911 23 45 67', and its role (phone, email, web…)."""

    text: str
    role: str


@dataclass
class CardContent:
    """Everything printed on one card and the expected values the reader should return."""

    language: str
    region: str
    name: str  # without honorific
    given_name: str
    family_name: str
    honorific: str | None
    title: str | None
    company: str | None
    brand: str
    domain: str
    tagline: str | None
    phones: list[Phone] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    social: list[str] = field(default_factory=list)
    address_lines: tuple[str, ...] = ()
    contact_lines: list[ContactLine] = field(default_factory=list)
    qr_payload: str | None = None
    upper_name: bool = False
    upper_company: bool = False
    icons: bool = False  # contact lines carry small icons instead of printed labels

    @property
    def printed_name(self) -> str:
        """The name line as printed (with honorific, maybe upper-case)."""
        text = f"{self.honorific} {self.name}" if self.honorific else self.name
        return text.upper() if self.upper_name else text

    @property
    def printed_company(self) -> str | None:
        """The company line as printed."""
        if self.company is None:
            return None
        return self.company.upper() if self.upper_company else self.company

    def expected(self, file: str, notes: str, conditions: dict[str, Any]) -> dict[str, Any]:
        """The ground truth in the real-cards label format (plus honorific and generator conditions)."""
        return {
            "file": file,
            "language": self.language,
            "region": self.region,
            "name": self.name,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "honorific": self.honorific,
            "title": self.title,
            "company": self.printed_company,
            "emails": list(self.emails),
            "phones": [p.label_json() for p in self.phones],
            "websites": list(self.websites),
            "address": ", ".join(self.address_lines) if self.address_lines else None,
            "social": list(self.social),
            "unsure": [],
            "notes": notes,
            "conditions": conditions,
        }


def _person(rng: random.Random, language: str) -> tuple[str, str, str, bool]:
    female_names, male_names, families = vocab.NAMES[language]
    female = rng.random() < 0.5
    given = rng.choice(female_names if female else male_names)
    family = rng.choice(families)
    if language in ("es", "pt") and rng.random() < 0.45:
        second = rng.choice(families)
        if second != family:
            family = f"{family} {second}"
    return given, family, f"{given} {family}", female


def _phone_label(rng: random.Random, language: str, region: str, kind: str) -> str:
    work, mobile, fax = vocab.PHONE_LABELS[language]
    if kind == "mobile":
        choices = vocab.MOBILE_LABELS_BY_REGION.get(region, mobile)
    elif kind == "fax":
        choices = fax
    else:
        choices = vocab.WORK_LABELS_BY_REGION.get(region, work)
    label = rng.choice(choices)
    if language == "fr":  # French typography puts a space before the colon
        return label + rng.choice((" : ", " "))
    return label + rng.choice((": ", " ", ": "))


def _unlabeled_kind(phone: Phone) -> Phone:
    """Without a printed label the kind follows the number: mobile only when phonenumbers says MOBILE."""
    number_type = phonenumbers.number_type(phonenumbers.parse(phone.e164))
    return replace(phone, kind="mobile" if number_type == phonenumbers.PhoneNumberType.MOBILE else "work")


def _phones(rng: random.Random, language: str, region: str,
            icons: bool) -> tuple[list[Phone], list[ContactLine]]:
    patterns = (("work",), ("mobile",), ("work", "mobile"), ("mobile", "work"), ("work", "fax"),
                ("work", "mobile", "fax"), ("mobile",), ("work", "mobile"))
    pattern = [k for k in rng.choice(patterns) if not (icons and k == "fax")]  # an icon cannot say "fax"
    phones: list[Phone] = []
    for kind in pattern:
        if kind == "fax" and phones and phones[0].kind == "work":
            phones.append(make_fax_beside(rng, region, phones[0]))
        else:
            phones.append(make_phone(rng, region, kind))
    unlabeled = icons or (len(phones) == 1 and rng.random() < 0.15)
    if unlabeled:
        phones = [_unlabeled_kind(p) for p in phones]
        return phones, [ContactLine(p.printed, "phone") for p in phones]
    texts = [_phone_label(rng, language, region, p.kind) + p.printed for p in phones]
    lines: list[ContactLine] = []
    if len(texts) >= 2 and rng.random() < 0.2:  # two numbers on one printed line
        lines.append(ContactLine(rng.choice(("   |   ", "  ·  ", "     ")).join(texts[:2]), "phone"))
        texts = texts[2:]
    lines += [ContactLine(t, "phone") for t in texts]
    return phones, lines


def _qr_payload(rng: random.Random, content: CardContent) -> str:
    if rng.random() < 0.5:
        parts = [f"N:{content.family_name},{content.given_name}"]
        if content.company:
            parts.append(f"ORG:{content.company}")
        parts += [f"TEL:{p.e164}" for p in content.phones]
        parts += [f"EMAIL:{e}" for e in content.emails]
        parts += [f"URL:{w}" for w in content.websites]
        return "MECARD:" + ";".join(parts) + ";;"
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{content.family_name};{content.given_name};;;",
             f"FN:{content.name}"]
    if content.company:
        lines.append(f"ORG:{content.company}")
    if content.title:
        lines.append(f"TITLE:{content.title}")
    kinds = {"work": "WORK,VOICE", "mobile": "CELL", "fax": "WORK,FAX"}
    lines += [f"TEL;TYPE={kinds[p.kind]}:{p.e164}" for p in content.phones]
    lines += [f"EMAIL;TYPE=INTERNET:{e}" for e in content.emails]
    lines += [f"URL:{w}" for w in content.websites]
    lines.append("END:VCARD")
    return "\n".join(lines)


def make_content(rng: random.Random, region: str | None = None, qr: bool | None = None) -> CardContent:
    """Invent one card's content for a region (random when None), all decisions drawn from rng."""
    region = region or rng.choice(vocab.COUNTRIES)
    language = rng.choice(vocab.COUNTRY_LANGUAGES[region])
    given, family, name, female = _person(rng, language)
    honorific = None
    if rng.random() < 0.12:
        honorific = rng.choice(vocab.HONORIFICS[language][0 if female else 1])
    title = None
    if rng.random() < 0.9:
        title = rng.choice(vocab.TITLES[language])[0 if female else 1]
    words, sectors = vocab.BRAND_WORDS[language]
    if rng.random() < 0.25:
        brand = f"{family.split()[0]} {rng.choice(sectors)}"
    elif rng.random() < 0.5:
        brand = f"{rng.choice(words)} {rng.choice(sectors)}"
    else:
        brand = rng.choice(words)
    company = None
    if rng.random() < 0.93:
        company = brand
        if rng.random() < 0.75:
            company = f"{brand} {rng.choice(vocab.LEGAL_SUFFIXES[region])}"
    joiner = "-" if rng.random() < 0.2 else ""
    tld = "com" if rng.random() < 0.15 else vocab.TLDS[region]
    domain = joiner.join(vocab.ascii_slug(w) for w in brand.split()) + "." + tld
    content = CardContent(language=language, region=region, name=name, given_name=given, family_name=family,
                          honorific=honorific, title=title, company=company, brand=brand, domain=domain,
                          tagline=rng.choice(vocab.TAGLINES[language]) if rng.random() < 0.25 else None,
                          upper_name=rng.random() < 0.12, upper_company=rng.random() < 0.25,
                          icons=rng.random() < 0.15)
    content.phones, phone_lines = _phones(rng, language, region, content.icons)
    lines: list[ContactLine] = []
    g, f = vocab.ascii_slug(given), vocab.ascii_slug(family.split()[0])
    if rng.random() < 0.9:
        local = rng.choice((f"{g}.{f}", f"{g[0]}{f}", g, f"{g}{f[0]}", f"{g}_{f}"))
        content.emails.append(f"{local}@{domain}")
        if rng.random() < 0.08:
            content.emails.append(rng.choice(("info", "contact", "hello", "office")) + "@" + domain)
    for email in content.emails:
        with_label = rng.random() < 0.4 and not content.icons
        label = rng.choice(vocab.EMAIL_LABELS[language]) + rng.choice((": ", " ")) if with_label else ""
        lines.append(ContactLine(label + email, "email"))
    if rng.random() < 0.7:
        site = rng.choice((f"www.{domain}", f"www.{domain}", domain, f"https://www.{domain}"))
        content.websites.append(site)
        with_label = rng.random() < 0.25 and not content.icons
        label = rng.choice(vocab.WEB_LABELS[language]) + rng.choice((": ", " ")) if with_label else ""
        lines.append(ContactLine(label + site, "web"))
    if rng.random() < 0.15:
        handle = f"{g}-{vocab.ascii_slug(family.replace(' ', '-')) if ' ' not in family else f}"
        url = rng.choice((f"linkedin.com/in/{handle}", f"www.linkedin.com/in/{handle}"))
        content.social.append(url)
        lines.append(ContactLine(url, "social"))
    order = rng.random()
    address_lines: list[ContactLine] = []
    if rng.random() < 0.8:
        content.address_lines = vocab.make_address(rng, region, language).lines
        address_lines = [ContactLine(a, "address") for a in content.address_lines]
    if order < 0.6:
        content.contact_lines = phone_lines + lines + address_lines
    elif order < 0.85:
        content.contact_lines = address_lines + phone_lines + lines
    else:
        content.contact_lines = lines + phone_lines + address_lines
    if qr if qr is not None else rng.random() < 0.15:
        content.qr_payload = _qr_payload(rng, content)
    return content
