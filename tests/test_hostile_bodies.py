"""Bodies built to break the parser get a 4xx in the route's own error shape, never a 5xx:
nesting deeper than any request needs is a 400, a lone surrogate (escaped, or as raw bytes) in a
value or a field name is refused once at the edge, naming the field."""

from __future__ import annotations

import pytest
import requests
from flask.testing import FlaskClient

from service import create_app

from .conftest import CheckedClient
from .contract import Contract
from .fakes import fake_runtime

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture(scope="module")
def hostile(contract: Contract) -> CheckedClient:
    client: FlaskClient = create_app(runtime=fake_runtime("zh-en")).test_client()
    return CheckedClient(client, contract)


def post(client: CheckedClient, path: str, data: str | bytes) -> object:
    return client.post(path, data=data, content_type="application/json")


@pytest.mark.parametrize("depth", [33, 1_000, 100_000])
@pytest.mark.parametrize("path", ["/v1/summarize", "/v1/translate", "/translate", "/v2/translate"])
def test_nesting_deeper_than_32_levels_is_a_400(
    hostile: CheckedClient, path: str, depth: int
) -> None:
    response = hostile.post(path, data="[" * depth + "]" * depth, content_type="application/json")
    assert response.status_code == 400


def test_the_native_400_says_the_body_nests_too_deep(hostile: CheckedClient) -> None:
    response = post(hostile, "/v1/detect", '{"text": ' + "[" * 40 + "]" * 40 + "}")
    assert response.status_code == 400
    assert "nests deeper than 32 levels" in response.json["detail"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/summarize", '{"text": "Fine. \\udfff"}', "text"),
        ("/v1/detect", '{"text": "\\ud800"}', "text"),
        ("/v1/translate", '{"text": ["ok", "\\udfff"], "target": "en"}', "text[1]"),
        ("/v1/translate", '{"text": "ok", "targets": ["\\udfff"]}', "targets[0]"),
        ("/v1/articles", '{"text": "ok", "summary": {"method": "\\udfff"}}', "summary.method"),
        ("/v1/summarize", '{"te\\udfffxt": "a"}', "(a field name)"),
    ],
)
def test_a_lone_surrogate_is_a_422_naming_the_field(
    hostile: CheckedClient, path: str, body: str, field: str
) -> None:
    response = post(hostile, path, body)
    assert response.status_code == 422
    assert response.json["field"] == field
    assert "lone surrogate" in response.json["detail"]


def test_raw_bytes_of_a_surrogate_are_refused_like_the_escape(hostile: CheckedClient) -> None:
    response = post(hostile, "/v1/summarize", b'{"text": "Fine text. \xed\xa0\x80 More."}')
    assert response.status_code == 422
    assert response.json["field"] == "text"


def test_the_dialects_refuse_a_lone_surrogate_in_their_own_shape(hostile: CheckedClient) -> None:
    lt = post(hostile, "/translate", '{"q": "\\udfff", "source": "zh", "target": "en"}')
    assert (lt.status_code, "lone surrogate" in lt.json["error"]) == (400, True)
    deepl = post(hostile, "/v2/translate", '{"text": ["\\udfff"], "target_lang": "EN"}')
    assert (deepl.status_code, "lone surrogate" in deepl.json["message"]) == (400, True)


@pytest.mark.server
def test_real_gunicorn_answers_deep_nesting_and_surrogates_with_4xx(server: str) -> None:
    headers = {"Content-Type": "application/json"}
    deep = requests.post(
        f"{server}/v1/summarize", data=DEEP[:20_000] + DEEP[-20_000:], headers=headers, timeout=30
    )
    assert deep.status_code == 400
    raw = requests.post(
        f"{server}/v1/summarize", data=b'{"text": "\xed\xa0\x80"}', headers=headers, timeout=30
    )
    assert raw.status_code == 422
    assert raw.json()["field"] == "text"
