"""Overload and time budget against real gunicorn over HTTP, with the real zh→en model: with the
heavy lane full a summary is still answered and a translation refused at once (503 problem,
``Retry-After``); a translation over ``PRECIS_REQUEST_TIMEOUT`` is stopped between CTranslate2
calls and answered 503 naming the budget, and its worker goes on serving. Skips without the
zh→en package. The lanes themselves: ``test_admission.py``."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask

from service import create_app
from service.runtime import EXTENSION_KEY, Runtime
from service.text.splitter import split_sentences
from testkit.servers import gunicorn

from .conftest import DATA, CheckedClient
from .contract import Contract

pytestmark = pytest.mark.server

PROBLEM = "application/problem+json"
SUMMARY = "The first sentence is here. The second one follows. A third ends it."


def big_texts(copies: int = 12) -> list[str]:
    """``copies`` versions of the Chinese test article, every sentence distinct (7 x
    ``copies`` sentences, about 18 source tokens each: 12 copies are two CTranslate2 calls)."""
    article = (DATA / "article-zh.txt").read_text(encoding="utf-8")
    sentences = [s.text for s in split_sentences(article, "zh")]
    return ["".join(f"第{i}篇：{s}" for s in sentences) for i in range(copies)]


def has_zh_en(base: str) -> bool:
    pairs = requests.get(f"{base}/v1/languages", timeout=30).json()["pairs"]
    return any(p["source"] == "zh" and p["target"] == "en" for p in pairs)


@pytest.fixture(scope="module")
def one_slot_server() -> Iterator[str]:
    """One worker, one translation at a time, no queue; every sentence computed."""
    env = {
        "PRECIS_WORKERS": "1",
        "PRECIS_QUEUE_HEAVY": "1",
        "PRECIS_QUEUE_HEAVY_WAITING": "0",
        "PRECIS_CACHE_ENTRIES": "0",
    }
    with gunicorn(env) as base:
        if not has_zh_en(base):
            pytest.skip("zh-en is not installed in the default models folder")
        yield base


def test_with_the_heavy_lane_full_a_summary_is_answered_and_a_translation_refused_at_once(
    one_slot_server: str, contract: Contract
) -> None:
    base = one_slot_server
    answers: list[requests.Response] = []
    long_one = threading.Thread(
        target=lambda: answers.append(
            requests.post(
                f"{base}/v1/translate",
                json={"text": big_texts(), "source": "zh", "target": "en"},
                timeout=300,
            )
        )
    )
    long_one.start()
    time.sleep(1.5)  # it takes the one slot (and holds it for seconds: 84 sentences)
    started = time.monotonic()
    refused = requests.post(
        f"{base}/v1/translate", json={"text": "你好。", "target": "en"}, timeout=60
    )
    elapsed = time.monotonic() - started
    summary = requests.post(f"{base}/v1/summarize", json={"text": SUMMARY}, timeout=60)
    health = requests.get(f"{base}/healthz", timeout=60)
    assert long_one.is_alive(), "the long translation ended before the checks: make it longer"
    long_one.join(300)

    assert refused.status_code == 503, refused.text
    assert refused.headers["Content-Type"] == PROBLEM
    assert refused.json()["type"] == "urn:precis:problem:overloaded"
    assert int(refused.headers["Retry-After"]) >= 1
    assert elapsed < 2, f"refused after {elapsed:.1f} s, not at once"
    contract.check_response("POST", "/v1/translate", 503, PROBLEM, refused.json())
    assert summary.status_code == 200
    assert summary.json()["sentences"]
    assert health.status_code == 200
    assert [a.status_code for a in answers] == [200]


def worker_pid(log: Path) -> int:
    found = re.findall(r"Booting worker with pid: (\d+)", log.read_text())
    assert len(found) == 1, found
    return int(found[0])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads (CTranslate2's included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime, stime in clock ticks (USER_HZ)


def test_a_translation_over_its_budget_is_stopped_and_answered_503_naming_it(
    tmp_path: Path, contract: Contract
) -> None:
    env = {"PRECIS_WORKERS": "1", "PRECIS_REQUEST_TIMEOUT": "1", "PRECIS_CACHE_ENTRIES": "0"}
    log = tmp_path / "gunicorn.log"
    with gunicorn(env, log) as base:
        if not has_zh_en(base):
            pytest.skip("zh-en is not installed in the default models folder")
        response = requests.post(
            f"{base}/v1/translate",
            json={"text": big_texts(), "source": "zh", "target": "en"},
            timeout=300,
        )
        pid = worker_pid(log)
        before = cpu_seconds(pid)
        time.sleep(1.5)
        busy = cpu_seconds(pid) - before
        after = requests.post(
            f"{base}/v1/translate", json={"text": "你好。", "target": "en"}, timeout=60
        )

    assert response.status_code == 503, response.text
    assert response.headers["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["type"] == "urn:precis:problem:time-budget-exceeded"
    assert "PRECIS_REQUEST_TIMEOUT=1" in problem["detail"]
    assert int(response.headers["Retry-After"]) >= 1
    contract.check_response("POST", "/v1/translate", 503, PROBLEM, problem)
    # nothing decodes on for the answered request: the worker idles (a decoding worker burns
    # a core or two a second)
    assert busy < 0.5, f"the worker used {busy:.2f} s of CPU in 1.5 s after answering"
    assert after.status_code == 200
    assert after.json()["translations"][0]["text"]


@pytest.fixture(scope="module")
def budget_app(app: Flask) -> Flask:
    """The session app's runtime (real models) with a budget of 1 s and no cache."""
    loaded: Runtime = app.extensions[EXTENSION_KEY]
    if ("zh", "en") not in loaded.engine.models:
        pytest.skip("zh-en is not installed in the default models folder")
    return create_app({"request_timeout": 1}, runtime=loaded)


def test_the_model_stops_translating_a_request_once_its_budget_is_spent(
    budget_app: Flask, contract: Contract
) -> None:
    client = CheckedClient(budget_app.test_client(), contract)
    engine = budget_app.extensions[EXTENSION_KEY].engine
    model = engine.models[("zh", "en")]
    texts = big_texts()
    wanted = sum(len(split_sentences(text, "zh")) for text in texts)
    cache: Any = engine.cache
    engine.cache = None  # every sentence goes to the model
    try:
        before = model.sentences_translated
        response = client.post(
            "/v1/translate", json={"text": texts, "source": "zh", "target": "en"}
        )
        sent = model.sentences_translated - before
    finally:
        engine.cache = cache
    assert response.status_code == 503
    assert response.get_json()["type"] == "urn:precis:problem:time-budget-exceeded"
    # the first CTranslate2 call ran, the others never started
    assert 0 < sent < wanted
