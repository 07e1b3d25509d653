"""CORS: off by default; with ``PRECIS_CORS_ORIGINS``, only listed origins are echoed (or ``*``),
preflights to a route are a 204 with its methods, the headers the API reads and a max age,
every answer varies by Origin, and error answers carry the headers too."""

from __future__ import annotations

import pytest
import requests
from flask.testing import FlaskClient

from service import create_app
from service.api.cors import CorsPolicy
from service.config import Settings
from testkit.servers import gunicorn

from .fakes import fake_runtime

CMS = "https://cms.example.org"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type",
}


def app_client(origins: str) -> FlaskClient:
    return create_app({"cors_origins": origins}, runtime=fake_runtime("zh-en")).test_client()


@pytest.fixture(scope="module")
def cors() -> FlaskClient:
    return app_client(f"{CMS}, https://other.example:8443/")


def test_without_origins_configured_no_answer_carries_cors_headers() -> None:
    client = app_client("")
    answer = client.post("/v1/detect", json={"text": "Hello there."}, headers={"Origin": CMS})
    assert answer.status_code == 200
    assert not any(h.startswith("Access-Control-") for h, _ in answer.headers.items())
    preflight = client.options("/v1/detect", headers={"Origin": CMS, **PREFLIGHT})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Origin" not in preflight.headers.get("Vary", "")


def test_a_listed_origin_is_echoed_and_the_answer_varies_by_origin(cors: FlaskClient) -> None:
    answer = cors.post("/v1/detect", json={"text": "Hello there."}, headers={"Origin": CMS})
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == CMS
    assert "Origin" in answer.headers["Vary"]
    assert "Retry-After" in answer.headers["Access-Control-Expose-Headers"]


def test_origins_match_without_case_or_trailing_slash(cors: FlaskClient) -> None:
    answer = cors.get("/healthz", headers={"Origin": "HTTPS://other.example:8443"})
    assert answer.headers["Access-Control-Allow-Origin"] == "HTTPS://other.example:8443"


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "http://cms.example.org", "https://cms.example.org:444"]
)
def test_an_origin_not_listed_gets_no_allow_origin(cors: FlaskClient, origin: str) -> None:
    answer = cors.post("/v1/detect", json={"text": "Hello there."}, headers={"Origin": origin})
    assert answer.status_code == 200
    assert "Access-Control-Allow-Origin" not in answer.headers
    assert "Origin" in answer.headers["Vary"]
    preflight = cors.options("/v1/detect", headers={"Origin": origin, **PREFLIGHT})
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_a_preflight_is_a_204_with_the_routes_methods_headers_and_max_age(
    cors: FlaskClient,
) -> None:
    answer = cors.options("/v1/summarize", headers={"Origin": CMS, **PREFLIGHT})
    assert answer.status_code == 204
    assert answer.data == b""
    assert answer.headers["Access-Control-Allow-Origin"] == CMS
    assert answer.headers["Access-Control-Allow-Methods"] == "POST"
    allowed = {h.strip().lower() for h in answer.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"content-type", "x-api-key", "authorization", "content-encoding"} <= allowed
    assert answer.headers["Access-Control-Max-Age"] == "600"
    languages = cors.options("/v2/languages", headers={"Origin": CMS, **PREFLIGHT})
    assert languages.headers["Access-Control-Allow-Methods"] == "GET, POST"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("POST", "/v1/summarize", 422), ("GET", "/nowhere", 404), ("GET", "/v1/summarize", 405)],
)
def test_error_answers_carry_the_cors_headers_too(
    cors: FlaskClient, method: str, path: str, status: int
) -> None:
    answer = cors.open(path, method=method, json={"text": "x"}, headers={"Origin": CMS})
    assert answer.status_code == status
    assert answer.mimetype == "application/problem+json"
    assert answer.headers["Access-Control-Allow-Origin"] == CMS


def test_any_origin_is_answered_with_a_star() -> None:
    answer = app_client("*").get("/healthz", headers={"Origin": "https://anyone.example"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_a_blank_list_is_no_policy() -> None:
    assert CorsPolicy.parse(" , ", 600) is None


@pytest.mark.server
def test_real_gunicorn_answers_a_browsers_preflight_and_call() -> None:
    with gunicorn({"PRECIS_WORKERS": "1", "PRECIS_CORS_ORIGINS": CMS}) as base:
        preflight = requests.options(
            f"{base}/v1/detect", headers={"Origin": CMS, **PREFLIGHT}, timeout=30
        )
        assert preflight.status_code == 204
        assert preflight.headers["Access-Control-Allow-Origin"] == CMS
        error = requests.post(f"{base}/v1/detect", json={}, headers={"Origin": CMS}, timeout=30)
        assert error.status_code == 422
        assert error.headers["Access-Control-Allow-Origin"] == CMS
        other = requests.post(
            f"{base}/v1/detect", json={"text": "Hi there."}, headers={"Origin": "https://x.example"}
        )
        assert other.status_code == 200
        assert "Access-Control-Allow-Origin" not in other.headers


@pytest.mark.parametrize("value", ["cms.example.org", "https://cms.example.org/editor"])
def test_an_entry_that_is_not_an_origin_stops_the_service_naming_the_variable(value: str) -> None:
    with pytest.raises(ValueError, match=r"PRECIS_CORS_ORIGINS=.*is not an origin"):
        Settings.from_env({"PRECIS_CORS_ORIGINS": f"https://ok.example, {value}"})
