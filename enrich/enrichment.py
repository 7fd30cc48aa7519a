"""Offline enrichment: country, time zones, email domain, free-mail flag, derived website, seniority."""

from __future__ import annotations

from collections import Counter
from typing import Any

import phonenumbers
from phonenumbers import timezone as phone_timezone

from enrich.card import CardFields, WebsiteField
from enrich.emails import FREE_EMAIL_DOMAINS, email_domain
from enrich.titles import department_category, seniority
from enrich.web import registrable_domain

# country-code top-level domains whose country differs from the two letters (or is not a country)
_TLD_COUNTRY = {"uk": "GB", "eu": None}
_GENERIC_TLDS = {"com", "net", "org", "info", "biz", "io", "co", "me", "app", "dev", "tech", "online", "site"}


def is_free_email(domain: str) -> bool:
    """True for personal mailbox providers (gmail, hotmail, r7.com, gmx.de…), whose domain is no company's."""
    domain = domain.lower()
    return domain in FREE_EMAIL_DOMAINS or any(domain.endswith("." + d) for d in FREE_EMAIL_DOMAINS)


def country_from_domain(domain: str) -> str | None:
    """The country a domain's ccTLD names ('merino.com.mx' -> 'MX'); None for .com and other generics."""
    labels = domain.lower().rstrip(".").split(".")
    tld = labels[-1]
    if tld in _TLD_COUNTRY:
        return _TLD_COUNTRY[tld]
    # ".co" alone is used as a generic name, but "com.co" is Colombia's
    second_level = len(labels) >= 3 and labels[-2] in {"com", "net", "org", "gob", "gov", "edu", "co", "ac"}
    if len(tld) != 2 or (tld in _GENERIC_TLDS and not second_level):
        return None
    return tld.upper()


def card_country(fields: CardFields) -> str | None:
    """The card's country: valid phone numbers first, then the address, then email/web ccTLDs."""
    regions = Counter(p.region for p in fields.phones if p.valid and p.region)
    if regions:
        return regions.most_common(1)[0][0]
    if fields.address and fields.address.country:
        return fields.address.country
    for item in [*fields.emails, *fields.websites]:
        host = item.value.rpartition("@")[2].removeprefix("https://").split("/")[0]
        country = country_from_domain(host)
        if country:
            return country
    return None


def enrich(fields: CardFields) -> tuple[dict[str, Any], list[str]]:
    """The enrichment dictionary for a card; may add a website derived from the company email domain."""
    notes: list[str] = []
    out: dict[str, Any] = {"country": card_country(fields)}
    zones: list[str] = []
    for phone in fields.phones:
        if phone.valid:
            for zone in phone_timezone.time_zones_for_number(phonenumbers.parse(phone.value)):
                if zone not in zones and zone != "Etc/Unknown":
                    zones.append(zone)
    out["timezones"] = zones
    valid_emails = [e for e in fields.emails if e.valid]
    domain = email_domain(valid_emails[0].value) if valid_emails else None
    out["email_domain"] = domain
    out["free_email"] = is_free_email(domain) if domain else None
    if domain and not out["free_email"] and not fields.websites:
        site = registrable_domain(domain) or domain
        fields.websites.append(WebsiteField(value=f"https://{site}", confidence=0.5, source="enrichment",
                                            raw=None))
        notes.append(f"No website printed; suggested https://{site} from the email address (unverified).")
    title = fields.title.value if fields.title else None
    out["seniority"] = seniority(title) if title else None
    dept_source = " ".join(f.value for f in (fields.department, fields.title) if f)
    out["department"] = department_category(dept_source) if dept_source else None
    return out, notes
