"""/openapi.json describes exactly the API's routes and methods, and real responses match its schemas."""

from __future__ import annotations

import re

import jsonschema
import pytest

from tests.support.service_helpers import COLLABORATION, NOTE, add_user


def _served(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:\w+:)?\w+>", "{id}", rule.rule)
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return routes


def test_every_api_route_is_documented_and_nothing_else(app, client):
    spec = client.get("/openapi.json").get_json()
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert _served(app) == documented
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_list_routes_document_paging(client):
    spec = client.get("/openapi.json").get_json()
    for path in ("/api/v1/contacts", "/api/v1/drafts"):
        names = {p["name"] for p in spec["paths"][path]["get"]["parameters"]}
        assert {"limit", "offset"} <= names


def test_refs_resolve(client):
    spec = client.get("/openapi.json").get_json()
    refs = set(re.findall(r'"\$ref": ?"#/components/schemas/(\w+)"', client.get("/openapi.json").get_data(True)))
    assert refs and refs <= set(spec["components"]["schemas"])


def _validator(spec, name):
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("schema_name", ["Contact", "Error"])
def test_responses_match_the_documented_schemas(app, client, schema_name):
    spec = client.get("/openapi.json").get_json()
    headers = add_user(app, "o@example.com")
    if schema_name == "Contact":
        body = client.post("/api/v1/contacts", headers=headers, json={
            "fields": {"name": "Ana", "emails": ["a@example.org"], "phones": ["+34 612 345 678"],
                       "address": "Calle Mayor 1, Madrid"},
            "note": NOTE, "collaboration": COLLABORATION}).get_json()
    else:
        body = client.post("/api/v1/contacts", headers=headers, json={"fields": {"name": "A"}}).get_json()
    _validator(spec, schema_name).validate(body)


def test_request_schema_accepts_what_the_api_accepts(client):
    spec = client.get("/openapi.json").get_json()
    _validator(spec, "ContactInput").validate({"fields": {"name": "Ana", "emails": ["a@b.org"],
                                                          "phones": [{"value": "+34612345678"}]},
                                               "note": NOTE, "collaboration": COLLABORATION})
    with pytest.raises(jsonschema.ValidationError):
        _validator(spec, "ContactInput").validate({"fields": {"nickname": "A"}, "note": NOTE,
                                                   "collaboration": COLLABORATION})
