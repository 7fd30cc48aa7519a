"""Schemathesis against /openapi.json, in process over WSGI: generated requests for every documented operation.

Every Schemathesis check runs (no 5xx, answers match the documented schemas, statuses, headers and content
types, schema-valid data accepted and schema-violating data refused, auth enforced, …), with the expectations of
schemathesis.toml at the repo root. Bounded: a few examples per operation. The reader is the stand-in FakeReader,
so scan/import uploads stay cheap. The token-revoking operation runs last (it would revoke the token in use).
"""

from __future__ import annotations

import io

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import negative_data_rejection

import service.reading.reader
from tests.support.service_helpers import (
    COLLABORATION,
    NOTE,
    FakeReader,
    add_user,
    fake_card,
    jpeg_bytes,
    use_fake_reader,
)

EXAMPLES = 30  # per operation and mode: bounded so the whole walk takes well under two minutes


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


def _run_operation(operation, mode: GenerationMode) -> None:
    # A multipart field made an empty array goes on the wire as no field at all, which is valid; Schemathesis
    # in-process still calls it a violation. `python -m bench.api_fuzz` runs that check on uploads too.
    multipart = "multipart/form-data" in str(operation.definition.raw.get("requestBody", {}))
    excluded = [negative_data_rejection] if multipart and mode is GenerationMode.NEGATIVE else None

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    def run(case):
        case.call_and_validate(excluded_checks=excluded)  # every check; the token comes from the schema's config

    run()


def test_the_api_matches_its_openapi_document(app, token_headers):
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    schema.config.update(headers=token_headers)  # configured, so negative cases know the token is supplied
    operations = sorted((result.ok() for result in schema.get_all_operations()),
                        key=lambda operation: operation.definition.raw.get("operationId") == "revokeToken")
    assert len(operations) >= 20
    failures = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _run_operation(operation, mode)
            except Unsatisfiable:  # nothing to send wrong (no parameters, no body): no negative case exists
                assert mode is GenerationMode.NEGATIVE, operation.label
            except (Exception, BaseExceptionGroup) as failure:  # collect every failure, then report them all
                failures[f"{operation.label} [{mode.value}]"] = str(failure)[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
