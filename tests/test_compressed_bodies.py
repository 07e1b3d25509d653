"""Request bodies sent with ``Content-Encoding: gzip`` (or ``deflate``) are served as if sent
plain, bounded by the body limit after decompression (a zip bomb is a 413, inflated no further
than the limit), a corrupt stream is a 400, an unknown encoding a 415 naming the allowed ones;
each dialect answers in its own shape. In process, and over a raw socket to real gunicorn."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
import zlib

import pytest
import requests
from flask.testing import FlaskClient

from service import create_app
from service.api.encoding import ALLOWED, inflate

from .conftest import CheckedClient
from .contract import Contract
from .fakes import fake_runtime
from .test_hostile_bodies import LIMIT, exchange

BODY = json.dumps({"text": "Fine text. More text follows here."}).encode()


@pytest.fixture(scope="module")
def compressed(contract: Contract) -> CheckedClient:
    app = create_app({"max_body_bytes": 10_000}, runtime=fake_runtime("zh-en"))
    client: FlaskClient = app.test_client()
    return CheckedClient(client, contract)


def post(client: CheckedClient, path: str, data: bytes, encoding: str, **kwargs: object) -> object:
    return client.post(
        path,
        data=data,
        content_type=kwargs.pop("content_type", "application/json"),
        headers={"Content-Encoding": encoding},
        **kwargs,
    )


def zeros_gzip(size: int) -> bytes:
    """A gzip stream of ``size`` zero bytes (about a thousandth of that, compressed)."""
    encoder = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = [encoder.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + encoder.flush()


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("gzip", gzip.compress(BODY)),
        ("x-gzip", gzip.compress(BODY)),
        ("deflate", zlib.compress(BODY)),
        ("GZip", gzip.compress(BODY)),
        ("identity", BODY),
    ],
)
def test_an_encoded_body_is_served_as_the_plain_one(
    compressed: CheckedClient, encoding: str, data: bytes
) -> None:
    response = post(compressed, "/v1/summarize", data, encoding)
    plain = compressed.post("/v1/summarize", data=BODY, content_type="application/json")
    assert response.status_code == 200
    assert response.json == plain.json


def test_a_gzip_body_of_several_members_is_read_whole(compressed: CheckedClient) -> None:
    half = len(BODY) // 2
    members = gzip.compress(BODY[:half]) + gzip.compress(BODY[half:])
    response = post(compressed, "/v1/summarize", members, "gzip")
    assert response.status_code == 200
    assert response.json["sentence_count"] == 2


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("gzip", gzip.compress(BODY) + b"trailing garbage"),
        ("deflate", zlib.compress(BODY) + zlib.compress(b" ")),
    ],
)
def test_bytes_after_the_compressed_body_are_a_400_not_dropped(
    compressed: CheckedClient, encoding: str, data: bytes
) -> None:
    assert post(compressed, "/v1/summarize", data, encoding).status_code == 400


def test_a_body_that_inflates_to_exactly_the_limit_is_served(compressed: CheckedClient) -> None:
    body = BODY[:-1] + b" " * (10_000 - len(BODY)) + b"}"
    assert post(compressed, "/v1/detect", gzip.compress(body), "gzip").status_code == 200


def test_a_body_that_inflates_one_byte_past_the_limit_is_a_413(compressed: CheckedClient) -> None:
    body = BODY[:-1] + b" " * (10_001 - len(BODY)) + b"}"
    response = post(compressed, "/v1/detect", gzip.compress(body), "gzip")
    assert response.status_code == 413
    assert "10000 bytes" in response.json["detail"]


def test_a_zip_bomb_is_a_413(compressed: CheckedClient) -> None:
    bomb = zeros_gzip(8 << 20)
    assert len(bomb) < 10_000  # within the limit as sent: only inflating finds it
    assert post(compressed, "/v1/summarize", bomb, "gzip").status_code == 413


def test_inflating_a_bomb_holds_no_more_than_the_limit_in_memory() -> None:
    bomb = zeros_gzip(256 << 20)
    tracemalloc.start()
    try:
        body = inflate(io.BytesIO(bomb), len(bomb), 16 + zlib.MAX_WBITS, 1000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(body) == 1000
    assert peak < 300_000  # a read block and zlib's window, not 256 MiB


@pytest.mark.parametrize(
    "data",
    [b"not gzip at all", gzip.compress(BODY)[:-12], gzip.compress(BODY)[:10] + b"\xff" * 20],
    ids=["garbage", "cut-short", "corrupt"],
)
def test_a_corrupt_or_truncated_gzip_body_is_a_400(compressed: CheckedClient, data: bytes) -> None:
    response = post(compressed, "/v1/summarize", data, "gzip")
    assert response.status_code == 400
    assert "Content-Encoding" in response.json["detail"]


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, gzip", "compress"])
def test_an_unknown_encoding_is_a_415_naming_the_allowed_ones(
    compressed: CheckedClient, encoding: str
) -> None:
    response = post(compressed, "/v1/translate", BODY, encoding)
    assert response.status_code == 415
    assert response.json["allowed"] == ALLOWED
    assert repr(encoding.lower()) in response.json["detail"]


def test_the_dialects_accept_a_gzipped_form_and_refuse_in_their_own_shape(
    compressed: CheckedClient,
) -> None:
    form = gzip.compress(b"q=%E4%BD%A0%E5%A5%BD&source=zh&target=en")
    lt = post(
        compressed, "/translate", form, "gzip", content_type="application/x-www-form-urlencoded"
    )
    assert lt.status_code == 200
    bad = post(compressed, "/translate", b"garbage", "gzip", content_type="application/json")
    assert (bad.status_code, "error" in bad.json) == (400, True)
    deepl = post(compressed, "/v2/translate", BODY, "br")
    assert (deepl.status_code, "message" in deepl.json) == (415, True)


# --- real gunicorn (the session server's body limit: 50,000) ---------------------------------


def head(encoding: str, length: int | None, path: str = "/v1/summarize") -> bytes:
    framing = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    return (
        f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        f"Content-Encoding: {encoding}\r\n{framing}\r\nConnection: close\r\n\r\n"
    ).encode()


@pytest.mark.server
def test_real_gunicorn_serves_a_gzipped_article(server: str) -> None:
    text = " ".join(f"Sentence number {i} tells a little more." for i in range(1500))
    body = json.dumps({"text": text, "sentences": 2}).encode()
    assert len(body) > LIMIT  # too large as sent plain, well within it gzipped
    response = requests.post(
        f"{server}/v1/summarize",
        data=gzip.compress(body),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        timeout=60,
    )
    assert response.status_code == 413  # the limit holds after decompression
    small = json.dumps({"text": text[:40_000], "sentences": 2}).encode()
    response = requests.post(
        f"{server}/v1/summarize",
        data=gzip.compress(small),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        timeout=60,
    )
    assert response.status_code == 200
    assert response.json()["sentence_count"] > 100


@pytest.mark.server
def test_real_gunicorn_answers_a_zip_bomb_with_a_413(server: str) -> None:
    bomb = zeros_gzip(40 << 20)
    status, body = exchange(server, head("gzip", len(bomb)), bomb)
    assert status == 413
    assert json.loads(body)["status"] == 413


@pytest.mark.server
def test_real_gunicorn_inflates_a_chunked_gzip_body(server: str) -> None:
    data = gzip.compress(BODY)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(data), data)
    status, _ = exchange(server, head("gzip", None), chunked)
    assert status == 200


@pytest.mark.server
@pytest.mark.parametrize(("encoding", "status"), [("gzip", 400), ("br", 415)])
def test_real_gunicorn_refuses_corrupt_and_unknown_encodings(
    server: str, encoding: str, status: int
) -> None:
    data = b"definitely not compressed"
    answered, body = exchange(server, head(encoding, len(data)), data)
    assert answered == status
    assert json.loads(body)["status"] == status
