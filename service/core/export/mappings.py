"""The per-CRM field mappings, as data: target field → key of the flat contact view (service/core/export/source.flat).

A template is rendered against one contact's flat view:
- a str names a flat key ("given_name");
- Each(key, template) repeats the template for every item of a flat list, where "@" is the item itself and
  "@kind" one of its keys;
- Lookup(ref, table) translates a value (e.g. a phone kind) through a table;
- Const(value) is a fixed value; dicts and lists are rendered recursively and empty values are left out.

Where a CRM has no field for conversation notes on the contact itself, the notes go to the documented free-text
field it does have (see README, "Exports"): HubSpot the custom property `cardnote_conversation`, Salesforce Lead
`Description`, Google People `biographies`, Microsoft Graph `personalNotes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Each:
    """Repeat `template` for every item of the flat list `key`."""

    key: str
    template: Any


@dataclass(frozen=True)
class Lookup:
    """Translate the value at `ref` through `table` (unknown values give None)."""

    ref: str
    table: dict[str, str]


@dataclass(frozen=True)
class Const:
    """A fixed value."""

    value: Any


# HubSpot CRM v3: POST /crm/v3/objects/contacts/batch/create with {"inputs": [{"properties": {…}}]}.
# HubSpot keeps notes as separate objects that can only be associated with a contact's HubSpot id, which does
# not exist before this import; so the conversation goes to a contact property of its own that shows on the
# contact record, `cardnote_conversation` (multi-line text; README, "Exports", says how to create it once).
HUBSPOT_NOTES_PROPERTY = "cardnote_conversation"
HUBSPOT_PROPERTIES: dict[str, Any] = {
    "firstname": "given_name",
    "lastname": "family_name",
    "email": "email",
    "phone": "work_phone",
    "mobilephone": "mobile_phone",
    "fax": "fax",
    "company": "company",
    "jobtitle": "title",
    "website": "website",
    "address": "street",
    "city": "city",
    "state": "region",
    "zip": "postal_code",
    "country": "country_name",
    HUBSPOT_NOTES_PROPERTY: "notes_text",
}
HUBSPOT = {"properties": HUBSPOT_PROPERTIES}

# Salesforce Lead (sObject Collections: POST /services/data/vXX.X/composite/sobjects, 200 records a request).
SALESFORCE = {
    "attributes": {"type": Const("Lead")},
    "FirstName": "lead_first_name",
    "LastName": "lead_last_name",  # required by Salesforce: the family name, else the whole name
    "Salutation": "honorific",
    "Company": "company",
    "Title": "title",
    "Email": "email",
    "Phone": "work_phone",
    "MobilePhone": "mobile_phone",
    "Fax": "fax",
    "Website": "website",
    "Street": "street",
    "City": "city",
    "State": "region",
    "PostalCode": "postal_code",
    "Country": "country_name",
    "Description": "notes_text",
    "LeadSource": Const("cardnote"),
}

# Google People API Person (people.batchCreateContacts: {"contacts": [{"contactPerson": Person}]}, 200 a request).
GOOGLE_PHONE_TYPES = {"work": "work", "mobile": "mobile", "fax": "workFax", "other": "other"}
GOOGLE = {
    "names": [{"givenName": "given_name", "familyName": "family_name", "honorificPrefix": "honorific",
               "unstructuredName": "full_name"}],
    "emailAddresses": Each("emails", {"value": "@", "type": Const("work")}),
    "phoneNumbers": Each("phones", {"value": "@value", "type": Lookup("@kind", GOOGLE_PHONE_TYPES)}),
    "organizations": [{"name": "company", "title": "title", "department": "department", "type": Const("work")}],
    "urls": [Each("websites", {"value": "@", "type": Const("work")}),
             Each("social", {"value": "@", "type": Const("profile")})],
    "addresses": [{"type": Const("work"), "formattedValue": "address", "streetAddress": "street", "city": "city",
                   "region": "region", "postalCode": "postal_code", "poBox": "po_box",
                   "country": "country_name", "countryCode": "country"}],
    "biographies": [{"value": "notes_text", "contentType": Const("TEXT_PLAIN")}],
    "userDefined": [{"key": Const("cardnote collaboration"), "value": "collaborations_text"}],
}

# Microsoft Graph contact (POST /me/contacts, one per request or 20 in a JSON batch).
MSGRAPH = {
    "givenName": "given_name",
    "surname": "family_name",
    "displayName": "full_name",
    "title": "honorific",
    "emailAddresses": Each("emails", {"address": "@", "name": "full_name"}),
    "businessPhones": "work_phones",
    "mobilePhone": "mobile_phone",
    "companyName": "company",
    "department": "department",
    "jobTitle": "title",
    "businessHomePage": "website",
    "businessAddress": {"street": "street", "city": "city", "state": "region", "postalCode": "postal_code",
                        "countryOrRegion": "country_name"},
    "categories": "collaborations",
    "personalNotes": "notes_text",
}

# The `csv` format: one row per contact; header = these column names, in this order (documented in README).
CSV_COLUMNS: dict[str, str] = {
    "id": "id",
    "uid": "uid",
    "name": "full_name",
    "given_name": "given_name",
    "family_name": "family_name",
    "honorific": "honorific",
    "title": "title",
    "department": "department",
    "company": "company",
    "emails": "emails_text",
    "phones": "phones_text",
    "websites": "websites_text",
    "social": "social_text",
    "address": "address",
    "street": "street",
    "city": "city",
    "region": "region",
    "postal_code": "postal_code",
    "country": "country",
    "first_met_on": "first_met_on",
    "events": "events_text",
    "collaborations": "collaborations_text",
    "notes": "notes_text",
    "created_at": "created_at",
    "updated_at": "updated_at",
}


def with_derived(flat: dict[str, Any]) -> dict[str, Any]:
    """Add the joined-text keys some targets want (lists joined by "; ", phones as kind:+E164)."""
    return {
        **flat,
        "lead_first_name": flat.get("given_name") if flat.get("family_name") else None,
        "lead_last_name": flat.get("family_name") or flat.get("full_name"),
        "emails_text": "; ".join(flat["emails"]) or None,
        "phones_text": "; ".join(f"{p['kind']}:{p['value']}" for p in flat["phones"]) or None,
        "websites_text": "; ".join(flat["websites"]) or None,
        "social_text": "; ".join(flat["social"]) or None,
        "events_text": "; ".join(flat["events"]) or None,
        "collaborations_text": "; ".join(flat["collaborations"]) or None,
    }


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _only_constants(template: Any, value: Any) -> bool:
    """A list entry made only of constants (a type tag with no data) says nothing."""
    return isinstance(value, dict) and all(isinstance(template.get(key), Const) for key in value)


def render(template: Any, flat: dict[str, Any], item: Any = None) -> Any:
    """Fill a mapping template from a flat contact view; empty values are dropped."""
    if isinstance(template, Const):
        return template.value
    if isinstance(template, str):
        if template == "@":
            return item
        if template.startswith("@"):
            return item.get(template[1:]) if isinstance(item, dict) else None
        return flat.get(template)
    if isinstance(template, Lookup):
        return template.table.get(render(template.ref, flat, item))
    if isinstance(template, Each):
        return [rendered for value in flat.get(template.key) or []
                if not _empty(rendered := render(template.template, flat, value))]
    if isinstance(template, dict):
        out = {key: render(value, flat, item) for key, value in template.items()}
        return {key: value for key, value in out.items() if not _empty(value)}
    if isinstance(template, list):
        rendered = []
        for part in template:
            value = render(part, flat, item)
            if isinstance(part, Each):
                rendered.extend(value)
            elif not _empty(value) and not _only_constants(part, value):
                rendered.append(value)
        return rendered
    raise TypeError(f"not a mapping template: {template!r}")
