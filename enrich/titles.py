"""Job titles: a multilingual (en/es/fr/de/pt) vocabulary, department extraction, seniority."""

from __future__ import annotations

import re

from enrich.text import fold, folded_words

# Folded words that make a line a job title.
TITLE_WORDS = {
    # en
    "ceo", "cto", "cfo", "coo", "cmo", "cio", "cso", "cpo", "vp", "svp", "evp", "founder", "cofounder",
    "co-founder", "owner", "president", "chairman", "chairwoman", "chair", "director", "manager", "head",
    "lead", "coordinator", "engineer", "developer", "designer", "analyst", "consultant", "advisor", "adviser",
    "specialist", "assistant", "secretary", "accountant", "architect", "executive", "officer", "partner",
    "associate", "researcher", "scientist", "attorney", "lawyer", "representative", "agent", "supervisor",
    "administrator", "technician", "intern", "trainee", "principal", "chief", "controller", "auditor",
    "recruiter", "editor", "photographer", "broker", "realtor", "programmer", "strategist", "producer",
    # es
    "directora", "gerente", "jefe", "jefa", "coordinadora", "coordinador", "ingeniero", "ingeniera",
    "desarrollador", "desarrolladora", "disenador", "disenadora", "analista", "consultor", "consultora",
    "asesor", "asesora", "especialista", "asistente", "secretaria", "contador", "contadora", "contable",
    "arquitecto", "arquitecta", "ejecutivo", "ejecutiva", "socio", "socia", "investigador", "investigadora",
    "abogado", "abogada", "representante", "vendedor", "vendedora", "agente", "administrador",
    "administradora", "tecnico", "tecnica", "fundador", "fundadora", "presidente", "presidenta",
    "vicepresidente", "responsable", "encargado", "encargada", "subdirector", "subdirectora",
    # fr
    "directeur", "directrice", "gerant", "gerante", "chef", "cheffe", "ingenieur", "ingenieure",
    "developpeur", "developpeuse", "concepteur", "graphiste", "consultante", "conseiller", "conseillere",
    "comptable", "expert-comptable", "experte-comptable", "expert", "experte", "architecte", "charge",
    "chargee", "delegue", "deleguee", "fondateur", "fondatrice", "avocat", "avocate", "commercial",
    "commerciale", "attache", "attachee", "president-directeur",
    # de
    "geschaftsfuhrer", "geschaftsfuhrerin", "leiter", "leiterin", "vorstand", "prokurist", "prokuristin",
    "inhaber", "inhaberin", "berater", "beraterin", "entwickler", "entwicklerin", "ingenieurin",
    "steuerberater", "steuerberaterin", "architektin", "architekt", "referent", "referentin", "managerin",
    "assistentin", "assistent", "grunder", "grunderin", "rechtsanwalt", "rechtsanwaltin", "kaufmann",
    "kauffrau", "sachbearbeiter", "sachbearbeiterin", "vorsitzender", "teamleiter",
    # pt
    "diretor", "diretora", "coordenador", "coordenadora", "engenheiro", "engenheira", "desenvolvedor",
    "gestor", "gestora", "assistente", "secretario", "arquiteto", "arquiteta",
    "executivo", "executiva", "advogado", "advogada", "socio-diretor",
    "socia-diretora", "estagiario", "estagiaria", "supervisora", "corretor",
    "corretora", "proprietario", "proprietaria",
    # trades and offices printed as titles, en and the other card languages (it, nl, tr)
    "avp", "dgm", "agm", "gm", "md", "professor", "lecturer", "dean", "registrar", "senator", "commissioner",
    "inspector", "superintendent", "surgeon", "physician", "doctor", "dentist", "nurse", "pharmacist", "therapist",
    "teacher", "trainer", "coach", "counsel", "counsellor", "counselor", "treasurer", "clerk", "planner", "buyer",
    "operator", "foreman", "mechanic", "electrician", "chemist", "economist", "journalist", "writer", "translator",
    "interpreter", "stylist", "barista", "ambassador", "consul", "minister", "mayor", "fellow", "evangelist",
    "merchandiser", "estimator", "surveyor", "underwriter", "paralegal", "notary", "solicitor", "barrister",
    "advocate", "subgerente", "profesor", "profesora", "medico", "medica", "doctora", "professeur", "adjoint",
    "adjointe", "technicien", "technicienne", "assistante", "vendeur", "vendeuse", "medecin", "arzt", "arztin",
    "lehrer", "lehrerin", "verkaufer", "meister", "techniker", "professora", "auxiliar", "encarregado",
    "encarregada", "direttore", "direttrice", "responsabile", "ingegnere", "architetto", "avvocato",
    "commercialista", "consulente", "amministratore", "titolare", "impiegato", "impiegata", "geometra", "eigenaar",
    "adviseur", "medewerker", "bedrijfsleider", "verkoper", "oprichter", "mudur", "muduru", "uzman", "muhendis",
    "muhendisi", "temsilci", "temsilcisi", "sorumlu", "sorumlusu", "yonetici", "yoneticisi", "baskan", "baskani",
    "kurucu", "danisman", "sahibi",
}
# Ranks that qualify a title ("Senior", "Deputy", "Asst." as Indian and British cards abbreviate them): they
# make a line look like a title, but name no job of their own (so no department is read beside them).
RANK_WORDS = {"vice", "senior", "sr", "junior", "jr", "deputy", "dy", "asst", "assoc", "associate", "adjunct",
              "principal", "chief", "interim", "acting", "joint", "jt", "addl", "additional", "assistant"}
# German compounds end in a title word: Vertriebsleiter, Softwareentwicklerin, Marketingleiterin.
TITLE_SUFFIXES = ("leiter", "leiterin", "fuhrer", "fuhrerin", "entwickler", "entwicklerin", "berater",
                  "beraterin", "manager", "managerin", "ingenieur", "ingenieurin", "referent", "referentin",
                  "kaufmann", "kauffrau", "assistent", "assistentin", "prokurist", "prokuristin", "designer")
# The start of a line that makes it a slogan, not a title ("Your partner in growth").
TAGLINE_STARTS = {"your", "our", "su", "sus", "seu", "sua", "nosso", "nossa", "votre", "vos", "notre", "ihr",
                  "ihre", "unser", "unsere", "nuestro", "nuestra", "we", "the", "la", "le", "el", "o", "a"}

DEPARTMENTS: dict[str, str] = {
    "sales": "sales", "ventas": "sales", "vendas": "sales", "vente": "sales", "ventes": "sales",
    "vertrieb": "sales", "comercial": "sales", "commercial": "sales", "commerciale": "sales",
    "business development": "sales", "account": "sales", "accounts": "sales", "cuentas": "sales",
    "contas": "sales", "key account": "sales",
    "marketing": "marketing", "mercadotecnia": "marketing", "communication": "marketing",
    "communications": "marketing", "comunicacion": "marketing", "comunicacao": "marketing",
    "kommunikation": "marketing", "brand": "marketing", "medien": "marketing",
    "engineering": "engineering", "software": "engineering", "ingenieria": "engineering",
    "engenharia": "engineering", "developpement": "engineering", "entwicklung": "engineering",
    "development": "engineering", "it": "engineering", "technology": "engineering",
    "tecnologia": "engineering", "technik": "engineering", "technische": "engineering",
    "technischer": "engineering", "technical": "engineering", "research": "research", "ai": "engineering",
    "cloud": "engineering", "data": "engineering",
    "finance": "finance", "finances": "finance", "finanzas": "finance", "financas": "finance",
    "finanzen": "finance", "financeira": "finance", "financeiro": "finance", "financiero": "finance",
    "accounting": "finance", "contabilidad": "finance", "comptabilite": "finance", "buchhaltung": "finance",
    "accountant": "finance", "contador": "finance", "contadora": "finance", "comptable": "finance",
    "expert-comptable": "finance", "experte-comptable": "finance", "steuerberater": "finance",
    "steuerberaterin": "finance", "controlling": "finance",
    "hr": "hr", "rrhh": "hr", "rh": "hr", "human": "hr", "recursos humanos": "hr", "personal": "hr",
    "ressources humaines": "hr", "talent": "hr", "people": "hr",
    "legal": "legal", "juridico": "legal", "juridica": "legal", "juridique": "legal", "recht": "legal",
    "lawyer": "legal", "abogado": "legal", "abogada": "legal", "avocat": "legal", "compliance": "legal",
    "operations": "operations", "operaciones": "operations", "operacoes": "operations",
    "logistics": "operations", "logistica": "operations", "logistique": "operations", "logistik": "operations",
    "compras": "operations", "purchasing": "operations", "achats": "operations", "einkauf": "operations",
    "procurement": "operations", "supply": "operations", "projects": "operations", "proyectos": "operations",
    "projetos": "operations", "projet": "operations", "project": "operations", "projekt": "operations",
    "design": "design", "diseno": "design", "grafica": "design", "grafico": "design", "graphic": "design",
    "designer": "design", "disenadora": "design", "disenador": "design", "architect": "design",
    "arquiteto": "design", "arquiteta": "design",
}
_PREFIX_DEPARTMENT = {"vertriebs": "sales", "marketing": "marketing", "software": "engineering",
                      "projekt": "operations", "einkaufs": "operations", "personal": "hr",
                      "finanz": "finance", "steuer": "finance"}
# the words that name a unit of the company; not "team", "area" or "service", which also end a slogan ("24/7
# Emergency Service", "Serving the Bay Area")
_DEPARTMENT_LINE = re.compile(r"\b(department|dept\.?|departamento|depto\.?|d[ée]partement|abteilung|division|"
                              r"divisi[oó]n)(?!\w)", re.I)
_OF_DEPARTMENT = re.compile(r"\b(?:of|de|del|da|do|des|du|für)\s+(?:la\s+|los\s+|las\s+)?(.+)$", re.I)

SENIORITY_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("c-level", ("ceo", "cto", "cfo", "coo", "cmo", "cio", "cso", "chief", "founder", "cofounder",
                 "co-founder", "fundador", "fundadora", "fondateur", "fondatrice", "grunder", "owner",
                 "inhaber", "inhaberin", "president", "presidente", "presidenta", "geschaftsfuhrer",
                 "geschaftsfuhrerin", "vorstand", "managing director", "director general", "directora general",
                 "directeur general", "directrice generale", "diretor executivo", "diretora executiva",
                 "socio", "socia", "partner", "gerant", "gerante", "socio-diretor", "socia-diretora",
                 "proprietario", "proprietaria")),
    ("vp", ("vp", "svp", "evp", "vice president", "vicepresidente", "vice-president")),
    ("director", ("director", "directora", "directeur", "directrice", "diretor", "diretora", "head",
                  "prokurist", "prokuristin")),
    ("manager", ("manager", "managerin", "gerente", "jefe", "jefa", "chef", "cheffe", "responsable",
                 "leiter", "leiterin", "coordinator", "coordinador", "coordinadora", "coordenador",
                 "coordenadora", "gestor", "gestora", "lead", "supervisor", "supervisora", "encargado",
                 "encargada")),
    ("senior", ("senior", "sr", "principal", "expert", "experte", "expert-comptable", "experte-comptable")),
    ("entry", ("junior", "jr", "intern", "trainee", "assistant", "asistente", "assistente", "assistentin",
               "assistent", "estagiario", "estagiaria", "praktikant", "praktikantin", "becario", "becaria",
               "stagiaire", "apprentice")),
]


def is_title_word(word: str) -> bool:
    """True when a folded word names a job (including German compounds such as 'Vertriebsleiter')."""
    return word in TITLE_WORDS or (len(word) > 7 and word.endswith(TITLE_SUFFIXES))


def title_score(text: str) -> float:
    """How much a line looks like a job title: 0 (not at all) .. 1 (clearly)."""
    tokens = folded_words(text)
    if not tokens or any(c.isdigit() for c in text) or "@" in text:
        return 0.0
    if tokens[0] in TAGLINE_STARTS and len(tokens) >= 3:
        return 0.0
    hits = [i for i, t in enumerate(tokens) if is_title_word(t)]
    if not hits:
        return 0.0
    if len(tokens) > 7:
        return 0.2
    score = 0.6 + (0.3 if hits[0] <= 1 else 0.1) + (0.1 if len(hits) > 1 else 0.0)
    return round(min(score, 1.0), 2)


def is_department_line(text: str) -> bool:
    """'Cloud & AI Department', 'Departamento de Ventas', 'Abteilung Einkauf', 'Overseas Business Dept.'."""
    return bool(_DEPARTMENT_LINE.search(text)) and len(text.split()) <= 6 and not any(c.isdigit() for c in text)


_ADJECTIVES = {"grafica", "grafico", "technische", "technischer", "juridica", "juridico", "financeira",
               "financeiro", "financiero", "technical"}


def department_from_title(title: str) -> str | None:
    """The department named inside a title: 'Gerente de Ventas' -> 'Ventas', 'Head of Sales' -> 'Sales'."""
    match = _OF_DEPARTMENT.search(title)
    if match:
        tail = match.group(1).strip()
        if any(fold(w) in DEPARTMENTS for w in tail.split()):
            return tail
    words = title.split()
    first = fold(words[0]) if words else ""
    if len(words) >= 2 and first in DEPARTMENTS and first not in _ADJECTIVES and is_title_word(fold(words[-1])):
        return words[0]  # "Marketing Director", "Sales Manager"
    last = fold(words[-1]) if words else ""
    if len(words) >= 2 and last in DEPARTMENTS and last not in _ADJECTIVES and is_title_word(fold(words[0])):
        return words[-1]  # "Responsable Marketing", "Leiter Einkauf", "Directora Comercial"
    return None


def department_category(text: str) -> str | None:
    """The department family (sales, marketing, engineering, finance, hr, legal, operations, design)."""
    folded = fold(text)
    for phrase, category in DEPARTMENTS.items():
        if " " in phrase and phrase in folded:
            return category
    for word in folded_words(text):
        if word in DEPARTMENTS:
            return DEPARTMENTS[word]
        for prefix, category in _PREFIX_DEPARTMENT.items():
            if word.startswith(prefix) and len(word) > len(prefix) + 3:
                return category
    return None


def seniority(title: str) -> str | None:
    """The seniority a title implies: c-level, vp, director, manager, senior, entry; None if unclear."""
    folded = " " + " ".join(folded_words(title.replace("-", " - "))) + " "
    folded_dash = " " + " ".join(w for w in re.split(r"[\s,&/]+", fold(title)) if w) + " "
    for level, cues in SENIORITY_WORDS:
        for cue in cues:
            if f" {cue} " in folded or f" {cue} " in folded_dash:
                return level
    for word in folded_words(title):
        if word.endswith(("leiter", "leiterin")):
            return "manager"
    return "staff" if title_score(title) > 0 else None
