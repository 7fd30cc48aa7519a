"""Company names: legal-form suffixes and the words that name what a business does."""

from __future__ import annotations

import re

from enrich.names import NOT_NAME_WORDS

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
    "V.O.F.", "VOF", "CommV", "BVBA", "CVBA", "SPRL", "GesbR", "S.Coop.", "A.Ş.", "Ltd. Şti.", "Pvt. Ltd.",
    "Pvt Ltd", "Private Limited", "Pte. Ltd.", "Pte Ltd", "Sdn. Bhd.", "Sdn Bhd", "S.A.R.L.", "S.à r.l.",
)
# The countries whose law a form belongs to, for the forms of a few countries only ("GmbH", "A.Ş.", "VOF"):
# a clue to the region the card's numbers are printed in. Forms used the world over (Inc, Ltd, SA) say nothing,
# nor do bare "ME" and "AB", which close addresses in Maine and Alberta as often as Brazilian and Swedish names.
_FORM_REGIONS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("S.A. de C.V.", "S. de R.L. de C.V.", "S.A.B. de C.V.", "S.A.P.I. de C.V."): ("MX",),
    ("GmbH", "AG"): ("DE", "AT", "CH"),
    ("GmbH & Co. KG", "GmbH & Co KG", "KG", "OHG", "e.V."): ("DE", "AT"),
    ("gGmbH", "UG", "e.K.", "KGaA"): ("DE",),
    ("GesbR",): ("AT",),
    ("Unipessoal Lda.", "Unipessoal Lda", "Lda.", "Lda"): ("PT",),
    ("Ltda. ME", "Ltda ME", "Ltda. EPP", "EIRELI", "MEI", "EPP", "Ltda.", "Ltda"): ("BR",),
    ("S.L.U.", "S.L.N.E.", "S.L.", "SLU", "SL", "S.Coop."): ("ES",),
    ("EURL", "SNC", "SCI"): ("FR",),
    ("SARL", "S.A.R.L.", "Sàrl", "S.à r.l.", "Sarl", "S.A.S.", "SAS"): ("FR", "BE", "CH"),
    ("S.p.A.", "SpA", "S.r.l.", "Srl"): ("IT",),
    ("B.V.", "BV", "N.V.", "NV", "V.O.F.", "VOF"): ("NL", "BE"),
    ("CommV", "BVBA", "CVBA", "SPRL"): ("BE",),
    ("A.Ş.", "Ltd. Şti."): ("TR",),
    ("Pvt. Ltd.", "Pvt Ltd", "Private Limited"): ("IN",),
    ("Pty Ltd",): ("AU", "ZA"),
    ("Pte. Ltd.", "Pte Ltd"): ("SG",),
    ("Sdn. Bhd.", "Sdn Bhd"): ("MY",),
    ("Oy",): ("FI",),
    ("A/S",): ("DK", "NO"),
    ("ApS",): ("DK",),
}
_REGIONS_OF_FORM = {form.casefold(): regions for forms, regions in _FORM_REGIONS.items() for form in forms}
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

# The words that name a public body or an institution (a university, a ministry, a hospital, a chamber), which
# prints its own name where a firm prints its brand: its name is the card's company. Written out per language
# (folded: lower case, no accents) because no offline library lists them; German and Dutch glue them into
# compounds ("Bundesministerium", "Universitätsklinikum"), found by their endings.
INSTITUTION_WORDS = frozenset({
    # en
    "university", "institute", "institution", "ministry", "hospital", "clinic", "chamber", "council", "school",
    "college", "academy", "agency", "authority", "foundation", "association", "federation", "society",
    "government", "embassy", "consulate", "commission", "court", "museum", "library", "laboratory", "police",
    "municipality", "parliament", "senate", "faculty",
    # es
    "universidad", "instituto", "ministerio", "clinica", "camara", "ayuntamiento", "municipalidad", "escuela",
    "colegio", "academia", "agencia", "fundacion", "asociacion", "federacion", "gobierno", "embajada",
    "consulado", "comision", "tribunal", "museo", "biblioteca", "laboratorio", "policia", "facultad",
    "diputacion", "consejo",
    # fr
    "universite", "institut", "ministere", "hopital", "clinique", "chambre", "mairie", "conseil", "ecole",
    "academie", "agence", "fondation", "gouvernement", "ambassade", "consulat", "musee", "bibliotheque",
    "laboratoire", "prefecture", "faculte", "lycee",
    # de
    "universitat", "hochschule", "ministerium", "krankenhaus", "klinikum", "klinik", "kammer", "rathaus",
    "schule", "gymnasium", "akademie", "agentur", "stiftung", "verband", "verein", "regierung", "botschaft",
    "konsulat", "kommission", "gericht", "bibliothek", "zentrum", "polizei", "fakultat", "behorde",
    # pt
    "universidade", "prefeitura", "escola", "fundacao", "associacao", "federacao", "governo", "embaixada",
    "comissao", "museu", "faculdade", "conselho",
    # it
    "universita", "istituto", "ministero", "ospedale", "comune", "scuola", "liceo", "accademia", "agenzia",
    "fondazione", "associazione", "federazione", "ambasciata", "consolato", "commissione", "tribunale",
    "polizia", "facolta",
    # nl
    "universiteit", "hogeschool", "instituut", "ministerie", "ziekenhuis", "kliniek", "gemeente", "agentschap",
    "stichting", "vereniging", "federatie", "overheid", "consulaat", "commissie", "rechtbank", "bibliotheek",
    "centrum", "laboratorium", "politie", "faculteit",
    # tr
    "universitesi", "enstitusu", "bakanligi", "hastanesi", "hastane", "odasi", "belediyesi", "belediye",
    "okulu", "lisesi", "akademisi", "vakfi", "dernegi", "federasyonu", "valiligi", "buyukelciligi",
    "mahkemesi", "muzesi", "fakultesi", "mudurlugu", "baskanligi",
})
_INSTITUTION_ENDINGS = ("ministerium", "krankenhaus", "klinikum", "hochschule", "universitat", "kammer", "verband",
                        "stiftung", "akademie", "institut", "zentrum", "schule", "behorde", "gericht", "amt",
                        "ziekenhuis", "hogeschool", "ministerie")
MIN_COMPOUND = 8  # letters at least of a compound found by its ending ("Finanzamt"; never "Samt")


def institution_word(folded: str) -> bool:
    """The word (folded) names a kind of public body or institution ("ministry", "Bundesministerium")."""
    return folded in INSTITUTION_WORDS or (len(folded) >= MIN_COMPOUND and folded.endswith(_INSTITUTION_ENDINGS))


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


def legal_form_regions(text: str) -> tuple[str, ...]:
    """The countries the line's legal form belongs to ("Moens VOF": NL, BE); () for forms used everywhere."""
    form = legal_form(text)
    return _REGIONS_OF_FORM.get(form.casefold(), ()) if form else ()
