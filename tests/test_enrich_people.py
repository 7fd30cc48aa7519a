"""Names, titles and companies: nameparser-based splitting, title vocabulary, legal forms, domains."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrich.company import legal_form, legal_form_regions
from enrich.names import parse_name
from enrich.titles import department_category, department_from_title, is_department_line, seniority, title_score


@pytest.mark.parametrize(
    ("line", "full", "given", "family", "honorific"),
    [
        ("Irene Soliz", "Irene Soliz", "Irene", "Soliz", None),
        ("Dra. María García López", "María García López", "María", "García López", "Dra."),
        ("Prof. Dr. Jürgen Schäfer", "Jürgen Schäfer", "Jürgen", "Schäfer", "Prof. Dr."),
        ("Herr Dr. Stefan Koch", "Stefan Koch", "Stefan", "Koch", "Herr Dr."),
        ("Mme Hélène Lefèvre", "Hélène Lefèvre", "Hélène", "Lefèvre", "Mme"),
        ("Ing. Raúl Núñez", "Raúl Núñez", "Raúl", "Núñez", "Ing."),
        ("Lic. Ximena Herrera", "Ximena Herrera", "Ximena", "Herrera", "Lic."),
        ("Eng.ª Joana Magalhães", "Joana Magalhães", "Joana", "Magalhães", "Eng.ª"),
        ("Mr. Sean O'Neill", "Sean O'Neill", "Sean", "O'Neill", "Mr."),
        ("Dipl.-Ing. Jördis Weber", "Jördis Weber", "Jördis", "Weber", "Dipl.-Ing."),
        ("John F. Kennedy", "John F. Kennedy", "John F.", "Kennedy", None),
    ],
)
def test_parse_name(line, full, given, family, honorific) -> None:
    parsed = parse_name(line)
    assert (parsed.full, parsed.given, parsed.family, parsed.honorific) == (full, given, family, honorific)


@pytest.mark.parametrize(
    "line",
    ["CEO", "Sales Manager", "Diseñadora Gráfica", "Directora General", "Chef de projet", "Geschäftsführer",
     "Vertriebsleiter", "Consultor de marketing", "Engenheiro de Software", "Responsable Achats",
     "Key Account Managerin", "Socio Fundador", "Head of Operations", "Technische Leiterin", "Arquiteta"],
)
def test_titles(line: str) -> None:
    assert title_score(line) >= 0.6


@pytest.mark.parametrize("line", ["Your partner in growth", "Su socio de confianza", "Irene Soliz", "Calle Mayor 3"])
def test_not_titles(line: str) -> None:
    assert title_score(line) < 0.6


@pytest.mark.parametrize(
    ("title", "department", "category", "level"),
    [
        ("Gerente de Ventas", "Ventas", "sales", "manager"),
        ("Head of Operations", "Operations", "operations", "director"),
        ("Marketing Director", "Marketing", "marketing", "director"),
        ("Leiter Einkauf", "Einkauf", "operations", "manager"),
        ("Chief Executive Officer", None, None, "c-level"),
        ("Senior Software Engineer", None, "engineering", "senior"),
        ("Vertriebsleiter", None, "sales", "manager"),
        ("Asesora Jurídica", None, "legal", "staff"),
        ("VP Finance", "Finance", "finance", "vp"),
        ("Junior Designer", None, "design", "entry"),
    ],
)
def test_department_and_seniority(title, department, category, level) -> None:
    assert department_from_title(title) == department
    assert department_category(title) == category
    assert seniority(title) == level


@pytest.mark.parametrize(
    ("line", "form"),
    [("Merino Soluciones S.A. de C.V.", "S.A. de C.V."), ("Eletrônica Exemplo Ltda.", "Ltda."),
     ("Bergmann Technik GmbH & Co. KG", "GmbH & Co. KG"), ("Azur Conseil SARL", "SARL"),
     ("Alexandre Evrard S.A.R.L.", "S.A.R.L."), ("Cumbre S.L.", "S.L."), ("Northwind Inc.", "Inc."),
     ("Kestrel Partners LLP", "LLP"),
     ("Horizonte Soluções EIRELI", "EIRELI"), ("Aurora Lda", "Lda"), ("Ana Pérez", None), ("SP", None)],
)
def test_legal_form(line: str, form: str | None) -> None:
    assert legal_form(line) == form


@pytest.mark.parametrize(
    ("line", "regions"),
    [("Şensoy Kısakürek Ltd. Şti.", ("TR",)), ("Durdu A.Ş.", ("TR",)), ("Colman-Van Dijck VOF", ("NL", "BE")),
     ("STALDER KESSLER GMBH", ("DE", "AT", "CH")), ("Kaveri Exports Pvt. Ltd.", ("IN",)),
     ("Paiva Araújo Lda.", ("PT",)), ("Ramírez S.A. de C.V.", ("MX",)), ("Northwind Inc.", ()),
     ("Kestrel Partners Ltd", ()), ("Ana Pérez", ()), ("Calgary, AB", ()), ("Portland, ME", ())],
)
def test_a_legal_form_names_the_countries_whose_law_it_belongs_to(line: str, regions: tuple[str, ...]) -> None:
    assert legal_form_regions(line) == regions


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_scorers_never_crash(text) -> None:
    assert 0 <= title_score(text) <= 1
    legal_form(text)
    parse_name(text)
    seniority(text)


def test_honorific_glued_to_the_name() -> None:
    assert parse_name("Prof. Dr.Sabine Wagner").honorific == "Prof. Dr."
    assert parse_name("DIPL.-ING. MIRIAM WAGNER").given == "MIRIAM"


@pytest.mark.parametrize(("line", "department"), [
    ("Overseas Business Dept.", True),
    ("Abteilung Einkauf", True),
    ("Departamento de Ventas", True),
    ("Cloud & AI Department", True),
    ("Customer Service", False),  # 'service', 'team' and 'area' also end slogans
    ("Sales Team", False),
    ("Departamento 12", False),  # a number: an address's flat
    ("NIPPON KOGYO CO., LTD.", False),
])
def test_a_department_line_names_a_unit_of_the_company(line: str, department: bool) -> None:
    assert is_department_line(line) is department
