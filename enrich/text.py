"""Small text helpers shared by the enrich parsers: accent folding, tokens, labels, language guess."""

from __future__ import annotations

import re
import unicodedata

# Characters OCR and designers use between digit groups or as bullets; mapped to plain separators
# one-for-one so that match offsets stay aligned with the original text. OCR reads the "+" of an
# international number as "±" (the plus with a stray underline), which no phone number prints.
_SEPARATOR_MAP = str.maketrans({"·": ".", "•": ".", "∙": ".", "‧": ".", "|": " ", "–": "-", "—": "-", "±": "+"})

WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)


def fold(text: str) -> str:
    """Lowercase and strip accents: 'Teléfono' -> 'telefono'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("ß", "ss")


def squash(text: str) -> str:
    """Fold and keep only letters and digits: 'Merino Soluciones' -> 'merinosoluciones'."""
    return "".join(c for c in fold(text) if c.isalnum())


def normalize_separators(text: str) -> str:
    """Replace middle dots, bullets, bars and dashes by ASCII separators of the same length."""
    return text.translate(_SEPARATOR_MAP)


def words(text: str) -> list[str]:
    """The alphabetic words of a line (accents kept, digits and punctuation dropped)."""
    return WORD_RE.findall(text)


def folded_words(text: str) -> list[str]:
    """The words of a line, folded (lowercase, no accents)."""
    return [fold(w) for w in words(text)]


# Words that tell the language of a card; used only as the last resort for a phone region.
_LANGUAGE_WORDS: dict[str, set[str]] = {
    "pt": {"rua", "cep", "fone", "telefone", "sala", "ltda", "lda", "em", "do", "da", "dos",
           "assistencia", "tecnica", "servicos", "engenheiro", "engenheira", "diretor", "diretora", "sao",
           "travessa", "bairro", "jardim", "vendas", "atendimento", "telemovel", "tlm", "movel", "solucoes",
           "consultoria", "engenharia", "construcoes", "gestor", "gestora", "socio-diretor", "socia-diretora",
           "projetos", "contas", "arquiteto", "arquiteta", "analista", "coordenador", "coordenadora", "site"},
    "es": {"calle", "avda", "telefono", "movil", "correo", "piso", "y", "con", "del", "los", "las",
           "directora", "disenadora", "disenador", "ventas", "colonia", "col", "madrid", "barcelona", "mexico",
           "soluciones", "consultores", "construcciones", "ingenieria", "tecnologia", "jefe", "jefa",
           "compras", "proyectos", "cuentas", "ingeniero", "ingeniera", "asesor", "asesora", "socio", "socia",
           "fundador", "fundadora", "sitio", "oficina", "cel", "carrera", "cdmx", "caba"},
    "fr": {"rue", "boulevard", "bd", "tel", "portable", "courriel", "et", "pour", "avec", "directeur",
           "directrice", "chef", "projet", "responsable", "commercial", "paris", "lyon", "cedex", "bureau",
           "standard", "conseil", "ingenierie", "logistique", "batiment", "numerique", "achats", "gerant",
           "gerante", "chargee", "charge", "port", "avenue", "quai", "place", "sarl", "sas"},
    "de": {"strasse", "str", "weg", "platz", "telefon", "handy", "mobil", "und", "fur", "mit", "fon",
           "geschaftsfuhrer", "geschaftsfuhrerin", "leiter", "leiterin", "vertrieb", "gmbh", "berlin",
           "munchen", "hamburg", "koln", "wien", "technik", "beratung", "logistik", "maschinenbau", "bau",
           "energie", "medien", "einkauf", "prokurist", "prokuristin", "gasse", "allee"},
    "en": {"street", "st", "road", "rd", "ave", "suite", "phone", "mobile", "office", "and", "for", "the",
           "with", "manager", "engineer", "sales", "senior", "inc", "llc", "ltd", "cell", "direct",
           "systems", "partners", "consulting", "analytics", "engineering", "foods", "head", "chief",
           "officer", "executive", "founder", "lane", "drive"},
    # words only these languages print on cards (none shared with the ones above: "del", "van", "weg")
    "it": {"viale", "piazza", "piazzale", "cellulare", "ufficio", "sede", "legale", "srl", "della", "delle",
           "degli", "figli", "direttore", "direttrice", "commerciale", "vendite", "amministratore", "delegato",
           "ingegnere", "architetto", "avvocato", "dottore", "dott", "acquisti", "consulente", "italia", "milano",
           "roma", "torino", "napoli", "firenze", "bologna", "genova", "presso"},
    "nl": {"straat", "laan", "plein", "gracht", "kade", "telefoon", "mobiel", "bv", "nv", "het", "voor",
           "verkoop", "inkoop", "adviseur", "medewerker", "eigenaar", "nederland", "amsterdam", "rotterdam",
           "utrecht", "postbus", "bezoekadres", "postadres", "afdeling", "bedrijfsleider"},
    "tr": {fold(w) for w in ("cad", "caddesi", "sokak", "sok", "mahallesi", "mah", "kat", "cep", "faks", "genel",
                             "müdür", "müdürü", "satış", "pazarlama", "şti", "istanbul", "ankara", "izmir",
                             "türkiye", "bulvarı", "uzmanı", "mühendisi", "ve", "sanayi", "ticaret", "tic",
                             "yönetim", "kurulu", "başkanı", "temsilcisi", "dış", "lojistik")},
}
_LANGUAGE_CHARS = {"ã": "pt", "õ": "pt", "ñ": "es", "¿": "es", "ß": "de", "ä": "de", "ö": "de", "è": "fr",
                   "ë": "fr", "œ": "fr", "ù": "fr", "ì": "it", "ò": "it", "ş": "tr", "ğ": "tr", "ı": "tr",
                   "İ": "tr", "ĳ": "nl"}
LANGUAGE_DEFAULT_REGION = {"pt": "BR", "es": "ES", "fr": "FR", "de": "DE", "en": "US", "it": "IT", "nl": "NL",
                           "tr": "TR"}
# other countries printing cards in the language, tried when a number fails with the default
LANGUAGE_OTHER_REGIONS = {"pt": ("PT",), "es": ("MX", "AR", "CO", "CL", "PE"), "fr": ("CH", "BE", "CA"),
                          "de": ("AT", "CH"), "en": ("GB", "CA", "AU", "IE", "IN"), "it": ("CH", "SM"), "nl": ("BE",),
                          "tr": ("CY",)}


def guess_language(lines: list[str]) -> str | None:
    """The language whose marker words occur most on the card, or None when nothing matches."""
    scores = dict.fromkeys(_LANGUAGE_WORDS, 0)
    for line in lines:
        prose = re.sub(r"\S*[@/]\S*|\S+\.\S+", " ", line)  # emails and URLs say nothing of the language
        for word in folded_words(prose):
            for lang, vocab in _LANGUAGE_WORDS.items():
                if word in vocab:
                    scores[lang] += 1
        for char, lang in _LANGUAGE_CHARS.items():  # letters only one of our languages uses
            scores[lang] += prose.count(char)
            capital = char.upper()
            if len(capital) == 1 and capital != char and not capital.isascii():  # 'Ş', 'Ã'; never ı's plain 'I'
                scores[lang] += prose.count(capital)
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else None


