"""Offline enrichment: country, time zones, email domain, free mail, derived website, seniority."""

import pytest

from enrich.card import CardFields, EmailField, PhoneField, TextField, WebsiteField
from enrich.enrichment import country_from_domain, enrich, is_free_email


@pytest.mark.parametrize(("domain", "free"), [("gmail.com", True), ("r7.com", True), ("uol.com.br", True),
                                              ("gmx.de", True), ("orange.fr", True), ("cumbre.es", False)])
def test_free_email(domain: str, free: bool) -> None:
    assert is_free_email(domain) is free


@pytest.mark.parametrize(("domain", "country"), [("merino.com.mx", "MX"), ("fletcher.co.uk", "GB"),
                                                 ("contoso.com", None), ("azur.fr", "FR"), ("x.co", None)])
def test_country_from_domain(domain: str, country: str | None) -> None:
    assert country_from_domain(domain) == country


def test_enrichment_from_phone_and_company_email() -> None:
    fields = CardFields(
        title=TextField("Gerente de Ventas", 0.8),
        emails=[EmailField("ana@merinosoluciones.com.mx", True, 0.97)],
        phones=[PhoneField("+522221451450", "mobile", "MX", True, 0.95)],
    )
    data, notes = enrich(fields)
    assert data["country"] == "MX"
    assert data["timezones"] and all(z.startswith("America/") for z in data["timezones"])
    assert data["email_domain"] == "merinosoluciones.com.mx" and data["free_email"] is False
    assert data["seniority"] == "manager" and data["department"] == "sales"
    assert [(w.value, w.source) for w in fields.websites] == [("https://merinosoluciones.com.mx", "enrichment")]
    assert fields.websites[0].confidence < 0.9 and notes


def test_no_website_from_free_mail_or_when_printed() -> None:
    free = CardFields(emails=[EmailField("someone@gmail.com", True, 0.97)])
    enrich(free)
    assert free.websites == []
    printed = CardFields(emails=[EmailField("a@cumbre.es", True, 0.97)],
                         websites=[WebsiteField("https://www.cumbre.es", 0.9)])
    enrich(printed)
    assert [w.source for w in printed.websites] == ["ocr"]


def test_empty_card() -> None:
    data, _ = enrich(CardFields())
    assert data == {"country": None, "timezones": [], "email_domain": None, "free_email": None,
                    "seniority": None, "department": None}
