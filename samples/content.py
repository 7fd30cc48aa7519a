"""What a synthetic card says: an invented person, company and contact lines, plus its ground truth."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from typing import Any

import phonenumbers

from samples import vocab
from samples.phones import Phone, faker_phone, make_fax_beside


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
    upper_title: bool = False  # the title in capitals, as many cards print it beside a capitalised name
    icons: bool = False  # contact lines carry small icons instead of printed labels
    printed_title: str | None = None  # the title line as printed when it differs (bilingual: "X / Y")
    title_alt: tuple[str, ...] = ()  # other right answers for the title (one half of a bilingual line)
    name_title_joiner: str | None = None  # name and title printed on one line, joined by this
    distractors: tuple[str, ...] = ()  # lines that are none of the fields (certifications, slogans…)
    variations: dict[str, Any] = field(default_factory=dict)  # which optional layouts this card uses

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

    @property
    def title_line(self) -> str | None:
        """The title as printed on its own line."""
        title = self.printed_title or self.title
        return title.upper() if title and self.upper_title else title

    @property
    def identity_lines(self) -> list[str]:
        """Name and title lines as printed (one line when they share it)."""
        if self.name_title_joiner and self.title_line:
            return [f"{self.printed_name}{self.name_title_joiner}{self.title_line}"]
        return [self.printed_name] + ([self.title_line] if self.title_line else [])

    def expected(self, file: str, notes: str, conditions: dict[str, Any]) -> dict[str, Any]:
        """The ground truth in the real-cards label format (plus honorific and generator conditions)."""
        alt = {"title": list(self.title_alt)} if self.title_alt else {}
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
            **({"alt": alt} if alt else {}),
            "notes": notes,
            "conditions": {**conditions, "variations": dict(self.variations)},
        }


_LEGAL_TAIL = re.compile(r"[\s,]+(?:[A-Z][\w.&]*\.?|e\.V\.|s\.r\.l\.|[a-z]\.[a-z.]+)$")


def _short(text: str, words: int) -> bool:
    return len(text.split()) <= words and len(text) <= 40


def _draw(rng: random.Random, make: Any, accept: Any, default: str) -> str:
    for _ in range(12):
        value = make()
        if accept(value):
            return value
    return default


def _person(rng: random.Random, fake: Any, language: str) -> tuple[str, str, str, bool]:
    female = rng.random() < 0.5
    given = fake.first_name_female() if female else fake.first_name_male()
    family = fake.last_name()
    if language in ("es", "pt") and rng.random() < 0.35:
        second = fake.last_name()
        if second != family and " " not in family:
            family = f"{family} {second}"
    given = given.split()[0] if rng.random() < 0.7 else given  # Faker has "Ana Carolina", "Jean-Luc"
    return given, family, f"{given} {family}", female


def _with_initial(rng: random.Random, given: str, family: str, name: str) -> str:
    """The name, sometimes with a middle initial ("John A. Smith") or a leading one ("B. Surendra Ponnada")."""
    draw = rng.random()
    initial = rng.choice("ABCDEFGHJKLMNPRSTV")
    if draw < 0.06:
        return f"{given} {initial}. {family}"
    if draw < 0.09:
        return f"{initial}. {given} {family}"
    return name


def _honorific(rng: random.Random, fake: Any, female: bool) -> str | None:
    prefix = fake.prefix_female() if female else fake.prefix_male()
    # only the prefixes that are printed before a name on a card (Faker's es_ES "de" is a particle)
    return prefix if prefix.rstrip(".").lower() in ("dr", "dra", "prof", "ing", "lic", "dott", "dott.ssa",
                                                     "avv", "arch", "univ.prof") else None


def _title(rng: random.Random, fake: Any, region: str, content: dict[str, Any]) -> tuple[str | None, tuple[str, ...]]:
    if rng.random() >= 0.9:
        return None, ()
    job = _draw(rng, fake.job, lambda j: _short(j, 5), "Manager")
    job = job.replace("*in", "in") if rng.random() < 0.5 else job.replace("*in", "")  # de_AT "Stylist*in"
    job = job[0].upper() + job[1:]
    if rng.random() < 0.5:  # many cards print titles in Title Case ("Site Engineer")
        job = " ".join(w[:1].upper() + w[1:] if len(w) > 3 else w for w in job.split(" "))
    if region in vocab.ENGLISH_TITLES_TOO and rng.random() < 0.12:
        english_fake = vocab.faker("en_US")
        english_fake.seed_instance(rng.getrandbits(48))  # its own seed: the instance is shared by all cards
        english = _draw(rng, english_fake.job, lambda j: _short(j, 4) and "," not in j, "Director")
        joiner = rng.choice((" / ", "/", " | "))
        content["bilingual"] = True
        return f"{english}{joiner}{job}", (english, job)
    return job, ()


def _company(rng: random.Random, fake: Any, family: str) -> tuple[str | None, str]:
    """(company line as printed or None, brand words for the domain and logo)."""
    company = _draw(rng, fake.company, lambda c: _short(c, 5), family)
    brand = _LEGAL_TAIL.sub("", company).strip(" ,-") or company
    brand = re.split(r",| and | y | et | und | e ", brand)[0].strip() or brand
    return (company if rng.random() < 0.95 else None), brand


UPPER_TITLE_SHARE = 0.12  # titles printed in capitals ("ASST. VICE PRESIDENT")
RANK_SHARE = 0.3  # titles of rank (vocab.RANK_TITLES) instead of Faker's occupation


def _rank_title(rng: random.Random, language: str) -> str:
    """A title of rank in the card's language ('Head of Export', 'Gerente de Ventas')."""
    return rng.choice(vocab.RANK_TITLES[language]).format(function=rng.choice(vocab.FUNCTIONS[language]))


PHONE_BESIDE_EMAIL_SHARE = 0.08  # a phone and the email printed on one line ("T +44 20 7946 0123 · ann@acme.co.uk")
INSTITUTION_SHARE = 0.14  # cards of universities, ministries, hospitals, chambers instead of a firm


def _institution(rng: random.Random, locale: str, language: str) -> tuple[str, str, str | None]:
    """(institution's name, brand for its domain, the unit printed under it or None)."""
    aside = vocab.faker_aside(locale)
    aside.seed_instance(rng.getrandbits(48))
    city = aside.city()
    fields = vocab.FIELDS[language]
    name = rng.choice(vocab.INSTITUTIONS[language]).format(city=city, field=rng.choice(fields))
    if rng.random() < 0.3:
        name = f"The {name}" if language == "en" else name
    initials = "".join(w[0] for w in re.findall(r"[^\W\d_]+", name) if w[0].isupper())
    brand = initials if len(initials) >= 2 and rng.random() < 0.6 else city
    unit = rng.choice(vocab.UNITS[language]).format(field=rng.choice(fields)) if rng.random() < 0.4 else None
    return name, brand, unit


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


def _phones(rng: random.Random, fake: Any, language: str, region: str,
            icons: bool) -> tuple[list[Phone], list[ContactLine]]:
    patterns = (("work",), ("mobile",), ("work", "mobile"), ("mobile", "work"), ("work", "fax"),
                ("work", "mobile", "fax"), ("mobile",), ("work", "mobile"))
    pattern = [k for k in rng.choice(patterns) if not (icons and k == "fax")]  # an icon cannot say "fax"
    phones: list[Phone] = []
    for kind in pattern:
        if kind == "fax" and phones and phones[0].kind == "work" and rng.random() < 0.5:
            phones.append(make_fax_beside(rng, region, phones[0]))
        else:
            phone = faker_phone(rng, fake, region, kind)
            if all(p.e164 != phone.e164 for p in phones):
                phones.append(phone)
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


def _address(rng: random.Random, fake: Any, region: str, language: str, variations: dict[str, Any]) -> tuple[str, ...]:
    """Faker's address in the locale's own format, sometimes with a floor/suite, a PO box or the country."""
    lines = [ln.strip(" ,") for ln in fake.address().split("\n") if ln.strip(" ,")]
    lines = [re.sub(r"\s+,", ",", re.sub(r"\s{2,}", " ", ln)) for ln in lines]
    # a line of digits alone goes with the next one, as cards print it: Faker's Belgian locale sets the postcode
    # apart from its town, its Indian one a house number from its street ("100" / "Desai, Ahmednagar 721108")
    for i in range(len(lines) - 1, 0, -1):
        if lines[i - 1].isdigit():
            lines[i - 1 : i + 1] = [f"{lines[i - 1]} {lines[i]}"]
    if rng.random() < 0.2 and not re.search(r"(?i)\b(apt|suite|unit|piso|andar|etage|og|kat)\b", lines[0]):
        floor = rng.choice(vocab.FLOORS[language]).format(n=rng.randint(1, 30))
        lines[0] = f"{lines[0]}, {floor}" if rng.random() < 0.6 else f"{floor}, {lines[0]}"
        variations["floor"] = True
    if rng.random() < 0.1:
        box = rng.choice(vocab.PO_BOXES[language]).format(n=rng.randint(10, 99999))
        lines = [box, *lines[1:]] if rng.random() < 0.4 else [*lines[:1], box, *lines[1:]]
        variations["po_box"] = True
    if rng.random() < 0.2:
        lines.append(vocab.COUNTRY_NAMES[region])
    return tuple(lines)


def _distractors(rng: random.Random, fake: Any, language: str, qr: bool) -> tuple[str, ...]:
    out = []
    if rng.random() < 0.2:
        letters = "ABCDEFGHIKLMNOPRSTUW"
        acronyms = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 5))) for _ in range(3)]
        template = rng.choice(vocab.DISTRACTORS[:-2] if not qr else vocab.DISTRACTORS)
        out.append(template.format(acronym=acronyms[0], acronym2=acronyms[1], acronym3=acronyms[2],
                                   year=rng.randint(1950, 2020)))
    if rng.random() < 0.12:  # a list of services, Faker's words in the card's locale
        words = [w.capitalize() for w in fake.words(rng.randint(2, 4), unique=True)]
        out.append(rng.choice((" · ", " | ", ", ", " - ")).join(words))
    return tuple(out)


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
    locale, language = vocab.LOCALES[region]
    fake = vocab.faker(locale)
    fake.seed_instance(rng.getrandbits(48))
    variations: dict[str, Any] = {}
    given, family, name, female = _person(rng, fake, language)
    honorific = _honorific(rng, fake, female) if rng.random() < 0.12 else None
    printed = _with_initial(random.Random(f"{region}|{name}|initial"), given, family, name)
    if printed != name:
        name = printed
        variations["initial"] = True
    title, title_alt = _title(rng, fake, region, variations)
    # its own random stream, like the institutions below: the other cards stay as they were
    ranked = random.Random(f"{region}|{name}|{title}|rank")
    if title and not title_alt and ranked.random() < RANK_SHARE:
        title = _rank_title(ranked, language)
        variations["rank_title"] = True
    company, brand = _company(rng, fake, family)
    # its own random stream, seeded by what is drawn already: the cards without an institution stay as they were
    aside = random.Random(f"{region}|{name}|{company}")
    institution = aside.random() < INSTITUTION_SHARE and company is not None
    if institution:
        company, brand, unit = _institution(aside, locale, language)
        variations["institution"] = True
    joiner = "-" if rng.random() < 0.2 else ""
    tld = "com" if rng.random() < 0.25 else fake.tld()
    if region in ("GB", "AU", "BR", "AR", "MX", "TR", "IN", "BE") and tld not in ("com", "org", "net"):
        tld = {"GB": "co.uk", "AU": "com.au", "BR": "com.br", "AR": "com.ar", "MX": "com.mx", "TR": "com.tr",
               "IN": "co.in", "BE": "be"}[region]
    slug_words = [vocab.ascii_slug(w) for w in brand.split()[:3] if vocab.ascii_slug(w)] or [vocab.ascii_slug(family)]
    domain = joiner.join(slug_words) + "." + tld
    tagline = None
    if rng.random() < 0.2:
        tagline = _draw(rng, fake.catch_phrase, lambda t: _short(t, 7), "")
        variations["tagline"] = bool(tagline)
    content = CardContent(language=language, region=region, name=name, given_name=given, family_name=family,
                          honorific=honorific, title=title, company=company, brand=brand, domain=domain,
                          tagline=tagline or None, upper_name=rng.random() < 0.2,
                          upper_company=rng.random() < 0.25, icons=rng.random() < 0.15, title_alt=title_alt,
                          variations=variations)
    # its own random stream, like the institutions: the other cards stay as they were
    content.upper_title = bool(title) and random.Random(f"{region}|{name}|{title}|upper").random() < UPPER_TITLE_SHARE
    if content.upper_title:
        variations["upper_title"] = True
    if title and rng.random() < 0.12:
        content.name_title_joiner = rng.choice((" ", ", ", " | ", " – "))
        variations["name_title_one_line"] = True
    content.phones, phone_lines = _phones(rng, fake, language, region, content.icons)
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
        handle = f"{g}-{f}"
        url = rng.choice((f"linkedin.com/in/{handle}", f"www.linkedin.com/in/{handle}"))
        content.social.append(url)
        lines.append(ContactLine(url, "social"))
    # its own random stream, like the institutions: the other cards stay as they were
    beside = random.Random(f"{region}|{name}|{company}|beside")
    if phone_lines and lines and lines[0].role == "email" and beside.random() < PHONE_BESIDE_EMAIL_SHARE:
        joined = beside.choice(("  ·  ", "  |  ", "    ")).join((phone_lines[0].text, lines[0].text))
        phone_lines, lines = [ContactLine(joined, "phone"), *phone_lines[1:]], lines[1:]
        variations["phone_beside_email"] = True
    order = rng.random()
    address_lines: list[ContactLine] = []
    if rng.random() < 0.8:
        content.address_lines = _address(rng, fake, region, language, variations)
        if len(content.address_lines) >= 2 and rng.random() < 0.12:  # one printed line: "… - …" or "… | …"
            address_lines = [ContactLine(rng.choice((" - ", " | ", ", ", " · ")).join(content.address_lines),
                                         "address")]
            variations["address_one_line"] = True
        else:
            address_lines = [ContactLine(a, "address") for a in content.address_lines]
    if order < 0.6:
        content.contact_lines = phone_lines + lines + address_lines
    elif order < 0.85:
        content.contact_lines = address_lines + phone_lines + lines
    else:
        content.contact_lines = lines + phone_lines + address_lines
    if qr if qr is not None else rng.random() < 0.15:
        content.qr_payload = _qr_payload(rng, content)
    content.distractors = _distractors(rng, fake, language, content.qr_payload is not None)
    if institution and unit:
        content.distractors = (unit, *content.distractors)
    if content.distractors:
        variations["distractors"] = len(content.distractors)
    return content
