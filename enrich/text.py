"""Small text helpers shared by the enrich parsers: accent folding, tokens, labels, language guess."""

from __future__ import annotations

import re
import unicodedata

# Characters OCR and designers use between digit groups or as bullets; mapped to plain separators
# one-for-one so that match offsets stay aligned with the original text.
_SEPARATOR_MAP = str.maketrans({"·": ".", "•": ".", "∙": ".", "‧": ".", "|": " ", "–": "-", "—": "-"})

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
    "pt": {"rua", "avenida", "cep", "fone", "celular", "sala", "ltda", "de", "em", "e", "para", "com",
           "assistencia", "tecnica", "servicos", "engenheiro", "diretor", "gerente", "sao", "paulo",
           "travessa", "bairro", "jardim", "consultor", "vendas", "atendimento"},
    "es": {"calle", "avda", "avenida", "telefono", "movil", "correo", "piso", "de", "y", "para", "con",
           "director", "directora", "gerente", "disenadora", "ventas", "s.l", "colonia", "col", "madrid",
           "barcelona", "mexico"},
    "fr": {"rue", "boulevard", "bd", "tel", "portable", "courriel", "de", "et", "pour", "avec", "directeur",
           "directrice", "chef", "projet", "responsable", "commercial", "paris", "lyon", "cedex"},
    "de": {"strasse", "str", "weg", "platz", "telefon", "handy", "mobil", "und", "fur", "mit",
           "geschaftsfuhrer", "leiter", "leiterin", "vertrieb", "gmbh", "berlin", "munchen", "hamburg"},
    "en": {"street", "st", "road", "rd", "ave", "suite", "phone", "mobile", "office", "and", "for", "the",
           "with", "manager", "director", "engineer", "sales", "senior", "inc", "llc", "ltd"},
}
LANGUAGE_DEFAULT_REGION = {"pt": "BR", "es": "ES", "fr": "FR", "de": "DE", "en": "US"}


def guess_language(lines: list[str]) -> str | None:
    """The language whose marker words occur most on the card, or None when nothing matches."""
    scores = dict.fromkeys(_LANGUAGE_WORDS, 0)
    for line in lines:
        for word in folded_words(line):
            for lang, vocab in _LANGUAGE_WORDS.items():
                if word in vocab:
                    scores[lang] += 1
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else None


_GLUED_CAPITALISED = re.compile(r"(?<=[a-zà-ÿ]{3})(?=[A-ZÀ-Þ][a-zà-ÿ]{2})")
_GLUED_UPPER_RUN = re.compile(r"(?<=[a-zà-ÿ]{3})(?=[A-ZÀ-Þ]{3,})")


def split_glued_words(text: str) -> str:
    """Put back spaces OCR dropped between words: 'LetíciaAraújo' -> 'Letícia Araújo'.

    Only a run of 3+ lowercase letters followed by a capitalised word or an all-caps run is split, so
    'McDonald', 'DeLuca', 'LinkedIn' and 'iPhone' stay whole.
    """
    return _GLUED_UPPER_RUN.sub(" ", _GLUED_CAPITALISED.sub(" ", text))
