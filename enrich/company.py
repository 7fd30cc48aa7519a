"""Company names: legal-form suffixes, agreement with the email/web domain, brand lines."""

from __future__ import annotations

import re

from enrich.names import NOT_NAME_WORDS
from enrich.text import fold, squash

# Legal forms in en/es/fr/de/pt (and neighbours), matched as whole tokens at the end of a line or
# anywhere in it. Hand list because no offline library covers legal forms of these countries.
LEGAL_FORMS = (
    "S.A. de C.V.", "S. de R.L. de C.V.", "S.A.B. de C.V.", "S.A.P.I. de C.V.", "GmbH & Co. KG", "GmbH & Co KG",
    "Unipessoal Lda.", "Unipessoal Lda", "Ltda. ME", "Ltda ME", "Ltda. EPP", "S.L.U.", "S.L.N.E.", "S.L.",
    "S.A.S.", "S.A.", "S.R.L.", "S.C.", "S/C", "S/A", "SLU", "SL", "SA", "SAS", "SARL", "Sàrl", "Sarl", "SRL",
    "EURL", "SNC", "SCI", "GmbH", "gGmbH", "AG", "KG", "OHG", "UG", "e.K.", "e.V.", "KGaA", "Ltda.", "Ltda",
    "Lda.", "Lda", "EIRELI", "MEI", "ME", "EPP", "Ltd.", "Ltd", "Limited", "LLP", "PLC", "plc", "Inc.", "Inc",
    "LLC", "L.L.C.", "Corp.", "Corp", "Corporation", "Co.", "Company", "Cía.", "Cia.", "y Cía.", "B.V.", "BV",
    "N.V.", "NV", "S.p.A.", "SpA", "S.r.l.", "Srl", "Oy", "AB", "A/S", "ApS", "Pty Ltd", "SE",
)
# forms with dots or of four letters and more are matched in any case ("S. DE R.L. DE C.V.", "GMBH");
# short bare ones only as printed or in capitals, since "me", "sa", "ag" are also words
_LONG_FORMS = [f for f in LEGAL_FORMS if "." in f or len(f) >= 4]
_SHORT_FORMS = sorted({v for f in LEGAL_FORMS if f not in _LONG_FORMS for v in (f, f.upper())}, key=len, reverse=True)
_LEGAL_RE = re.compile(
    r"(?:^|[\s,])((?i:" + "|".join(re.escape(f) for f in sorted(_LONG_FORMS, key=len, reverse=True)) + r")|"
    + "|".join(re.escape(f) for f in _SHORT_FORMS) + r")(?=$|[\s,.)])",
)
# Words that name what a business does: a capitalised line made of them is a brand, not a person.
BUSINESS_WORDS = NOT_NAME_WORDS | {
    "partners", "consultants", "associates", "industries", "holding", "holdings", "trading", "ventures",
    "capital", "invest", "immobilien", "imoveis", "inmobiliaria", "seguros", "insurance", "transportes",
    "comercio", "comercial", "industria", "distribuidora", "importadora", "eventos", "tecnologia",
}


def legal_form(text: str) -> str | None:
    """The legal-form suffix printed in a line ('S.A. de C.V.', 'GmbH', 'Ltda.'), if any."""
    match = _LEGAL_RE.search(text.strip())
    if not match:
        return None
    form = match.group(1)
    if form in ("SA", "SE", "ME", "AB", "SL", "AG", "KG", "UG", "NV", "BV", "Co.") and len(text.split()) < 2:
        return None  # a lone short token is more likely an initial or a state than a legal form
    if form in ("SE", "ME", "AB", "SA", "SL") and not text.rstrip(" .").endswith(form):
        return None  # short ambiguous forms only count at the very end of the line
    return form


def domain_label(domain: str) -> str:
    """The brand part of a registrable domain: 'merinosoluciones.com.mx' -> 'merinosoluciones'."""
    return domain.split(".")[0].lower()


def domain_agreement(text: str, domains: list[str]) -> float:
    """How well a line agrees with the card's email/web domains: 1 exact, 0.7 contained, 0.5 initials."""
    line = squash(text)
    if len(line) < 3:
        return 0.0
    best = 0.0
    words = [w for w in re.split(r"[\s&+,.-]+", fold(text)) if w]
    initials = "".join(w[0] for w in words if w.isalpha())
    for domain in domains:
        label = squash(domain_label(domain))
        if len(label) < 3:
            continue
        if label == line:
            best = max(best, 1.0)
        elif label in line or (line in label and len(line) >= 4):
            best = max(best, 0.8)
        elif len(initials) >= 2 and initials == label:
            best = max(best, 0.5)
        elif any(len(w) >= 4 and squash(w) in label for w in words):
            best = max(best, 0.4)
    return best


def brand_words_score(text: str) -> float:
    """0.5 when the line is built from business words ('Northwind Logistics'), else 0."""
    return 0.5 if any(fold(w).strip(".,") in BUSINESS_WORDS for w in text.split()) else 0.0


_GLUABLE_FORMS = ("GMBH", "LTDA", "SARL", "SAS", "LLC", "INC", "LTD", "AG", "KG", "SA", "SL", "SRL", "LDA")


_GLUED_MIXED_CASE_FORM = re.compile(r"(?<=[^\W\d_])(?=(?:Ltda|Lda|GmbH|Inc|Ltd|Sarl|Corp)\b)")


def split_glued_business_word(text: str) -> str:
    """'NOGUEIRAALIMENTOS' -> 'NOGUEIRA ALIMENTOS': an all-caps word OCR glued to a known business word."""
    out = []
    for token in text.split(" "):
        piece = token
        if token.isupper() and len(token) >= 8:
            folded = fold(token)
            for word in sorted(BUSINESS_WORDS, key=len, reverse=True):
                if len(word) >= 4 and folded.endswith(word) and len(folded) - len(word) >= 3:
                    cut = len(token) - len(word)
                    piece = f"{token[:cut]} {token[cut:]}"
                    break
        out.append(piece)
    return " ".join(out)


def split_glued_legal_form(text: str, domains: list[str]) -> str:
    """'ADACHILtda.' -> 'ADACHI Ltda.'; 'RIVAGEAG' -> 'RIVAGE AG' when 'RIVAGE' is the card's domain name."""
    text = _GLUED_MIXED_CASE_FORM.sub(" ", text)
    stripped = text.strip()
    if " " in stripped:
        return text
    labels = {squash(domain_label(d)) for d in domains}
    for form in _GLUABLE_FORMS:
        head = stripped[: -len(form)]
        if stripped.upper().endswith(form) and head and squash(head) in labels:
            return f"{head} {stripped[-len(form):]}"
    return text
