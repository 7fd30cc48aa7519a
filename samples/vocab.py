"""Where synthetic cards get their words: Faker's locales (people, jobs, companies, addresses, phones)
plus the printing conventions of each language (labels, PO boxes, floors) written here.

Nothing here is read by the parser (tests/test_vocabulary_sources.py checks it): the reader has to
understand cards it has never seen, so the generator must not share its word lists with it.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from faker import Faker

# country -> (Faker locale, card language)
LOCALES: dict[str, tuple[str, str]] = {
    "US": ("en_US", "en"), "GB": ("en_GB", "en"), "AU": ("en_AU", "en"),
    "ES": ("es_ES", "es"), "MX": ("es_MX", "es"), "AR": ("es_AR", "es"),
    "FR": ("fr_FR", "fr"), "CA": ("fr_CA", "fr"),
    "DE": ("de_DE", "de"), "AT": ("de_AT", "de"), "CH": ("de_CH", "de"),
    "BR": ("pt_BR", "pt"), "PT": ("pt_PT", "pt"),
    "IT": ("it_IT", "it"), "NL": ("nl_NL", "nl"), "TR": ("tr_TR", "tr"),
    "IN": ("en_IN", "en"),  # India prints many of the world's cards, in English
    "BE": ("nl_BE", "nl"),  # Flemish cards (Faker's Belgian locale)
}
COUNTRIES: tuple[str, ...] = tuple(LOCALES)
# countries whose cards often print English job titles beside (or instead of) the local ones
ENGLISH_TITLES_TOO = {"BR", "PT", "ES", "MX", "AR", "FR", "CA", "DE", "AT", "CH", "IT", "NL", "TR"}


@cache
def faker(locale: str) -> Faker:
    """One Faker per locale (seeded per card by the caller)."""
    return _stable(Faker(locale))


def _stable(fake: Faker) -> Faker:
    """The Faker with its draws fixed by the seed alone. Faker's it_IT address provider builds its list of
    cities from a set, whose order follows each process's string-hash seed: the same card drew another town in
    every process, so the training data and the model built from it changed from run to run."""
    for provider in fake.providers:
        if type(provider).__module__ == "faker.providers.address.it_IT":
            provider.cities = sorted(provider.cities)
    return fake


# phone labels: (work, mobile, fax) per language
PHONE_LABELS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "en": (("Tel.", "Phone", "T", "Office", "Direct"), ("Mobile", "Cell", "M", "Mob."), ("Fax", "F")),
    "es": (("Tel.", "Teléfono", "T.", "Tel"), ("Móvil", "Cel.", "Celular", "M."), ("Fax",)),
    "fr": (("Tél.", "Tél", "T.", "Bureau", "Standard"), ("Portable", "Mobile", "Port.", "Mob."), ("Fax",)),
    "de": (("Tel.", "Telefon", "Fon", "T"), ("Mobil", "Handy", "Mobile", "M"), ("Fax", "F")),
    "pt": (("Tel.", "Telefone", "Fone", "T."), ("Celular", "Cel.", "Telemóvel", "Tlm."), ("Fax",)),
    "it": (("Tel.", "Tel", "T."), ("Cell.", "Mobile", "Cel."), ("Fax",)),
    "nl": (("Tel.", "T", "Telefoon"), ("Mob.", "Mobiel", "M"), ("Fax", "F")),
    "tr": (("Tel", "Tel.", "T"), ("GSM", "Mobil", "Mob."), ("Fax",)),
}
MOBILE_LABELS_BY_REGION: dict[str, tuple[str, ...]] = {
    "ES": ("Móvil", "M.", "Tel. móvil"), "MX": ("Cel.", "Celular", "Móvil"), "AR": ("Cel.", "Celular", "Móvil"),
    "BR": ("Celular", "Cel.", "Cel"), "PT": ("Telemóvel", "Tlm.", "Móvel"),
    "IN": ("Mob.", "Mobile", "M", "Cell", "Mob"),
}
WORK_LABELS_BY_REGION: dict[str, tuple[str, ...]] = {"BR": ("Tel.", "Fone", "Telefone"), "PT": ("Tel.", "Telefone"),
                                                     "IN": ("Ph.", "Ph", "Tel.", "Off.", "Phone")}
EMAIL_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("Email", "E-mail", "E", "email"), "es": ("Email", "Correo", "E-mail", "e-mail"),
    "fr": ("E-mail", "Courriel", "Mail", "E"), "de": ("E-Mail", "Mail", "E", "E-mail"),
    "pt": ("E-mail", "Email", "e-mail"), "it": ("E-mail", "Email", "Mail"), "nl": ("E-mail", "E", "Mail"),
    "tr": ("E-posta", "E-mail", "Mail"),
}
WEB_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("Web", "W", "www"), "es": ("Web", "Sitio web", "W"), "fr": ("Web", "Site", "W"),
    "de": ("Web", "Internet", "W"), "pt": ("Site", "Web", "W"), "it": ("Web", "Sito", "W"),
    "nl": ("Web", "Website", "W"), "tr": ("Web", "W"),
}
# how each language prints a post-office box and a floor / suite / unit ({n} is the number)
PO_BOXES: dict[str, tuple[str, ...]] = {
    "en": ("PO Box {n}", "P.O. Box {n}"), "es": ("Apartado {n}", "Apartado Postal {n}", "Casilla {n}"),
    "fr": ("BP {n}", "B.P. {n}", "CP {n}"), "de": ("Postfach {n}",), "pt": ("Caixa Postal {n}", "Apartado {n}"),
    "it": ("Casella Postale {n}", "C.P. {n}"), "nl": ("Postbus {n}",), "tr": ("P.K. {n}",),
}
FLOORS: dict[str, tuple[str, ...]] = {
    "en": ("Suite {n}", "Floor {n}", "Unit {n}", "{n}th Floor"), "es": ("Piso {n}", "Oficina {n}", "{n}º B"),
    "fr": ("{n}e étage", "Bureau {n}", "Bât. {n}"), "de": ("{n}. OG", "Haus {n}", "{n}. Stock"),
    "pt": ("{n}º andar", "Sala {n}", "Conj. {n}"), "it": ("Piano {n}", "Scala {n}", "Interno {n}"),
    "nl": ("{n}e verdieping", "Unit {n}"), "tr": ("Kat {n}", "D:{n}", "No:{n}"),
}
COUNTRY_NAMES: dict[str, str] = {
    "US": "USA", "GB": "United Kingdom", "AU": "Australia", "ES": "España", "MX": "México", "AR": "Argentina",
    "FR": "France", "CA": "Canada", "DE": "Deutschland", "AT": "Österreich", "CH": "Schweiz", "BR": "Brasil",
    "PT": "Portugal", "IT": "Italia", "NL": "Nederland", "TR": "Türkiye", "IN": "India",
    "BE": "België",
}
# lines that are on many cards but are none of the fields: certifications, memberships, calls to action
DISTRACTORS: tuple[str, ...] = ("ISO 9001:2015 certified", "ISO 14001", "Member of {acronym}", "{acronym} member",
                                "SCAN ME", "Certified {acronym} Partner", "Since {year}", "Est. {year}",
                                "{acronym} · {acronym2} · {acronym3}", "Follow us", "www")


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters only ('Núñez' -> 'nunez'), for domains and e-mail local parts."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("ß", "ss").replace("ı", "i").lower()
    return "".join(c for c in plain if c.isascii() and c.isalnum())


# Public bodies, universities, hospitals and chambers print their own name where a firm prints its brand,
# often with the unit the person works in under it. {city} is a Faker city, {field} one of FIELDS.
INSTITUTIONS: dict[str, tuple[str, ...]] = {
    "en": ("University of {city}", "{city} University", "National Institute of {field}", "{city} General Hospital",
           "Ministry of {field}", "{city} Chamber of Commerce", "{city} City Council", "Institute of {field}"),
    "es": ("Universidad de {city}", "Instituto Nacional de {field}", "Hospital General de {city}",
           "Ministerio de {field}", "Cámara de Comercio de {city}", "Ayuntamiento de {city}"),
    "fr": ("Université de {city}", "Institut national de {field}", "Centre hospitalier de {city}",
           "Ministère de {field}", "Chambre de commerce de {city}", "Mairie de {city}"),
    "de": ("Universität {city}", "Hochschule {city}", "Institut für {field}", "Klinikum {city}",
           "Bundesministerium für {field}", "IHK {city}", "Stadtverwaltung {city}"),
    "pt": ("Universidade de {city}", "Instituto Nacional de {field}", "Hospital de {city}",
           "Ministério de {field}", "Prefeitura de {city}", "Câmara Municipal de {city}"),
    "it": ("Università di {city}", "Istituto Nazionale di {field}", "Ospedale di {city}", "Ministero di {field}",
           "Comune di {city}", "Camera di Commercio di {city}"),
    "nl": ("Universiteit {city}", "Hogeschool {city}", "Instituut voor {field}", "Ziekenhuis {city}",
           "Ministerie van {field}", "Gemeente {city}"),
    "tr": ("{city} Üniversitesi", "{field} Enstitüsü", "{city} Devlet Hastanesi", "{field} Bakanlığı",
           "{city} Belediyesi", "{city} Ticaret Odası"),
}
FIELDS: dict[str, tuple[str, ...]] = {
    "en": ("Fisheries", "Health", "Agriculture", "Marine Sciences", "Public Works", "Technology",
           "Education", "Transport"),
    "es": ("Salud", "Agricultura", "Tecnología", "Educación", "Transporte", "Vivienda"),
    "fr": ("la Santé", "l'Agriculture", "Recherche Agronomique", "l'Éducation", "la Culture", "l'Énergie"),
    "de": ("Gesundheit", "Landwirtschaft", "Verkehr", "Bildung und Forschung", "Energietechnik", "Umwelt"),
    "pt": ("Saúde", "Agricultura", "Tecnologia", "Educação", "Transportes", "Pesquisas Espaciais"),
    "it": ("Sanità", "Agricoltura", "Ricerca", "Istruzione", "Trasporti", "Geofisica"),
    "nl": ("Volksgezondheid", "Landbouw", "Onderwijs", "Infrastructuur", "Milieu", "Energie"),
    "tr": ("Sağlık", "Tarım", "Eğitim", "Ulaştırma", "Enerji", "Fen Bilimleri"),
}
# the unit under an institution's name: not the company, a line of its own the reader must leave out
UNITS: dict[str, tuple[str, ...]] = {
    "en": ("School of Engineering", "Faculty of {field}", "Department of {field}", "Office of the Director"),
    "es": ("Facultad de Ingeniería", "Departamento de {field}", "Dirección General de {field}"),
    "fr": ("Faculté des Sciences", "Département {field}", "Direction générale"),
    "de": ("Fakultät für Maschinenbau", "Abteilung {field}", "Referat {field}"),
    "pt": ("Faculdade de Engenharia", "Departamento de {field}", "Secretaria de {field}"),
    "it": ("Facoltà di Ingegneria", "Dipartimento di {field}", "Direzione Generale"),
    "nl": ("Faculteit Techniek", "Afdeling {field}", "Directie {field}"),
    "tr": ("Mühendislik Fakültesi", "{field} Bölümü", "Genel Müdürlük"),
}

# Titles of rank, which most real cards print instead of an occupation ("CEO", "Head of Export",
# "Asst. Vice President"); Faker's job lists name occupations only. "{function}" is one of FUNCTIONS.
RANK_TITLES: dict[str, tuple[str, ...]] = {
    "en": ("CEO", "CFO", "COO", "Founder & CEO", "Managing Director", "Director of {function}", "{function} Director",
           "Head of {function}", "{function} Manager", "Senior {function} Manager", "Vice President, {function}",
           "Asst. Vice President", "VP {function}", "Partner", "Owner", "General Manager", "Key Account Manager"),
    "es": ("Director General", "Gerente General", "Gerente de {function}", "Director de {function}",
           "Jefe de {function}", "Socio Fundador", "Responsable de {function}", "Subdirector de {function}"),
    "fr": ("Directeur général", "Président", "Gérant", "Directeur {function}", "Responsable {function}",
           "Chef de projet", "Directrice {function}", "Associé fondateur"),
    "de": ("Geschäftsführer", "Geschäftsführerin", "Inhaber", "Leiter {function}", "Leiterin {function}",
           "Prokurist", "Vertriebsleiter", "Head of {function}"),
    "pt": ("Diretor Geral", "Sócio-Diretor", "Gerente de {function}", "Diretor de {function}",
           "Coordenador de {function}", "Proprietário", "Supervisor de {function}"),
    "it": ("Amministratore Delegato", "Direttore Generale", "Responsabile {function}", "Direttore {function}",
           "Titolare", "Socio"),
    "nl": ("Algemeen Directeur", "Eigenaar", "Manager {function}", "Hoofd {function}", "Directeur", "Vennoot"),
    "tr": ("Genel Müdür", "Yönetim Kurulu Başkanı", "{function} Müdürü", "{function} Sorumlusu", "Kurucu Ortak"),
}
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "en": ("Sales", "Marketing", "Operations", "Finance", "Business Development", "Export", "Purchasing",
           "Logistics", "Human Resources", "Customer Success", "Procurement"),
    "es": ("Ventas", "Marketing", "Operaciones", "Compras", "Exportación", "Logística", "Finanzas"),
    "fr": ("commercial", "marketing", "des opérations", "export", "achats", "financier", "logistique"),
    "de": ("Vertrieb", "Marketing", "Einkauf", "Export", "Logistik", "Finanzen", "Sales"),
    "pt": ("Vendas", "Marketing", "Operações", "Compras", "Exportação", "Logística", "Finanças"),
    "it": ("Commerciale", "Marketing", "Acquisti", "Export", "Logistica", "Amministrazione"),
    "nl": ("Verkoop", "Marketing", "Inkoop", "Export", "Logistiek", "Financiën"),
    "tr": ("Satış", "Pazarlama", "İhracat", "Satın Alma", "Lojistik", "Finans"),
}


@cache
def faker_aside(locale: str) -> Faker:
    """A second Faker per locale, for draws that must not move the main one's sequence."""
    return _stable(Faker(locale))
