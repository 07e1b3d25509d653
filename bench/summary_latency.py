"""Summary latency of one news article: in-process, through Flask, and over HTTP to gunicorn.

Run from the project root (data is read from ``../shared/eval/``; without it the script says so
and exits 0)::

    python bench/summary_latency.py [--calls N]

Prints a markdown table to stdout: median and p90 latency of summarizing ``sample/news-en.txt``
(3 sentences, default method) in-process, through the Flask test client, and over HTTP to a real
gunicorn (``testkit.servers.gunicorn``: ``gunicorn.conf.py`` on a free loopback port).

``--calls N`` sets the number of timed calls per path (default 50).
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from evaldata import EVAL, PROJECT_ROOT, eval_data_missing, heading, print_table

from service.summarize import DEFAULT_METHOD, Length, summarize
from service.text.detect import LanguageDetector
from service.text.splitter import split_sentences
from testkit.servers import gunicorn

SUMMARY_SENTENCES = 3
HTTP_OK = 200


def timings(call: Callable[[], object], calls: int) -> tuple[float, float]:
    """Median and p90 of ``calls`` calls, in milliseconds, after one warm-up call."""
    call()
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        samples.append(1000 * (time.perf_counter() - started))
    return statistics.median(samples), statistics.quantiles(samples, n=10, method="inclusive")[8]


def request_body(text: str) -> dict[str, Any]:
    return {"text": text, "language": "auto", "sentences": SUMMARY_SENTENCES}


def part_latency(calls: int) -> None:
    heading(f"Latency: sample/news-en.txt, {SUMMARY_SENTENCES} sentences, {calls} calls")
    text = (EVAL / "sample" / "news-en.txt").read_text(encoding="utf-8")
    rows = [_in_process(text, calls), _in_process(text, calls, detect=True)]
    for measure in (_flask, _gunicorn):
        row = measure(text, calls)
        if row:
            rows.append(row)
    print_table(("path", "median ms", "p90 ms"), rows)


def _in_process(text: str, calls: int, detect: bool = False) -> tuple[str, float, float]:
    detector = LanguageDetector()

    def call() -> object:
        language = detector.detect(text).language if detect else "en"
        return summarize(
            split_sentences(text, language),
            language,
            DEFAULT_METHOD,
            Length(sentences=SUMMARY_SENTENCES),
        )

    label = "detect + split + summarize" if detect else "split + summarize"
    return (f"in-process: {label} ({DEFAULT_METHOD})", *timings(call, calls))


def _flask(text: str, calls: int) -> tuple[str, float, float] | None:
    try:
        from service import create_app  # imported here: without the app, only this part skips
    except ImportError as exc:
        print(f"Skipped Flask test client: cannot import service.create_app ({exc}).\n")
        return None
    client = create_app().test_client()
    body = request_body(text)
    response = client.post("/v1/summarize", json=body)
    if response.status_code != HTTP_OK:
        print(
            f"Skipped Flask test client: POST /v1/summarize -> {response.status_code} "
            f"{response.get_data(as_text=True)[:300]}\n"
        )
        return None

    def call() -> object:
        return client.post("/v1/summarize", json=body)

    return ("Flask test client: POST /v1/summarize", *timings(call, calls))


def _http(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _gunicorn(text: str, calls: int) -> tuple[str, float, float] | None:
    config = PROJECT_ROOT / "gunicorn.conf.py"
    if not config.exists():
        print(f"Skipped gunicorn: {config} does not exist.\n")
        return None
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as stack:
        log = Path(scratch) / "gunicorn.log"
        try:
            base = stack.enter_context(gunicorn(log=log))
        except (RuntimeError, TimeoutError) as exc:  # it exited, or /readyz never answered 200
            tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
            print(f"Skipped gunicorn: {exc}.\n```\n{tail}\n```\n")
            return None
        return _time_http(int(base.rpartition(":")[2]), text, calls)


def _time_http(port: int, text: str, calls: int) -> tuple[str, float, float] | None:
    body = json.dumps(request_body(text)).encode()
    status, answer = _http(port, "POST", "/v1/summarize", body)
    if status != HTTP_OK:
        print(f"Skipped gunicorn: POST /v1/summarize -> {status} {answer[:300]!r}\n")
        return None
    return (
        "gunicorn over HTTP: POST /v1/summarize (new connection per call)",
        *timings(lambda: _http(port, "POST", "/v1/summarize", body), calls),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50, help="latency samples per path")
    args = parser.parse_args(argv)
    if eval_data_missing():
        return 0
    part_latency(args.calls)
    return 0


if __name__ == "__main__":
    sys.exit(main())
