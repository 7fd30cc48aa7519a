"""What is left of a contact line once its email, phone or URL is taken out.

OCR sometimes reads two printed lines that sit side by side as one ("Raúl Quiroga raulq@x.com",
"ANA RUIZ Celular: +52…"); the leftover words can still be the name, the title or the company.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import Leniency

from enrich.emails import EMAIL_LABEL, EMAIL_TOKEN
from enrich.phones import LABEL_KINDS
from enrich.text import fold, normalize_separators
from enrich.web import URL_TOKEN, WEB_LABEL

_EXTRA_LABELS = {"email", "e-mail", "mail", "correo", "courriel", "web", "site", "website", "www", "url",
                 "sitio", "internet", "e", "w"}


def leftover_text(text: str, region: str | None) -> str:
    """The words of a line that are not an email, URL, phone number or their labels."""
    body = EMAIL_TOKEN.sub(" ", text)
    body = " ".join(t for t in body.split() if not URL_TOKEN.fullmatch(t.strip(".,;")) or "." not in t)
    prepared = normalize_separators(body)
    spans = [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(prepared, region or "ZZ",
                                                                       leniency=Leniency.POSSIBLE)]
    for start, end in reversed(spans):
        body = body[:start] + " " + body[end:]
    words = []
    for token in body.split():
        bare = fold(token.strip(".,:;|·-"))
        if not bare or bare in LABEL_KINDS or bare in _EXTRA_LABELS or not any(c.isalpha() for c in token):
            continue
        words.append(token.strip(",;|·"))
    cleaned = " ".join(words).strip(" :-")
    cleaned = EMAIL_LABEL.sub("", cleaned)
    return WEB_LABEL.sub("", cleaned).strip()
