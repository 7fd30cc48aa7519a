"""Real scans through the API (slow: runs OCR on a committed sample photo)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
from PIL import Image

from tests.support.service_helpers import COLLABORATION, NOTE, add_user

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "es_mx_photo_qr.jpg"

pytestmark = pytest.mark.slow


def _upload(client, headers, path):
    return client.post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                       data={"image": (io.BytesIO(path.read_bytes()), path.name)})


def test_photo_to_draft_to_contact_and_rescan_recognises_it(app, client):
    expected = json.loads(SAMPLE.with_suffix(".expected.json").read_text())
    headers = add_user(app, "ana@example.com")
    scanned = _upload(client, headers, SAMPLE)
    assert scanned.status_code == 201, scanned.get_json()
    draft = scanned.get_json()
    spec = client.get("/openapi.json").get_json()
    jsonschema.Draft202012Validator({"$ref": "#/components/schemas/Draft", "components": spec["components"]}
                                    ).validate(draft)
    assert draft["card"]["source"]["file"] == SAMPLE.name
    found = {e["value"].lower() for e in draft["card"]["fields"]["emails"]}
    assert found & {e.lower() for e in expected["emails"]}, found  # the reader found the printed email

    image = client.get(f"/api/v1/drafts/{draft['id']}/image", headers=headers)
    assert image.status_code == 200
    with Image.open(io.BytesIO(image.data)) as flat:
        assert flat.format == "JPEG" and not flat.getexif()
        assert flat.width > flat.height  # the flattened card, landscape

    created = client.post("/api/v1/contacts", headers=headers, json={
        "draft_id": draft["id"], "fields": draft["card"]["fields"], "note": NOTE, "collaboration": COLLABORATION})
    assert created.status_code == 201
    contact = created.get_json()
    assert contact["fields"]["emails"] == draft["card"]["fields"]["emails"]  # provenance kept as read

    again = _upload(client, headers, SAMPLE)
    assert again.status_code == 201  # a new draft: the first one became a contact
    assert again.get_json()["existing_contact"]["id"] == contact["id"]
