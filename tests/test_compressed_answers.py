"""Answers larger than ``PRECIS_GZIP_MIN_BYTES`` are gzipped for clients that accept gzip (and
say ``Vary: Accept-Encoding``); small answers, clients that do not accept it, files and HEAD are
left alone; the inflated answer is the one the spec describes."""

from __future__ import annotations

import gzip
import json

import pytest
import requests
from flask.testing import FlaskClient

from service import create_app

from .contract import Contract
from .fakes import fake_runtime

LONG = " ".join(f"Sentence number {i} says a little more." for i in range(200))


@pytest.fixture(scope="module")
def plain_client() -> FlaskClient:
    return create_app(runtime=fake_runtime("zh-en")).test_client()


def summarize(client: FlaskClient, accept: str | None, text: str = LONG) -> object:
    headers = {"Accept-Encoding": accept} if accept is not None else {}
    return client.post("/v1/summarize", json={"text": text, "sentences": 50}, headers=headers)


@pytest.mark.parametrize("accept", ["gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.5", "*"])
def test_a_large_answer_is_gzipped_for_a_client_that_accepts_it(
    plain_client: FlaskClient, contract: Contract, accept: str
) -> None:
    answer = summarize(plain_client, accept)
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in answer.headers["Vary"]
    assert int(answer.headers["Content-Length"]) == len(answer.data)
    inflated = gzip.decompress(answer.data)
    assert len(inflated) > 4 * len(answer.data)
    assert inflated == summarize(plain_client, None).data
    body = json.loads(inflated)
    contract.check_response("POST", "/v1/summarize", 200, answer.mimetype, body)


@pytest.mark.parametrize("accept", [None, "identity", "gzip;q=0", "br"])
def test_a_client_that_does_not_accept_gzip_gets_the_plain_answer(
    plain_client: FlaskClient, accept: str | None
) -> None:
    answer = summarize(plain_client, accept)
    assert "Content-Encoding" not in answer.headers
    assert "Accept-Encoding" in answer.headers["Vary"]  # a cache must not serve it to others
    assert answer.json["summary"]


def test_a_small_answer_is_not_compressed(plain_client: FlaskClient) -> None:
    answer = plain_client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in answer.headers
    assert "Vary" not in answer.headers


def test_files_and_head_requests_are_left_alone(plain_client: FlaskClient) -> None:
    asset = plain_client.get("/docs/swagger-ui.css", headers={"Accept-Encoding": "gzip"})
    assert asset.status_code == 200
    assert "Content-Encoding" not in asset.headers
    asset.close()
    head = plain_client.head("/openapi.yaml", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in head.headers


def test_a_threshold_of_0_turns_compression_off() -> None:
    client = create_app({"gzip_min_bytes": 0}, runtime=fake_runtime("zh-en")).test_client()
    assert "Content-Encoding" not in summarize(client, "gzip").headers


@pytest.mark.server
def test_real_gunicorn_gzips_a_large_answer(server: str) -> None:
    answer = requests.post(
        f"{server}/v1/summarize", json={"text": LONG, "sentences": 50}, timeout=60
    )  # requests asks for gzip and inflates it
    assert answer.status_code == 200
    assert answer.headers["Content-Encoding"] == "gzip"
    assert len(answer.json()["sentences"]) == 50
    raw = requests.post(
        f"{server}/v1/summarize",
        json={"text": LONG, "sentences": 50},
        headers={"Accept-Encoding": "identity"},
        timeout=60,
    )
    assert "Content-Encoding" not in raw.headers
    assert raw.json() == answer.json()
