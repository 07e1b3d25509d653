"""Shared fixtures: one app per session (loading language data takes about a second), a client
that checks every response against ``openapi.yaml``, and the sample texts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from testkit.packages import find_zhen_package, install_tiny
from testkit.servers import gunicorn

from .contract import Contract

DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def contract() -> Contract:
    return Contract()


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """A real gunicorn (two workers) on a free loopback port, for the whole session."""
    with gunicorn({"PRECIS_WORKERS": "2", "PRECIS_MAX_BODY_BYTES": "50000"}) as base:
        yield base


@pytest.fixture(scope="session")
def app() -> Flask:
    return create_app({"max_text_chars": 20_000, "max_body_bytes": 100_000})


class CheckedClient:
    """A Flask test client whose every response is checked against the spec."""

    def __init__(self, client: FlaskClient, contract: Contract) -> None:
        self._client = client
        self._contract = contract

    def open(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._client.open(path, method=method, **kwargs)
        body = response.get_json(silent=True) if response.is_json else None
        self._contract.check_response(method, path, response.status_code, response.mimetype, body)
        return response

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.open("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.open("POST", path, **kwargs)


@pytest.fixture
def client(app: Flask, contract: Contract) -> Iterator[CheckedClient]:
    return CheckedClient(app.test_client(), contract)


def article(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_news() -> str:
    path = SHARED / "eval" / "sample" / "news-en.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/ exists only on the team's machines)")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def zhen_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real zh→en package folder (skips, saying where it looked, when there is none)."""
    found = find_zhen_package(tmp_path_factory.mktemp("zhen"))
    if isinstance(found, str):
        pytest.skip(found)
    return found


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder of tiny random uk→en, en→zh and zh→en packages (their output is noise):
    direct pairs, and uk→zh through English, at the speed of a test."""
    models = tmp_path_factory.mktemp("tiny") / "models"
    for source, target in [("uk", "en"), ("en", "zh"), ("zh", "en")]:
        install_tiny(models, source, target)
    return models
