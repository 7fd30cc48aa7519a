"""Email addresses: email-validator (no network), with OCR repairs that are kept only when they validate."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from publicsuffixlist import PublicSuffixList

from enrich.card import EmailField
from enrich.domains import LOOK_ALIKE, repair_suffix
from enrich.text import fold, squash

PSL = PublicSuffixList(only_icann=True)  # the bundled list (ICANN part); never fetched at run time

# a label ends in a colon, a dot and a space, or a space before the address ("E-mail ana@x.es"), so
# that an address starting with "e." or "mail." is not cut
EMAIL_LABEL = re.compile(
    r"^\s*(?:(?:e[-\s]?mail|email|mail|correo(?:\s+electr[oó]nico)?|courriel|m[eé]l|endere[cç]o)"
    r"\s*(?::|\.(?=\s)|(?=\s))|e\s*(?::|\.(?=\s)|(?=\s+\S*@)))\s*", re.I
)
_AT_WORDS = re.compile(r"\s*(\(at\)|\[at\]|\{at\}|\sat\s|\(a\)|\s@\s|©|®)\s*", re.I)
# two addresses on one line are joined by "|", "/", ",", ";" or spaces: none of them is part of one
EMAIL_TOKEN = re.compile(r"\S+@\S+")  # a whitespace-delimited word holding an '@': an email as printed, or its wreck
_TOKEN_WITH_AT = re.compile(r"[^\s,;|/<>()\[\]]+@[^\s,;|/<>()\[\]]+")


@dataclass
class EmailResult:
    """Emails found on a card, the lines they came from and the warnings they raised."""

    emails: list[EmailField] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def check_email(candidate: str) -> str | None:
    """The normalised address when `candidate` validates and its domain ends in a known public suffix."""
    try:
        info = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError:
        return None
    domain = info.ascii_domain.lower()
    if PSL.publicsuffix(domain, accept_unknown=False) is None or PSL.is_public(domain):
        return None
    return f"{info.local_part}@{domain}".lower()


def strip_label(text: str) -> str:
    """Remove a printed email label: 'Correo: a@b.es' -> 'a@b.es'."""
    return EMAIL_LABEL.sub("", text, count=1).strip()


# personal mailbox providers: their domain is nobody's company (used here to spot a lost '@')
FREE_EMAIL_DOMAINS = {
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.es", "hotmail.fr", "hotmail.de", "hotmail.co.uk",
    "hotmail.com.br", "hotmail.com.mx", "outlook.com", "outlook.es", "outlook.fr", "outlook.de", "live.com",
    "live.fr", "msn.com", "yahoo.com", "yahoo.es", "yahoo.fr", "yahoo.de", "yahoo.co.uk", "yahoo.com.br",
    "yahoo.com.mx", "yahoo.com.ar", "ymail.com", "aol.com", "icloud.com", "me.com", "mac.com",
    "proton.me", "protonmail.com", "pm.me", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com", "web.de",
    "t-online.de", "freenet.de", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "neuf.fr",
    "r7.com", "uol.com.br", "bol.com.br", "terra.com.br", "terra.es", "terra.com", "ig.com.br",
    "globo.com", "zoho.com", "mail.com", "yandex.com", "sapo.pt", "telefonica.net", "bluewin.ch",
    "verizon.net", "verizon.com", "comcast.net", "att.net", "sbcglobal.net", "libero.it", "tutanota.com",
}

_FREE_MAIL_BY_LENGTH = sorted(FREE_EMAIL_DOMAINS, key=len, reverse=True)
ROLE_MAILBOXES = {"info", "office", "contact", "contacto", "contato", "hello", "sales", "ventas", "vendas",
                  "kontakt", "mail", "admin", "support", "hola", "ola", "bonjour", "service", "team", "jobs"}


# what OCR reads for an '@' it does not see: the round lower-case letters, a dot, ©, ® (or nothing)
_AT_GLYPHS = (".", "e", "a", "o", "c", "©", "®", "")


def case_repairs(value: str) -> tuple[str, str] | None:
    """OCR slips visible in a validated address: a label glued on ('Eoffice@', 'E-mailoffice@')."""
    local, _, domain = value.rpartition("@")
    if local[:1] == "E" and local[1:].lower() in ROLE_MAILBOXES:
        return f"{local[1:]}@{domain}", "removed the 'E' label glued to the address"
    glued = _GLUED_LABEL.match(local)
    if glued and len(glued.group(2)) >= 2:
        return f"{glued.group(2)}@{domain}", f"removed the '{glued.group(1)}' label glued to the address"
    return None


# a capitalised or hyphenated label glued to the local part: "E-mailoffice@", "Courrielinfo@"
_GLUED_LABEL = re.compile(r"^(E-?[Mm]ail|E-MAIL|EMAIL|Email|Mail|Correo|Courriel)[:.]?(.+)$")
# a dot read as a space before a country code: "x@firma.com ar" -> "x@firma.com.ar"
_SPLIT_CCTLD = re.compile(r"(@[\w.-]+\.(?:com|net|org|gob|gov|edu|co|ind|adv))\s+([a-z]{2})\b")


def _known_domain_repair(token: str, known_domains: list[str]) -> tuple[str, str] | None:
    """'x@kestreLco.uk' -> 'x@kestrel.co.uk' when the website printed on the card has the same letters."""
    local, _, domain = token.rpartition("@")
    domain = domain.strip(".,;:").lower()
    if not local or domain in known_domains:
        return None
    for known in known_domains:
        if squash(known) == squash(domain) and known.endswith(domain[-2:]):
            return f"{local}@{known}", f"matched the domain to the printed website {known}"
        # the '@' read with a round letter after it: "kevin@ewhiteside.com.au" beside "whiteside.com.au"
        if len(domain) == len(known) + 1 and domain[0] in _AT_GLYPHS and domain[1:] == known:
            return f"{local}@{known}", f"dropped the {domain[0]!r} read after the '@' (the domain is {known})"
    return None


def _repairs(token: str, known_domains: list[str]) -> list[tuple[str, str]]:
    """(candidate, what changed) pairs for a token OCR may have damaged, most conservative first."""
    out: list[tuple[str, str]] = []
    trimmed = token.strip(".,;:!?'\"()[]<>|")
    if trimmed != token:
        out.append((trimmed, "removed punctuation around it"))
    if "@" in trimmed:
        local, _, domain = trimmed.rpartition("@")
        domain = domain.replace(",", ".").rstrip(".")
        if domain.lower().startswith("wwww."):
            out.append((f"{local}@{domain[5:]}", "dropped a stray 'wwww.'"))
        # OCR damage in the suffix ('.camz' for '.co.mz'): repaired only to a real public suffix
        repaired = repair_suffix(domain)
        if repaired:
            out.append((f"{local}@{repaired[0]}", repaired[1]))
    else:
        lowered = trimmed.lower()
        for domain in known_domains:  # "name.contoso.com" beside a website contoso.com
            # the '@' was dropped, or read as a glyph of its shape: a round letter, a dot, ©/® ("martin.ruize" +
            # domain); any other letter before the domain belongs to the name, the '@' having been lost
            for joint in _AT_GLYPHS:
                if lowered.endswith(joint + domain) and len(lowered) > len(joint + domain):
                    local = trimmed[: len(trimmed) - len(joint + domain)]
                    out.append((f"{local}@{domain}", "restored the missing '@'"))
                    break
        registrable = PSL.privatesuffix(lowered) if "." in lowered else None
        if registrable and lowered != registrable and lowered.endswith("." + registrable):
            local = trimmed[: len(trimmed) - len(registrable) - 1]
            out.append((f"{local}@{registrable}", "restored the missing '@'"))
    return out


def _line_candidates(text: str) -> tuple[list[tuple[str, str | None]], bool]:
    """(token, what was changed to get it) pairs that may be emails, and whether the line has a label."""
    labelled = bool(EMAIL_LABEL.match(text))
    body = strip_label(text)
    joined = _SPLIT_CCTLD.sub(r"\1.\2", body)
    joined_tokens = _TOKEN_WITH_AT.findall(joined)
    if joined != body and all(check_email(t) for t in joined_tokens):
        return [(t, "read the space before the country code as a dot") for t in joined_tokens], labelled
    direct = _TOKEN_WITH_AT.findall(body)
    if direct:
        return [(t, None) for t in direct], labelled
    spelled = re.sub(r"\s*@\s*", "@", _AT_WORDS.sub("@", body))
    tokens = [t for t in _TOKEN_WITH_AT.findall(spelled) if "." in t.rpartition("@")[2]]
    if tokens:
        return [(t, "read the spelled-out or mangled '@' as '@'") for t in tokens], labelled
    free = [t.strip(".,;:") for t in body.split() if any(
        t.lower().strip(".,;:").endswith(d) and len(t.strip(".,;:")) > len(d) + 2 and not t.lower().startswith("www.")
        for d in _FREE_MAIL_BY_LENGTH)]
    if free:  # "ricknog39dgmail.com": nobody's website ends in gmail.com, so the '@' was lost
        return [(t, None) for t in free], labelled
    if labelled:
        parts = body.split()
        if len(parts) == 2 and "." in parts[1]:
            return [(parts[0] + "@" + parts[1], "read the space as the missing '@'")], labelled
        if len(parts) == 1:
            return [(parts[0], None)], labelled
    return [], labelled


def _strip_symbols(token: str) -> str:
    """The token without the symbols (icons, bullets, check marks) OCR read in front of it."""
    start = 0
    while start < len(token) and unicodedata.category(token[start])[0] in "SP" and token[start] not in "_+":
        start += 1
    return token[start:]


def find_emails(lines: list[str], known_domains: list[str] | None = None) -> EmailResult:
    """Find email addresses on the card; repaired ones keep what was read in `raw` and get a warning."""
    result = EmailResult()
    domains = [d.lower() for d in (known_domains or [])] + _FREE_MAIL_BY_LENGTH
    seen: set[str] = set()
    for index, line in enumerate(lines):
        tokens, labelled = _line_candidates(line)
        for token, first_note in tokens:
            bare = _strip_symbols(token)
            if bare != token and check_email(bare):  # "☑abareteau@…": an icon read as a character
                symbol = token[: len(token) - len(bare)]
                token, first_note = bare, first_note or f"removed the symbol {symbol!r} before it"
            fixed = case_repairs(token) or _known_domain_repair(token, domains)
            if fixed and check_email(fixed[0]):
                token, first_note = fixed
            value = check_email(token)
            note = first_note if value else None
            if value is None:
                for candidate, what in _repairs(token, domains):
                    value = check_email(candidate)
                    if value:
                        note = f"{first_note}; {what}" if first_note else what
                        break
            if value is None:
                if "@" in token and first_note is None and "." in token.rpartition("@")[2]:
                    result.emails.append(EmailField(value=token, valid=False, confidence=0.3, raw=line.strip()))
                    result.warnings.append(f"Email {token!r} does not look valid; kept as read, please check it.")
                    result.used.add(index)
                continue
            if value in seen:
                continue
            seen.add(value)
            result.used.add(index)
            if note:
                result.warnings.append(f"Email {value}: {note} (the card reads {strip_label(line)!r}).")
            confidence = 0.97 if note is None else 0.75
            if not labelled and "@" not in line and note:
                confidence = 0.6
            result.emails.append(EmailField(value=value, valid=True, confidence=confidence, raw=line.strip()))
    _strip_glued_words(result)
    return result


def _strip_glued_words(result: EmailResult) -> None:
    """'Caroayina@yahoo.fr' beside 'oayina@…': a capitalised word OCR glued in front of the same local part.

    Only when the card's other address has exactly the remaining local part (4+ letters), the glued part
    is 2+ letters starting with a capital and the rest is printed in lower case: then the person's one
    name is what both addresses share, and the capitalised word is a stray from the line before it.
    """
    locals_ = {e.value.rpartition("@")[0] for e in result.emails if e.valid}
    for email in result.emails:
        local, _, domain = email.value.rpartition("@")
        raw = email.raw or ""
        for other in locals_:
            glued = len(local) - len(other)
            if len(other) < 4 or glued < 2 or not local.endswith(other):
                continue
            printed = re.search(re.escape(local) + "@", raw, re.I)
            if printed is None:
                continue
            shown = printed.group(0)
            if shown[0].isupper() and shown[1:glued].islower() and shown[glued:-1] == other:
                repaired = f"{other}@{domain}"
                if repaired in {e.value for e in result.emails} or check_email(repaired) is None:
                    continue
                result.warnings.append(f"Email {repaired}: removed {shown[:glued]!r} glued in front of the "
                                       f"name the card's other address shares (the card reads {raw!r}).")
                email.value, email.confidence = repaired, 0.6
                break


def email_domain(address: str) -> str:
    """The domain of an email address, folded to lowercase."""
    return fold(address.rpartition("@")[2])


MAX_SLIPS = 2  # look-alike characters (compared in lower case: capital I and l are one glyph in sans-serif)


def _name_forms(name: str) -> set[str]:
    """The local parts people build from the words of their name: 'laura', 'lbrewer', 'laura.brewer',
    'laurab', 'malba' (every word, "Marco" of "N. Marco Alba" too, with any other)."""
    words = [w for w in (re.sub(r"[^a-z]", "", fold(word).lower()) for word in name.split()) if w]
    forms = set(words)
    for a, b in itertools.permutations(words, 2):
        for x, y in ((a, b), (a[0], b), (a, b[0])):
            forms |= {x + y, f"{x}.{y}", f"{x}_{y}", f"{x}-{y}"}
    return forms


def _slips(read: str, form: str) -> int | None:
    """How many characters of `read` are look-alikes of `form`'s (None when another character differs)."""
    if len(read) != len(form):
        return None
    slips = 0
    for a, b in zip(read, form, strict=True):
        if a != b:
            if b not in LOOK_ALIKE.get(a, ""):
                return None
            slips += 1
    return slips


def spelled_from_name(emails: list[EmailField], name: str | None) -> list[str]:
    """Repair a local part that is the person's name read with a look-alike letter or two ('Ibrewer@' for
    Laura Brewer's 'lbrewer@'); returns a warning for each. A local part that is already one of the name's
    forms, or near more than one, stays as read ('Ian@' stays for Ian Smith)."""
    forms = _name_forms(name) if name and len(name.split()) >= 2 else set()
    if not forms:
        return []
    notes = []
    for email in emails:
        local, _, domain = email.value.rpartition("@")
        read = local.lower()
        if not email.valid or read in forms:
            continue
        near = {form for form in forms if (slips := _slips(read, form)) is not None and 0 < slips <= MAX_SLIPS}
        if len(near) != 1:
            continue
        repaired = f"{near.pop()}@{domain}"
        if check_email(repaired) is None:
            continue
        notes.append(f"Email {repaired}: read {email.value!r}; the name on the card spells it so.")
        email.value, email.confidence = repaired, min(email.confidence, 0.75)
    return notes
