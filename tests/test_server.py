"""The service under real gunicorn, over real HTTP on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from .conftest import article
from .contract import Contract

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_ready(base: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            if requests.get(f"{base}/readyz", timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{base}/readyz not ready after {seconds}s")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PRECIS_BIND": f"127.0.0.1:{port}", "PRECIS_WORKERS": "2",
           "PRECIS_MAX_BODY_BYTES": "50000"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def checked(contract: Contract, method: str, base: str, path: str,
            **kwargs: object) -> requests.Response:
    response = requests.request(method, base + path, timeout=30, **kwargs)  # type: ignore[arg-type]
    content_type = response.headers.get("Content-Type", "").split(";")[0]
    body = response.json() if "json" in content_type else None
    contract.check_response(method, path, response.status_code, content_type, body)
    return response


def test_gunicorn_serves_a_summary_over_http(server: str, contract: Contract) -> None:
    response = checked(contract, "POST", server, "/v1/summarize",
                       json={"text": article("article-ru.txt"), "sentences": 3})
    assert response.status_code == 200
    assert response.json()["language"]["code"] == "ru"
    assert len(response.json()["sentences"]) == 3


def test_gunicorn_answers_oversized_body_with_413_problem(server: str,
                                                           contract: Contract) -> None:
    response = checked(contract, "POST", server, "/v1/summarize",
                       data=b'{"text": "' + b"a" * 100_000 + b'"}',
                       headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_gunicorn_answers_unknown_path_and_wrong_media_type(server: str,
                                                            contract: Contract) -> None:
    assert checked(contract, "GET", server, "/nope").status_code == 404
    assert checked(contract, "POST", server, "/v1/detect", data="hello",
                   headers={"Content-Type": "text/plain"}).status_code == 415


def test_gunicorn_keeps_utf8_text_intact(server: str, contract: Contract) -> None:
    text = article("article-zh.txt")
    body = checked(contract, "POST", server, "/v1/summarize",
                   json={"text": text, "sentences": 1}).json()
    assert body["sentences"][0]["text"] in text
