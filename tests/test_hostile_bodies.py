"""Bodies built to break the parser get a 4xx in the route's own error shape, never a 5xx:
nesting deeper than any request needs is a 400, a lone surrogate (escaped, or as raw bytes) in a
value or a field name is refused once at the edge, naming the field, and the body limit holds
to the byte for chunked bodies too, whose broken framing is a 400."""

from __future__ import annotations

import json
import socket

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


# --- framing, over a raw socket to real gunicorn (the session server's body limit: 50,000) ----

LIMIT = 50_000


def exchange(server: str, head: bytes, body: bytes) -> tuple[int, bytes]:
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(head + body)
        sock.shutdown(socket.SHUT_WR)  # a body cut short ends here, not at a timeout
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


def chunked(body: bytes, size: int = 4096) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def head(path: str = "/v1/summarize") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    ).encode()


def text_body(size: int) -> bytes:
    """A JSON body of exactly ``size`` bytes."""
    frame = b'{"text": "Fine text. More text."}'
    return frame[:-1] + b" " * (size - len(frame)) + b"}"


@pytest.mark.server
def test_a_chunked_body_within_the_limit_is_served(server: str) -> None:
    status, _ = exchange(server, head(), chunked(text_body(LIMIT)))
    assert status == 200


@pytest.mark.server
def test_a_chunked_body_one_byte_over_the_limit_is_a_413(server: str) -> None:
    status, body = exchange(server, head(), chunked(text_body(LIMIT + 1)))
    assert status == 413
    assert json.loads(body)["status"] == 413


@pytest.mark.server
def test_valid_json_followed_by_bytes_past_the_limit_is_a_413_not_a_cut(server: str) -> None:
    body = b'{"text": "Fine text. More text."}' + b" " * LIMIT + b"garbage"
    status, _ = exchange(server, head(), chunked(body))
    assert status == 413


@pytest.mark.server
@pytest.mark.parametrize("framing", [b"zz\r\nabc\r\n0\r\n\r\n", b"5\r\nabc", b"3\r\nabcXY"])
def test_broken_chunk_framing_is_a_400_naming_it(server: str, framing: bytes) -> None:
    status, body = exchange(server, head(), framing)
    assert status == 400
    assert "chunked request body is malformed" in json.loads(body)["detail"]


@pytest.mark.server
def test_a_dialect_answers_an_oversized_chunked_body_in_its_own_shape(server: str) -> None:
    status, body = exchange(server, head("/translate"), chunked(b"q=" + b"a" * (LIMIT + 10)))
    assert status == 413
    assert "error" in json.loads(body)
