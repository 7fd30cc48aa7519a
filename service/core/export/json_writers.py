"""The JSON family: cardnote's own `json` document, jCard (RFC 7095), and the CRM import bodies (HubSpot,
Salesforce, Google People, Microsoft Graph). Each streams one contact at a time inside its envelope.

jCard is written by hand: no maintained Python library writes RFC 7095, and it is a plain JSON rendering of the
same property list the vCard writer uses (vcard_writer.vcard_properties).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from service.core.export import mappings
from service.core.export.vcard_writer import jcard, vcard_properties

Rows = Iterator[tuple[dict[str, Any], dict[str, Any]]]  # (contact document, flat view) per contact


def _array(items: Iterator[Any], head: str, tail: str) -> Iterator[str]:
    """head, the items as JSON separated by commas (one per line), tail."""
    yield head
    separator = "\n"
    for item in items:
        yield separator + json.dumps(item, ensure_ascii=False)
        separator = ",\n"
    yield "\n" + tail


def _envelope(head: str, tail: str, make: Callable[[dict[str, Any], dict[str, Any]], Any]) -> Callable[[Rows],
                                                                                                     Iterator[str]]:
    def write(rows: Rows) -> Iterator[str]:
        return _array((make(document, flat) for document, flat in rows), head, tail)

    return write


def _crm(template: Any) -> Callable[[dict[str, Any], dict[str, Any]], Any]:
    return lambda _document, flat: mappings.render(template, mappings.with_derived(flat))


write_json = _envelope('{"format": "cardnote/contacts@1", "contacts": [', "]}\n", lambda document, _flat: document)
write_jcard = _envelope("[", "]\n", lambda document, flat: jcard(vcard_properties(document, flat)))
write_hubspot = _envelope('{"inputs": [', "]}\n", _crm(mappings.HUBSPOT))
write_salesforce = _envelope('{"allOrNone": false, "records": [', "]}\n", _crm(mappings.SALESFORCE))
write_google = _envelope('{"contacts": [', '], "readMask": "names,emailAddresses,phoneNumbers,organizations"}\n',
                         lambda document, flat: {"contactPerson": _crm(mappings.GOOGLE)(document, flat)})
write_msgraph = _envelope('{"value": [', "]}\n", _crm(mappings.MSGRAPH))
