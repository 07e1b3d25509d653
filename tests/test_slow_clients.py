"""Slow clients cannot take the service down, and a stopping server finishes what it has
(issue 11): over real HTTP to real gunicorn, with the configuration ``scripts/start`` and the
image use (``gunicorn.conf.py``)."""

from __future__ import annotations

import json
import os
import runpy
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from testkit.servers import ROOT, gunicorn, gunicorn_process
from testkit.slow_clients import address, probe, slowloris
from testkit.texts import long_chinese_text

from .contract import Contract

pytestmark = pytest.mark.server

PROBES = 20
CLIENT_TIMEOUT = 3


@pytest.fixture(scope="module")
def impatient() -> Iterator[str]:
    """A server giving clients CLIENT_TIMEOUT seconds to send a request."""
    with gunicorn({"PRECIS_CLIENT_TIMEOUT": str(CLIENT_TIMEOUT)}) as base:
        yield base


def test_64_slowloris_sockets_leave_answers_within_a_second() -> None:
    with (
        gunicorn({"PRECIS_CLIENT_TIMEOUT": "60"}) as base,
        slowloris(base, 64, interval=0.5) as attack,
    ):
        time.sleep(6)  # past gthread's 5 s wait for a first byte: threads would be taken now
        durations = [probe(base, timeout=1) for _ in range(PROBES) if not time.sleep(0.2)]
        assert len(durations) == PROBES
        assert max(durations) < 1
        still_open = 0
        for sock in attack.sockets:
            sock.setblocking(False)
            try:
                still_open += sock.recv(1) == b""  # closed: would read the end
            except BlockingIOError:
                still_open += 1
        assert still_open == 64  # every slow socket was still being read


def read_all(sock: socket.socket) -> bytes:
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
    return answer


def test_a_stalled_request_is_answered_408_and_closed_after_the_client_timeout(
    impatient: str, contract: Contract
) -> None:
    with (
        socket.create_connection(address(impatient), timeout=10) as stalled,
        socket.create_connection(address(impatient), timeout=10) as silent,
    ):
        start = time.monotonic()
        stalled.sendall(b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{")
        answer = read_all(stalled)
        waited = time.monotonic() - start
        assert silent.recv(100) == b""  # nothing sent: closed without an answer
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 ")
    assert b"Content-Type: application/problem+json" in head
    problem = json.loads(body)
    contract._validate({"$ref": "#/components/schemas/Problem"}, problem)
    assert problem["status"] == 408
    assert CLIENT_TIMEOUT <= waited < CLIENT_TIMEOUT + 3


def test_a_slow_but_timely_chunked_request_is_served(impatient: str) -> None:
    body = b'{"text": "The city opened a new line. It is long. Riders were many."}'
    framing = b"".join(
        b"%x\r\n%s\r\n" % (len(body[i : i + 4]), body[i : i + 4]) for i in range(0, len(body), 4)
    )
    request = (
        b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + framing + b"0\r\n\r\n"
    )
    with socket.create_connection(address(impatient), timeout=30) as sock:
        for index in range(0, len(request), 16):
            sock.sendall(request[index : index + 16])
            time.sleep(0.05)
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["method"]


def test_a_client_expecting_100_continue_gets_it_once_before_sending_its_body(
    impatient: str,
) -> None:
    body = b'{"text": "The city opened a new line. It is long. Riders were many."}'
    head = (
        b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Expect: 100-continue\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body)
    )
    with socket.create_connection(address(impatient), timeout=CLIENT_TIMEOUT - 1) as sock:
        sock.sendall(head)
        assert sock.recv(65536) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 200 ")


def test_a_keep_alive_connection_gets_the_same_bound_for_its_next_request(impatient: str) -> None:
    with socket.create_connection(address(impatient), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHo")
        answer = read_all(sock)
    assert answer.count(b"HTTP/1.1 200 OK") == 1
    assert b"HTTP/1.1 408 Request Timeout" in answer


def read_response(sock: socket.socket) -> tuple[bytes, bytes]:
    """One response (head, body) from a kept-alive connection, by its Content-Length."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"the connection closed after {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += sock.recv(65536)
    return head, body


def has_zh_en(base: str) -> bool:
    pairs = requests.get(f"{base}/v1/languages", timeout=30).json()["pairs"]
    return any(p["source"] == "zh" and p["target"] == "en" for p in pairs)


def test_sigterm_finishes_a_long_translation_while_refusing_new_connections(
    tmp_path: Path,
) -> None:
    env = {"PRECIS_WORKERS": "2", "PRECIS_THREADS": "2", "PRECIS_CACHE_ENTRIES": "0"}
    with gunicorn_process(env, tmp_path / "gunicorn.log") as (base, process):
        if not has_zh_en(base):
            pytest.skip("zh-en is not installed in the default models folder")
        answers: list[requests.Response] = []
        translating = threading.Thread(
            target=lambda: answers.append(
                requests.post(
                    f"{base}/v1/translate",
                    json={"text": long_chinese_text(60), "source": "zh", "target": "en"},
                    timeout=120,
                )
            )
        )
        translating.start()
        time.sleep(1.5)  # the translation is under way
        # a kept-alive connection (idle for less than gunicorn's 2 s keep-alive) on a worker
        kept = socket.create_connection(address(base), timeout=30)
        kept.sendall(b"GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response(kept)[0].startswith(b"HTTP/1.1 200 ")
        process.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        kept.sendall(b"GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
        readiness, reason = read_response(kept)
        refused = False
        for _ in range(20):
            try:
                socket.create_connection(address(base), timeout=2).close()
            except ConnectionRefusedError:
                refused = True
                break
            time.sleep(0.1)
        assert translating.is_alive(), "the translation was too short to test a drain"
        translating.join(timeout=120)
        assert len(answers) == 1
        assert answers[0].status_code == 200, answers[0].text
        assert "subway" in answers[0].text.lower() or "metro" in answers[0].text.lower()
        assert refused
        assert readiness.startswith(b"HTTP/1.1 503 ")
        assert b"application/problem+json" in readiness
        assert json.loads(reason)["detail"] == "The service is shutting down."
        kept.close()
        assert process.wait(timeout=30) == 0


def test_the_drain_lasts_the_request_time_budget_plus_a_margin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRECIS_REQUEST_TIMEOUT", "100")
    # reading the configuration sets PROMETHEUS_MULTIPROC_DIR (and OPENBLAS_NUM_THREADS), as
    # gunicorn's master does: set through monkeypatch first, so this process gets them back
    # as they were (else its later apps would count their metrics in multiprocess mode)
    for variable in ("PROMETHEUS_MULTIPROC_DIR", "OPENBLAS_NUM_THREADS"):
        monkeypatch.setenv(variable, os.environ.get(variable, ""))
        monkeypatch.delenv(variable)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config["on_exit"](None)  # the metrics folder it made
    assert config["graceful_timeout"] == 100 + config["DRAIN_MARGIN_SECONDS"]
