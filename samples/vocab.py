"""Multilingual vocabulary for synthetic cards: names, titles, companies, addresses, labels.

Everything here is invented data; the people and companies do not exist.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

# country -> card language; CH cards are printed in German or French.
COUNTRY_LANGUAGES: dict[str, tuple[str, ...]] = {
    "US": ("en",), "GB": ("en",),
    "ES": ("es",), "MX": ("es",), "AR": ("es",), "CO": ("es",),
    "FR": ("fr",), "CH": ("de", "fr"),
    "DE": ("de",), "AT": ("de",),
    "PT": ("pt",), "BR": ("pt",),
}
COUNTRIES: tuple[str, ...] = tuple(COUNTRY_LANGUAGES)

# (given names female, given names male, family names) per language
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "en": (
        ("Emily", "Sarah", "Olivia", "Hannah", "Grace", "Charlotte", "Megan", "Rachel", "Laura", "Chloe"),
        ("James", "Michael", "Daniel", "Thomas", "Oliver", "Robert", "Andrew", "Matthew", "Ethan", "Samuel"),
        ("Smith", "Johnson", "Walker", "Thompson", "Harris", "Bennett", "Clarke", "Morgan", "Hughes",
         "Fletcher", "O'Neill", "Patel", "Robinson", "Turner", "Mitchell"),
    ),
    "es": (
        ("María", "Lucía", "Irene", "Carmen", "Sofía", "Valentina", "Ana", "Paula", "Mónica", "Ximena"),
        ("José", "Javier", "Andrés", "Alejandro", "Diego", "Sergio", "Martín", "Raúl", "Tomás", "Iñaki"),
        ("García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Ruiz", "Núñez",
         "Soliz", "Herrera", "Castillo", "Ibáñez", "Quiroga", "Muñoz"),
    ),
    "fr": (
        ("Camille", "Chloé", "Léa", "Manon", "Élodie", "Inès", "Juliette", "Hélène", "Margaux", "Zoé"),
        ("Louis", "Hugo", "Théo", "Lucas", "François", "Mathieu", "Jérôme", "Nicolas", "Antoine", "Rémi"),
        ("Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Fontaine", "Rousseau", "Mercier",
         "Lambert", "Chevalier", "Faure", "Gauthier", "Bonnet", "Lemaître"),
    ),
    "de": (
        ("Anna", "Katharina", "Julia", "Lena", "Sabine", "Jana", "Miriam", "Sophie", "Franziska", "Jördis"),
        ("Lukas", "Jonas", "Stefan", "Matthias", "Florian", "Jürgen", "Tobias", "Andreas", "Felix", "Maximilian"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch",
         "Bauer", "Richter", "Wagner", "Krüger", "Zimmermann", "Hofmann"),
    ),
    "pt": (
        ("Ana", "Beatriz", "Mariana", "Juliana", "Fernanda", "Letícia", "Gabriela", "Inês", "Joana", "Conceição"),
        ("João", "Pedro", "Lucas", "Gustavo", "Rafael", "Thiago", "André", "Luís", "Rodrigo", "Antônio"),
        ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida", "Carvalho",
         "Gonçalves", "Ribeiro", "Fernandes", "Araújo", "Magalhães", "Nogueira"),
    ),
}

# honorifics printed before a name: (female, male) per language
HONORIFICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("Dr.", "Prof."), ("Dr.", "Prof.")),
    "es": (("Dra.", "Ing.", "Lic.", "Prof."), ("Dr.", "Ing.", "Lic.", "Prof.")),
    "fr": (("Dr", "Pr"), ("Dr", "Pr")),
    "de": (("Dr.", "Prof. Dr.", "Dipl.-Ing."), ("Dr.", "Prof. Dr.", "Dipl.-Ing.")),
    "pt": (("Dra.", "Eng.ª", "Prof.ª"), ("Dr.", "Eng.", "Prof.")),
}

# job titles: (female, male) per language
TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("Sales Manager", "Sales Manager"), ("Chief Executive Officer", "Chief Executive Officer"),
        ("Senior Software Engineer", "Senior Software Engineer"), ("Marketing Director", "Marketing Director"),
        ("Head of Operations", "Head of Operations"), ("Project Manager", "Project Manager"),
        ("Graphic Designer", "Graphic Designer"), ("Account Executive", "Account Executive"),
        ("Founder & CEO", "Founder & CEO"), ("Senior Accountant", "Senior Accountant"),
        ("Business Development Manager", "Business Development Manager"), ("Managing Director", "Managing Director"),
    ),
    "es": (
        ("Gerente de Ventas", "Gerente de Ventas"), ("Directora General", "Director General"),
        ("Ingeniera de Software", "Ingeniero de Software"), ("Diseñadora Gráfica", "Diseñador Gráfico"),
        ("Jefa de Compras", "Jefe de Compras"), ("Directora Comercial", "Director Comercial"),
        ("Asesora Jurídica", "Asesor Jurídico"), ("Contadora Pública", "Contador Público"),
        ("Coordinadora de Proyectos", "Coordinador de Proyectos"), ("Ejecutiva de Cuentas", "Ejecutivo de Cuentas"),
        ("Responsable de Logística", "Responsable de Logística"), ("Socia Fundadora", "Socio Fundador"),
    ),
    "fr": (
        ("Directrice Commerciale", "Directeur Commercial"), ("Chargée de Communication", "Chargé de Communication"),
        ("Ingénieure Développement", "Ingénieur Développement"), ("Responsable Achats", "Responsable Achats"),
        ("Cheffe de Projet", "Chef de Projet"), ("Directrice Générale", "Directeur Général"),
        ("Experte-Comptable", "Expert-Comptable"), ("Consultante Senior", "Consultant Senior"),
        ("Responsable Marketing", "Responsable Marketing"), ("Gérante", "Gérant"),
    ),
    "de": (
        ("Geschäftsführerin", "Geschäftsführer"), ("Vertriebsleiterin", "Vertriebsleiter"),
        ("Projektleiterin", "Projektleiter"), ("Softwareentwicklerin", "Softwareentwickler"),
        ("Leiterin Einkauf", "Leiter Einkauf"), ("Key Account Managerin", "Key Account Manager"),
        ("Steuerberaterin", "Steuerberater"), ("Marketingleiterin", "Marketingleiter"),
        ("Technische Leiterin", "Technischer Leiter"), ("Prokuristin", "Prokurist"),
    ),
    "pt": (
        ("Diretora Comercial", "Diretor Comercial"), ("Gerente de Projetos", "Gerente de Projetos"),
        ("Engenheira de Software", "Engenheiro de Software"), ("Consultora de Marketing", "Consultor de Marketing"),
        ("Analista Financeira", "Analista Financeiro"), ("Sócia-Diretora", "Sócio-Diretor"),
        ("Coordenadora de Vendas", "Coordenador de Vendas"), ("Gestora de Contas", "Gestor de Contas"),
        ("Arquiteta", "Arquiteto"), ("Diretora Executiva", "Diretor Executivo"),
    ),
}

# words for invented company brands, per language
BRAND_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("Northwind", "Bluepeak", "Ashford", "Riverside", "Kestrel", "Brightline", "Oakridge", "Harbor"),
           ("Logistics", "Systems", "Partners", "Consulting", "Analytics", "Engineering", "Design", "Foods")),
    "es": (("Merino", "Altamira", "Solana", "Cumbre", "Andina", "Brisa", "Valle Verde", "Tierra Alta"),
           ("Soluciones", "Consultores", "Logística", "Ingeniería", "Construcciones", "Diseño", "Alimentos",
            "Tecnología")),
    "fr": (("Lumière", "Beaulieu", "Montclair", "Rivage", "Clairvaux", "Belle Rive", "Mistral", "Azur"),
           ("Conseil", "Ingénierie", "Logistique", "Bâtiment", "Numérique", "Design", "Finance", "Énergies")),
    "de": (("Nordlicht", "Bergmann", "Rheinblick", "Alpenblick", "Lindner", "Falkenstein", "Weißdorn", "Seeberg"),
           ("Technik", "Logistik", "Beratung", "Maschinenbau", "Software", "Bau", "Energie", "Medien")),
    "pt": (("Horizonte", "Ipê", "Aurora", "Serra Azul", "Atlântico", "Mirante", "Jacarandá", "Boa Vista"),
           ("Soluções", "Consultoria", "Logística", "Engenharia", "Tecnologia", "Construções", "Design",
            "Alimentos")),
}

LEGAL_SUFFIXES: dict[str, tuple[str, ...]] = {
    "US": ("Inc.", "LLC", "Corp."), "GB": ("Ltd", "Ltd.", "PLC", "LLP"),
    "ES": ("S.L.", "S.A.", "S.L.U."), "MX": ("S.A. de C.V.", "S. de R.L. de C.V."),
    "AR": ("S.A.", "S.R.L.", "S.A.S."), "CO": ("S.A.S.", "Ltda.", "S.A."),
    "FR": ("SAS", "SARL", "SA"), "CH": ("AG", "GmbH", "SA", "Sàrl"),
    "DE": ("GmbH", "AG", "GmbH & Co. KG"), "AT": ("GmbH", "AG", "KG"),
    "PT": ("Lda.", "S.A.", "Unipessoal Lda."), "BR": ("Ltda.", "S.A.", "Ltda. ME"),
}

TLDS: dict[str, str] = {
    "US": "com", "GB": "co.uk", "ES": "es", "MX": "com.mx", "AR": "com.ar", "CO": "com.co",
    "FR": "fr", "CH": "ch", "DE": "de", "AT": "at", "PT": "pt", "BR": "com.br",
}

TAGLINES: dict[str, tuple[str, ...]] = {
    "en": ("Your partner in growth", "Quality since 1998", "Smart solutions for business", "Building better"),
    "es": ("Soluciones a su medida", "Calidad desde 1995", "Su socio de confianza", "Innovación y servicio"),
    "fr": ("Votre partenaire de confiance", "L'excellence au quotidien", "Depuis 1987", "Innover ensemble"),
    "de": ("Ihr Partner für Qualität", "Seit 1972", "Technik, die begeistert", "Gemeinsam mehr erreichen"),
    "pt": ("Soluções sob medida", "Qualidade desde 1990", "Seu parceiro de confiança", "Inovar juntos"),
}

# phone labels: (work, mobile, fax) per language; region-specific mobile words override
PHONE_LABELS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "en": (("Tel.", "Phone", "T", "Office", "Direct"), ("Mobile", "Cell", "M", "Mob."), ("Fax", "F")),
    "es": (("Tel.", "Teléfono", "T.", "Tel"), ("Móvil", "Cel.", "Celular", "M."), ("Fax",)),
    "fr": (("Tél.", "Tél", "T.", "Bureau", "Standard"), ("Portable", "Mobile", "Port.", "Mob."), ("Fax",)),
    "de": (("Tel.", "Telefon", "Fon", "T"), ("Mobil", "Handy", "Mobile", "M"), ("Fax", "F")),
    "pt": (("Tel.", "Telefone", "Fone", "T."), ("Celular", "Cel.", "Telemóvel", "Tlm."), ("Fax",)),
}
MOBILE_LABELS_BY_REGION: dict[str, tuple[str, ...]] = {
    "ES": ("Móvil", "M.", "Tel. móvil"), "MX": ("Cel.", "Celular", "Móvil"), "AR": ("Cel.", "Celular", "Móvil"),
    "CO": ("Cel.", "Celular", "Móvil"), "BR": ("Celular", "Cel.", "Cel"), "PT": ("Telemóvel", "Tlm.", "Móvel"),
}
WORK_LABELS_BY_REGION: dict[str, tuple[str, ...]] = {"BR": ("Tel.", "Fone", "Telefone"), "PT": ("Tel.", "Telefone")}

EMAIL_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("Email", "E-mail", "E", "email"), "es": ("Email", "Correo", "E-mail", "e-mail"),
    "fr": ("E-mail", "Courriel", "Mail", "E"), "de": ("E-Mail", "Mail", "E", "E-mail"),
    "pt": ("E-mail", "Email", "e-mail"),
}
WEB_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("Web", "W", "www"), "es": ("Web", "Sitio web", "W"), "fr": ("Web", "Site", "W"),
    "de": ("Web", "Internet", "W"), "pt": ("Site", "Web", "W"),
}
COUNTRY_NAMES: dict[str, dict[str, str]] = {
    "US": {"en": "USA"}, "GB": {"en": "United Kingdom"}, "ES": {"es": "España"}, "MX": {"es": "México"},
    "AR": {"es": "Argentina"}, "CO": {"es": "Colombia"}, "FR": {"fr": "France"},
    "CH": {"de": "Schweiz", "fr": "Suisse"}, "DE": {"de": "Deutschland"}, "AT": {"de": "Österreich"},
    "PT": {"pt": "Portugal"}, "BR": {"pt": "Brasil"},
}


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters only ('Núñez' -> 'nunez'), for domains and e-mail local parts."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("ß", "ss").lower()
    return "".join(c for c in plain if c.isascii() and c.isalnum())


@dataclass(frozen=True)
class Address:
    """A postal address as printed lines; `value` joins them with ', ' (the label format)."""

    lines: tuple[str, ...]

    @property
    def value(self) -> str:
        """The one-line form stored in expected.json."""
        return ", ".join(self.lines)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def make_address(rng: random.Random, country: str, language: str) -> Address:
    """An invented address in the country's usual layout (street line(s), postcode and city)."""
    n = rng.randint(2, 480)
    if country == "US":
        street = rng.choice(("Market Street", "Main St", "Oak Avenue", "Lexington Ave", "Pine St", "Elm Drive"))
        city = rng.choice((("San Francisco", "CA"), ("Austin", "TX"), ("Boston", "MA"), ("Denver", "CO"),
                           ("Seattle", "WA"), ("Chicago", "IL")))
        lines = [f"{rng.randint(10, 9999)} {street}"]
        if rng.random() < 0.5:
            lines[0] += f", Suite {rng.randint(100, 950)}"
        lines.append(f"{city[0]}, {city[1]} {_digits(rng, 5).replace('0', '1', 1)}")
    elif country == "GB":
        street = rng.choice(("King Street", "High Street", "Victoria Road", "Church Lane", "Queen's Road"))
        city, area = rng.choice((("London", "EC1V"), ("Manchester", "M2"), ("Leeds", "LS1"), ("Bristol", "BS1")))
        lines = [f"{n} {street}", f"{city} {area} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                 f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"]
    elif country == "ES":
        street = rng.choice(("Calle de Alcalá", "Calle Mayor", "Avenida de la Constitución", "Paseo de Gracia",
                             "Calle del Prado", "Gran Vía"))
        city, pc = rng.choice((("Madrid", "280"), ("Barcelona", "080"), ("Valencia", "460"), ("Sevilla", "410")))
        floor = rng.choice(("", f", {rng.randint(1, 9)}º {rng.choice('ABCD')}", f", planta {rng.randint(1, 9)}"))
        lines = [f"{street} {n}{floor}", f"{pc}{_digits(rng, 2)} {city}"]
    elif country == "MX":
        street = rng.choice(("Av. Insurgentes Sur", "Paseo de la Reforma", "Av. Juárez", "Calle Hidalgo",
                             "Av. Revolución"))
        col, city = rng.choice((("Col. Del Valle", "Ciudad de México, CDMX"), ("Col. Centro", "Puebla, Pue."),
                                ("Col. Americana", "Guadalajara, Jal."), ("Col. Obispado", "Monterrey, N.L.")))
        lines = [f"{street} {rng.randint(10, 2999)}", f"{col}, C.P. {rng.randint(1, 9)}{_digits(rng, 4)}", city]
    elif country == "AR":
        street = rng.choice(("Av. Corrientes", "Av. Santa Fe", "Florida", "Av. Córdoba", "Lavalle"))
        lines = [f"{street} {rng.randint(100, 4999)}, Piso {rng.randint(1, 12)}",
                 f"C{rng.randint(1000, 1440)}{rng.choice(('AAB', 'ABC', 'ACD'))} "
                 f"{rng.choice(('CABA', 'Buenos Aires'))}"]
    elif country == "CO":
        lines = [f"{rng.choice(('Carrera', 'Calle', 'Avenida'))} {rng.randint(1, 120)} # {rng.randint(1, 99)}-"
                 f"{rng.randint(1, 99)}, Oficina {rng.randint(101, 905)}",
                 rng.choice(("Bogotá D.C.", "Medellín, Antioquia", "Cali, Valle del Cauca"))]
    elif country == "FR":
        street = rng.choice(("rue de la Paix", "avenue Victor Hugo", "boulevard Haussmann", "rue du Faubourg",
                             "place Bellecour", "quai des Chartrons"))
        city, pc = rng.choice((("Paris", "750"), ("Lyon", "6900"), ("Bordeaux", "3300"), ("Nantes", "4400")))
        lines = [f"{rng.randint(1, 180)} {street}", f"{pc}{_digits(rng, 5 - len(pc))} {city}"]
    elif country == "DE":
        street = rng.choice(("Friedrichstraße", "Hauptstraße", "Königsallee", "Maximilianstraße", "Schillerweg"))
        city, pc = rng.choice((("Berlin", "10"), ("München", "80"), ("Hamburg", "20"), ("Köln", "50")))
        lines = [f"{street} {rng.randint(1, 220)}", f"{pc}{_digits(rng, 3)} {city}"]
    elif country == "AT":
        street = rng.choice(("Mariahilfer Straße", "Landstraße", "Herrengasse", "Linzer Straße"))
        city, pc = rng.choice((("Wien", "10"), ("Graz", "80"), ("Salzburg", "50"), ("Linz", "40")))
        lines = [f"{street} {rng.randint(1, 160)}", f"{pc}{rng.randint(1, 9)}0 {city}"]
    elif country == "CH":
        if language == "fr":
            street = rng.choice(("Rue du Rhône", "Avenue de la Gare", "Rue de Lausanne"))
            city, pc = rng.choice((("Genève", "120"), ("Lausanne", "100")))
        else:
            street = rng.choice(("Bahnhofstrasse", "Marktgasse", "Seestrasse", "Limmatquai"))
            city, pc = rng.choice((("Zürich", "80"), ("Bern", "30"), ("Basel", "40")))
        lines = [f"{street} {rng.randint(1, 120)}", f"{pc}{_digits(rng, 4 - len(pc))} {city}"]
    elif country == "PT":
        street = rng.choice(("Rua Augusta", "Avenida da Liberdade", "Rua de Santa Catarina", "Rua do Ouro"))
        city, pc = rng.choice((("Lisboa", "1"), ("Porto", "4")))
        lines = [f"{street}, {rng.randint(1, 300)}{rng.choice(('', ', 2.º Esq.', ', 1.º Dto.'))}",
                 f"{pc}{_digits(rng, 3)}-{_digits(rng, 3)} {city}"]
    else:  # BR
        street = rng.choice(("Av. Paulista", "Rua Augusta", "Rua Oscar Freire", "Av. Brigadeiro Faria Lima",
                             "Rua da Consolação"))
        bairro = rng.choice(("Bela Vista", "Jardins", "Pinheiros", "Consolação", "Itaim Bibi"))
        lines = [f"{street}, {rng.randint(10, 3999)} - {bairro}",
                 f"São Paulo - SP, {rng.randint(1, 5)}{_digits(rng, 4)}-{_digits(rng, 3)}"]
    if rng.random() < 0.2:
        lines.append(COUNTRY_NAMES[country].get(language) or next(iter(COUNTRY_NAMES[country].values())))
    return Address(tuple(lines))
