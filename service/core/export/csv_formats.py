"""The three CSV layouts: cardnote's own `csv` (mappings.CSV_COLUMNS), Google Contacts' and Outlook's import columns.

Google Contacts and Outlook import only their own column names (the header of the CSV they export themselves),
so `google-csv` and `outlook-csv` use exactly those names: no manual column mapping on import. Which layout
wants a UTF-8 byte-order mark is decided by its importer (README, "Exports"): Outlook and Excel read a CSV
without a BOM in the Windows code page and garble accents, Google Contacts reads UTF-8 either way (no BOM).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from service.core.export.mappings import CSV_COLUMNS, with_derived

Row = dict[str, Any]

# Google's labels for cardnote's phone kinds (what Google itself writes in "Phone N - Label").
GOOGLE_PHONE_LABELS = {"work": "Work", "mobile": "Mobile", "fax": "Work Fax", "other": "Other"}
GOOGLE_EMAILS, GOOGLE_PHONES = 2, 3
GOOGLE_COLUMNS = [
    "First Name", "Middle Name", "Last Name", "Name Prefix", "Organization Name", "Organization Title",
    "Organization Department", "Notes", "Labels",
    *[f"E-mail {i} - {part}" for i in range(1, GOOGLE_EMAILS + 1) for part in ("Label", "Value")],
    *[f"Phone {i} - {part}" for i in range(1, GOOGLE_PHONES + 1) for part in ("Label", "Value")],
    "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box",
    "Address 1 - Region", "Address 1 - Postal Code", "Address 1 - Country",
    "Website 1 - Label", "Website 1 - Value",
]
OUTLOOK_COLUMNS = [
    "First Name", "Middle Name", "Last Name", "Title", "Company", "Department", "Job Title", "Business Street",
    "Business City", "Business State", "Business Postal Code", "Business Country/Region", "Business Fax",
    "Business Phone", "Business Phone 2", "Mobile Phone", "E-mail Address", "E-mail 2 Address", "E-mail 3 Address",
    "Web Page", "Categories", "Notes",
]


def _google(flat: Row) -> Row:
    row: Row = {
        "First Name": flat["given_name"], "Last Name": flat["family_name"], "Name Prefix": flat["honorific"],
        "Organization Name": flat["company"], "Organization Title": flat["title"],
        "Organization Department": flat["department"], "Notes": flat["notes_text"],
        # Google's own export names its group of every contact "* myContacts"; the collaboration kinds follow
        "Labels": " ::: ".join(["* myContacts", *flat["collaborations"]]),
    }
    for index, email in enumerate(flat["emails"][:GOOGLE_EMAILS], start=1):
        row[f"E-mail {index} - Label"], row[f"E-mail {index} - Value"] = "Work", email
    for index, phone in enumerate(flat["phones"][:GOOGLE_PHONES], start=1):
        row[f"Phone {index} - Label"] = GOOGLE_PHONE_LABELS.get(phone["kind"], "Other")
        row[f"Phone {index} - Value"] = phone["value"]
    if flat["address"]:
        row.update({"Address 1 - Label": "Work", "Address 1 - Formatted": flat["label"],
                    "Address 1 - Street": flat["street"], "Address 1 - City": flat["city"],
                    "Address 1 - PO Box": flat["po_box"], "Address 1 - Region": flat["region"],
                    "Address 1 - Postal Code": flat["postal_code"], "Address 1 - Country": flat["country_name"]})
    if flat["website"]:
        row["Website 1 - Label"], row["Website 1 - Value"] = "Work", flat["website"]
    return row


def _outlook(flat: Row) -> Row:
    emails = flat["emails"] + [None, None, None]
    work = flat["work_phones"] + [None, None]
    return {
        "First Name": flat["given_name"], "Last Name": flat["family_name"], "Title": flat["honorific"],
        "Company": flat["company"], "Department": flat["department"], "Job Title": flat["title"],
        "Business Street": flat["street"], "Business City": flat["city"], "Business State": flat["region"],
        "Business Postal Code": flat["postal_code"], "Business Country/Region": flat["country_name"],
        "Business Fax": flat["fax"], "Business Phone": work[0], "Business Phone 2": work[1],
        "Mobile Phone": flat["mobile_phone"], "E-mail Address": emails[0], "E-mail 2 Address": emails[1],
        "E-mail 3 Address": emails[2], "Web Page": flat["website"],
        "Categories": ";".join(flat["collaborations"]) or None, "Notes": flat["notes_text"],
    }


def _cardnote(flat: Row) -> Row:
    values = with_derived(flat)
    return {column: values.get(key) for column, key in CSV_COLUMNS.items()}


@dataclass(frozen=True)
class CsvLayout:
    """A CSV layout: header, how a contact's flat view becomes a row, BOM or not, and its phone-number columns."""

    columns: list[str]
    row: Callable[[Row], Row]
    bom: bool
    phone_columns: frozenset[str]


CARDNOTE_CSV = CsvLayout(list(CSV_COLUMNS), _cardnote, False, frozenset())
GOOGLE_CSV = CsvLayout(GOOGLE_COLUMNS, _google, False,
                       frozenset(f"Phone {i} - Value" for i in range(1, GOOGLE_PHONES + 1)))
OUTLOOK_CSV = CsvLayout(OUTLOOK_COLUMNS, _outlook, True,
                        frozenset({"Business Fax", "Business Phone", "Business Phone 2", "Mobile Phone"}))
