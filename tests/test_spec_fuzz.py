"""No request to any route of the spec gets a 5xx: hypothesis sends each operation of
``openapi.yaml`` requests generated from its schemas (by schemathesis, valid and invalid), mixed
with hostile strings, raw JSON values, invalid UTF-8 and wrong content types
(``tests/spec_requests.py``), through the Flask test client with the real zh→en model. Every
answer is below 500 and is one the spec describes for the route (a problem on the native
routes, the dialect's own error shape on LibreTranslate's and DeepL's), which the checked client
asserts. Over real HTTP and raw sockets, ``bench/hostile_bench.py`` sends a fixed matrix."""

from __future__ import annotations

import os

import pytest
from flask import Flask
from hypothesis import HealthCheck, event, given, settings

from service import create_app

from .conftest import CheckedClient
from .contract import Contract
from .spec_requests import Sent, request_strategy

OPERATIONS = sorted(Contract().operations(), key=lambda op: (op[1], op[0]))
#: per operation (about 20 s for all of them on an idle machine); PRECIS_FUZZ_EXAMPLES=1000 for
#: a longer hunt, with a new random seed on each run
EXAMPLES = int(os.environ.get("PRECIS_FUZZ_EXAMPLES", "30"))


@pytest.fixture(scope="module")
def fuzz_app() -> Flask:
    """The real zh→en model; limits small enough that a long hostile text is a quick 413."""
    return create_app({"max_text_chars": 20_000, "max_body_bytes": 100_000})


def test_every_operation_of_the_spec_has_a_request_strategy(contract: Contract) -> None:
    assert len(OPERATIONS) >= 19
    for method, path in OPERATIONS:
        request_strategy(contract, method, path)  # NoStrategy names what it cannot build


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_hostile_requests_get_a_spec_answer_below_500(
    fuzz_app: Flask, contract: Contract, method: str, path: str
) -> None:
    client = CheckedClient(fuzz_app.test_client(), contract)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(sent=request_strategy(contract, method, path))
    def answer_below_500(sent: Sent) -> None:
        event(sent.mutation)
        response = client.open(
            sent.method,
            sent.path,
            query_string=sent.query,
            data=sent.body,
            headers=sent.headers,
        )
        body = response.get_data()
        response.close()  # a file sent from disk (/docs/{asset}) is open until closed
        assert response.status_code < 500, body[:500]

    answer_below_500()
