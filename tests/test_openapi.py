"""The OpenAPI description (/openapi.json), checked by schemathesis against the live server.

Every operation gets a few generated requests (parameters, headers, bodies drawn from the
description); each response must be documented (status, content type, JSON schema), never
a 5xx other than the documented 503, and never carry a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
import schemathesis
import yaml
from conftest import Server
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from gskg.web import pages

SPEC = yaml.safe_load((Path(pages.__file__).parent / "openapi.yaml").read_text())
# Not run: "schema-valid data must be accepted".  A SPARQL query and an Accept header are
# free text whose validity no JSON schema can express (a random string is a 400 or 406).
LENIENT = [positive_data_acceptance]
OPERATIONS = [(m.upper(), path) for path, ops in SPEC["paths"].items() for m in ops]


@pytest.fixture(scope="module")
def api(live_server: Server):
    """The server's own description, loaded from /openapi.json."""
    return schemathesis.openapi.from_url(live_server.url + "/openapi.json")


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_openapi_conformance(api, live_server: Server, method: str, path: str) -> None:
    """Generated requests: documented answers only, no server error, no traceback."""
    operation = api[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def run(case) -> None:
        resp = case.call_and_validate(base_url=live_server.url, timeout=30,
                                      excluded_checks=LENIENT)  # fmt: skip
        assert "Traceback" not in resp.text

    run()


def test_every_route_is_described(live_server: Server) -> None:
    """Each route of the app appears in the description (and nothing else)."""
    described = set(requests.get(live_server.url + "/openapi.json", timeout=10).json()["paths"])
    rules = {
        str(r).replace("<any('ontology.ttl', 'void.ttl'):filename>", "{filename}")
        for r in _app_rules()
    }
    rules = {r.replace("<", "{").replace(">", "}").replace("{filename}", "x") for r in rules}
    rules = {r for r in rules if not r.startswith("/static") and r != "/x"}
    assert rules <= described, rules - described
    assert {"/ontology.ttl", "/void.ttl"} <= described


def _app_rules() -> list:
    from flask import Flask

    app = Flask(__name__)
    app.register_blueprint(pages.bp)
    from gskg.web import sparql

    app.register_blueprint(sparql.bp)
    return list(app.url_map.iter_rules())
