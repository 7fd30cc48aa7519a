"""Person names: does a line look like a person's name, and its parts via nameparser.HumanName."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nameparser import HumanName

# Honorifics printed before a name, longest first so "Prof. Dr." wins over "Prof.".
HONORIFICS = ("Prof. Dr.-Ing.", "Prof. Dr. med.", "Prof. Dr.", "Herr Dr.", "Frau Dr.", "Dr.-Ing.", "Dipl.-Ing.",
              "Dipl.-Kfm.", "Dr. med.", "Dr.", "Dr", "Dra.", "Dra", "Prof.ª", "Prof.", "Prof", "Profa.", "Pr",
              "Ing.", "Ing", "Lic.", "Lic", "Licda.", "Arq.", "Eng.ª", "Eng.", "Mr.", "Mr", "Mrs.", "Mrs", "Ms.",
              "Ms", "Mme", "Mme.", "Mlle", "M.", "Herr", "Frau", "Sr.", "Sra.", "Srta.", "Don", "Doña", "Mag.",
              "Me", "Maître", "Sir")
_HONORIFIC_RE = re.compile(
    r"^\s*((?:" + "|".join(re.escape(h) for h in HONORIFICS) + r")[ª°º\"”'’]?(?=\s|$|(?<=\.)[A-ZÀ-Þ])\s*)+", re.U
)
# case-insensitive variant without the short forms that are also words or initials ("ME", "M.", "DON")
_HONORIFIC_CI_RE = re.compile(
    r"^\s*((?:" + "|".join(re.escape(h) for h in HONORIFICS if len(h.rstrip(".")) > 2 and h != "Don")
    + r")[ª°º\"”'’]?(?=\s|$|(?<=\.)[A-ZÀ-Þ])\s*)+", re.U | re.I
)
PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "le", "la",
             "du", "y", "e", "zu", "ten", "ter", "bin", "al", "el", "des", "mc", "st"}
# Words that appear in capitalised non-name lines (brands, slogans, places): never part of a name.
NOT_NAME_WORDS = {
    "group", "grupo", "solutions", "soluciones", "solucoes", "services", "servicos", "servicios", "company",
    "consulting", "consultoria", "consultores", "conseil", "beratung", "systems", "partners", "logistics",
    "logistica", "logistique", "logistik", "engineering", "ingenieria", "engenharia", "ingenierie", "design",
    "diseno", "foods", "alimentos", "technik", "tecnologia", "technology", "software", "energie", "energies",
    "medien", "media", "bau", "construcciones", "construcoes", "batiment", "numerique", "finance", "analytics",
    "maschinenbau", "buffet", "eventos", "eletronica", "electronica", "studio", "estudio", "agency", "agencia",
    "labs", "lab", "digital", "global", "international", "bank", "banco", "hotel", "restaurant", "cafe",
    "clinic", "clinica", "shop", "store", "tienda", "loja", "center", "centro", "institute", "instituto",
    "university", "universidad", "universidade", "school", "escola", "escuela", "department", "departamento",
    "abteilung", "portfolio", "email", "phone", "tel", "fax", "web", "www", "address", "contact", "contato",
    "contacto", "street", "calle", "rua", "rue", "avenida", "road", "mobile", "cell", "office", "av", "avda",
    "avenue", "boulevard", "strasse", "platz", "travessa", "alameda", "suite", "sala", "piso",
    "paseo", "plaza", "praca", "jardim", "bairro", "colonia", "cep", "links", "sociais", "sociales",
}


@dataclass
class ParsedName:
    """A person's name split into its parts; honorific kept apart."""

    full: str
    given: str | None
    family: str | None
    honorific: str | None


def split_honorific(text: str) -> tuple[str | None, str]:
    """('Dr.', 'Ana Gómez') from 'Dr. Ana Gómez'; (None, text) when no honorific is printed."""
    match = _HONORIFIC_RE.match(text)
    if not match and text.isupper():  # "DIPL.-ING. MIRIAM WAGNER": all-caps lines carry all-caps honorifics
        match = _HONORIFIC_CI_RE.match(text)
    if not match:
        return None, text.strip()
    return match.group(0).strip(), text[match.end():].strip()


def parse_name(text: str) -> ParsedName:
    """Split a name line into full name, given and family names, and honorific (nameparser underneath)."""
    honorific, rest = split_honorific(text)
    rest = rest.strip(" ,")
    human = HumanName(rest)
    if human.title and not honorific:  # nameparser knows some honorifics we don't list
        honorific = human.title
    first = human.first or None
    middle = human.middle
    last = human.last or None
    if middle and re.fullmatch(r"[^\W\d_]\.?", middle):  # "John F. Kennedy": an initial belongs to the given name
        first = f"{first} {middle}"
        middle = ""
    family = " ".join(p for p in (middle, last or "") if p) or None
    full = " ".join(p for p in (first, family) if p) or rest
    if human.suffix:
        full = f"{full} {human.suffix}"
    return ParsedName(full=full, given=first, family=family, honorific=honorific)


