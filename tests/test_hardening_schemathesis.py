"""Schemathesis against /openapi.json, in process over WSGI: generated requests for every documented operation.

Checks: no 5xx (not_a_server_error), answers match the documented schema, status and content type, and an
operation that declares bearer auth really refuses a request without it (ignored_auth). Bounded: a few
examples per operation. The reader is the stand-in FakeReader, so scan/import uploads stay cheap.
"""

from __future__ import annotations

import io

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

import service.reading.reader
from tests.service_helpers import COLLABORATION, NOTE, FakeReader, add_user, fake_card, jpeg_bytes, use_fake_reader

EXAMPLES = 30  # per operation and mode: bounded so the whole walk takes well under two minutes
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance,
          ignored_auth]


@pytest.fixture
def token_headers(app, monkeypatch):
    """A user with a token and some objects (a draft, a contact with a next step, an event) to find by id."""
    reader = FakeReader(fake_card())
    use_fake_reader(monkeypatch, reader)
    monkeypatch.setattr(service.reading.reader, "scan_page", lambda data, filename, **_: [reader(data, filename)])
    headers = add_user(app, "schema@example.com")
    client = app.test_client()
    client.post("/api/v1/scans", headers=headers, content_type="multipart/form-data",
                data={"image": (io.BytesIO(jpeg_bytes("red")), "c.jpg")})
    client.post("/api/v1/events", headers=headers, json={"name": "Fair"})
    client.post("/api/v1/contacts", headers=headers, json={
        "fields": {"name": "Irene"}, "note": NOTE, "collaboration": COLLABORATION,
        "next_step": {"action": "Call", "due": "2026-12-01"}})
    return headers


def _run_operation(operation, headers, mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS if mode is GenerationMode.POSITIVE else [
            not_a_server_error, content_type_conformance, ignored_auth])

    run()


def test_the_api_matches_its_openapi_document(app, token_headers):
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _run_operation(operation, token_headers, mode)
            except (Exception, BaseExceptionGroup) as failure:  # collect every failure, then report them all
                failures[f"{operation.label} [{mode.value}]"] = str(failure)[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
