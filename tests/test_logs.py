"""Log lines from a real gunicorn: one JSON object per line, the request id on every line of a
request (gunicorn's access line too), echoed in the response and in problem bodies, and never
the article's text. Plus the text format, and the id and formatter rules on their own."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from service.observability.logs import TextFormatter, build_formatter
from service.observability.request_id import request_id_from
from testkit.servers import gunicorn

#: words of the posted article that must never reach a log line (source and translation)
ARTICLE = "乌克兰总统泽连斯基周二在基辅会见了欧洲领导人。双方讨论了重建计划。"
SECRET_WORDS = ("泽连斯基", "重建计划", "Zelensky", "reconstruction")
GENERATED_ID = re.compile(r"[0-9a-f]{32}")


class Server:
    def __init__(self, base: str, log: Path) -> None:
        self.base = base
        self.log = log

    def lines(self) -> list[dict[str, Any]]:
        """Every line so far, parsed (a line that is not JSON fails the test here)."""
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]

    def lines_of(self, request_id: str, *, expect: int = 2) -> list[dict[str, Any]]:
        """The lines carrying ``request_id``, once at least ``expect`` are written (gunicorn
        writes its access line after the response is sent, so it may come a moment later)."""
        deadline = time.monotonic() + 15
        while True:
            found = [line for line in self.lines() if line.get("request_id") == request_id]
            if len(found) >= expect or time.monotonic() > deadline:
                return found
            time.sleep(0.1)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One worker at DEBUG, so the engine's per-hop line is written inside the request."""
    log = tmp_path_factory.mktemp("logs") / "gunicorn.log"
    env = {"PRECIS_WORKERS": "1", "PRECIS_LOG_LEVEL": "DEBUG", "PRECIS_LOG_FORMAT": "json"}
    with gunicorn(env, log) as base:
        pairs = requests.get(f"{base}/v1/languages", timeout=30).json()["pairs"]
        if not any(p["source"] == "zh" and p["target"] == "en" for p in pairs):
            pytest.skip("zh-en is not installed in the default models folder")
        yield Server(base, log)


@pytest.mark.server
def test_every_line_is_json_and_the_workers_loading_lines_appear(server: Server) -> None:
    lines = server.lines()
    assert all({"time", "level", "logger", "pid", "message"} <= line.keys() for line in lines)
    messages = [line["message"] for line in lines if line["logger"].startswith("service.")]
    assert any(m.startswith("translation packages loaded from") for m in messages), messages
    assert any(m.startswith("translation cache:") for m in messages), messages
    assert any(line["logger"] == "gunicorn.error" for line in lines)


@pytest.mark.server
def test_a_requests_lines_carry_the_id_it_sent_the_access_line_too(server: Server) -> None:
    response = requests.post(
        f"{server.base}/v1/translate",
        json={"text": ARTICLE, "target": "en"},
        headers={"X-Request-ID": "cms-7f3a.2"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    assert response.headers["X-Request-ID"] == "cms-7f3a.2"
    lines = server.lines_of("cms-7f3a.2", expect=3)
    loggers = {line["logger"] for line in lines}
    # the engine's line written while translating, the summary, and gunicorn's access line
    assert {"service.translate.engine", "service.requests", "gunicorn.access"} <= loggers
    [summary] = [line for line in lines if line["logger"] == "service.requests"]
    assert summary["route"] == "/v1/translate"
    assert summary["method"] == "POST"
    assert summary["status"] == 200
    assert summary["characters"] == len(ARTICLE)
    assert summary["sentences"] == 2
    assert summary["translated_sentences"] + summary["cache_hits"] == 2
    assert summary["truncated"] is False
    assert summary["duration_ms"] > 0
    [access] = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert (access["method"], access["path"], access["status"]) == ("POST", "/v1/translate", 200)


@pytest.mark.server
def test_an_id_is_made_when_none_is_sent_and_echoed(server: Server) -> None:
    response = requests.get(f"{server.base}/v1/languages", timeout=30)
    made = response.headers["X-Request-ID"]
    assert GENERATED_ID.fullmatch(made)
    assert {line["logger"] for line in server.lines_of(made)} >= {
        "service.requests",
        "gunicorn.access",
    }


@pytest.mark.server
def test_an_insane_id_is_replaced_not_logged(server: Server) -> None:
    sent = "x" * 129
    response = requests.get(f"{server.base}/healthz", headers={"X-Request-ID": sent}, timeout=30)
    assert GENERATED_ID.fullmatch(response.headers["X-Request-ID"])
    assert sent not in server.log.read_text()


@pytest.mark.server
def test_a_problem_body_carries_the_request_id(server: Server) -> None:
    response = requests.post(
        f"{server.base}/v1/translate",
        json={"text": "hello", "target": "xx"},
        headers={"X-Request-ID": "gw-42"},
        timeout=30,
    )
    assert response.status_code == 422
    assert response.json()["request_id"] == "gw-42"
    assert response.headers["X-Request-ID"] == "gw-42"
    missing = requests.get(f"{server.base}/no/such/path", timeout=30)
    assert missing.json()["request_id"] == missing.headers["X-Request-ID"]


@pytest.mark.server
def test_dialect_errors_echo_the_id_in_the_header(server: Server) -> None:
    response = requests.post(
        f"{server.base}/translate",
        json={"q": "hello", "source": "en"},
        headers={"X-Request-ID": "lt-1"},
        timeout=30,
    )
    assert response.status_code == 400
    assert response.headers["X-Request-ID"] == "lt-1"
    assert set(response.json()) == {"error"}


@pytest.mark.server
def test_no_article_text_reaches_the_logs(server: Server) -> None:
    for path, body in (
        ("/v1/translate", {"text": ARTICLE, "target": "en"}),
        ("/v1/articles", {"text": ARTICLE, "targets": ["en"], "source": "zh"}),
        ("/v1/summarize", {"text": ARTICLE}),
        ("/translate", {"q": ARTICLE, "source": "zh", "target": "en"}),
    ):
        response = requests.post(
            f"{server.base}{path}", json=body, headers={"X-Request-ID": "no-text"}, timeout=60
        )
        assert response.status_code == 200, (path, response.text)
    assert "Zelensky" in response.text  # the words were translated, so could have leaked
    server.lines_of("no-text", expect=8)
    text = server.log.read_text()
    assert not [word for word in SECRET_WORDS if word in text]


@pytest.mark.server
def test_text_format_for_humans(tmp_path: Path) -> None:
    log = tmp_path / "gunicorn.log"
    with gunicorn({"PRECIS_WORKERS": "1", "PRECIS_LOG_FORMAT": "text"}, log) as base:
        requests.get(f"{base}/healthz", headers={"X-Request-ID": "human-1"}, timeout=30)
        deadline = time.monotonic() + 15
        while log.read_text().count("request_id=human-1") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    lines = log.read_text().splitlines()
    assert not [line for line in lines if line.startswith("{")]
    ours = [line for line in lines if "request_id=human-1" in line]
    summary = next(line for line in ours if "service.requests:" in line)
    assert re.match(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO \[\d+\] service\.requests: ", summary
    )
    assert "GET /healthz 200 route=/healthz" in summary
    access = next(line for line in ours if "gunicorn.access:" in line)
    assert "path=/healthz status=200" in access


def test_a_sane_request_id_is_kept_anything_else_replaced() -> None:
    for sane in ("abc", "550e8400-e29b-41d4-a716-446655440000", "a/b+c=", "x" * 128):
        assert request_id_from(sane) == sane
    for insane in ("", "x" * 129, "has space", "new\nline", 'quo"te', "é"):
        made = request_id_from(insane)
        assert made != insane
        assert GENERATED_ID.fullmatch(made)
    assert request_id_from(None) != request_id_from(None)


def test_extra_fields_are_json_members_and_text_key_values() -> None:
    record = logging.LogRecord("service.x", logging.INFO, __file__, 1, "done %d", (3,), None)
    record.status = 200
    as_json = json.loads(build_formatter("json").format(record))
    assert as_json["message"] == "done 3"
    assert as_json["status"] == 200
    assert as_json["level"] == "INFO"
    assert as_json["logger"] == "service.x"
    assert TextFormatter().format(record).endswith("service.x: done 3 status=200")
