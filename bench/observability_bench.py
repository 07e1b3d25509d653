"""What request ids, the summary log line and the metrics cost per request.

Run from the project root::

    python bench/observability_bench.py [--requests 500] [--rounds 5]

The app's WSGI callable is called directly (no HTTP, so the difference is not lost in the
noise of a socket), once with the observability middleware (``app.wsgi_app``, as served) and
once without it (the app inside it: no id, no summary line, no metrics), in alternating rounds
of the same requests: ``GET /healthz`` (the cheapest route, where the overhead weighs most) and
``POST /v1/summarize`` of a short article. Log lines go to /dev/null in JSON. Run twice: with
metrics in this process (the Flask test client's mode), and in prometheus-client's
multiprocess mode (``PROMETHEUS_MULTIPROC_DIR`` set, as under gunicorn: values in mmap'ed
files), each in a fresh interpreter since prometheus-client picks its mode when imported.
Printed: median microseconds per request of each, and the ratio observed/bare.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))  # the service is not an installed package

ARTICLE = (
    "The minister arrived in Kyiv on Tuesday. She met the mayor and the heads of two "
    "hospitals. The talks were about winter heating. Both sides agreed on a plan. A second "
    "meeting is set for March. The mayor thanked the minister for the visit."
)
REQUESTS: dict[str, dict[str, Any]] = {
    "GET /healthz": {"method": "GET", "path": "/healthz"},
    "POST /v1/summarize": {
        "method": "POST",
        "path": "/v1/summarize",
        "json": {"text": ARTICLE, "sentences": 2},
    },
}


def call(app: Callable[..., Any], request: dict[str, Any]) -> None:
    """One request through a WSGI callable, its body read and closed as a server does."""
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder(**request).get_environ()
    body = app(environ, lambda status, headers, exc_info=None: None)
    for _ in body:
        pass
    close = getattr(body, "close", None)
    if close is not None:
        close()


def measure(requests: int, rounds: int) -> dict[str, dict[str, float]]:
    """Median µs per request, bare and observed, of each request (in this process)."""
    from service import create_app

    app = create_app()
    observed = app.wsgi_app
    bare = observed.app  # type: ignore[attr-defined]
    results: dict[str, dict[str, float]] = {}
    for name, request in REQUESTS.items():
        times: dict[str, list[float]] = {"bare": [], "observed": []}
        for wsgi in (bare, observed):  # warm-up
            for _ in range(50):
                call(wsgi, request)
        for _ in range(rounds):
            for label, wsgi in (("bare", bare), ("observed", observed)):
                started = time.perf_counter()
                for _ in range(requests):
                    call(wsgi, request)
                times[label].append((time.perf_counter() - started) / requests * 1e6)
        results[name] = {label: statistics.median(values) for label, values in times.items()}
    return results


def child(requests: int, rounds: int) -> None:
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the log lines' destination, kept open
    print(json.dumps(measure(requests, rounds)))


def run_mode(requests: int, rounds: int, multiprocess: bool) -> dict[str, dict[str, float]]:
    env = {**os.environ, "PRECIS_LOG_FORMAT": "json"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with tempfile.TemporaryDirectory(prefix="precis-bench-metrics-") as folder:
        if multiprocess:
            env["PROMETHEUS_MULTIPROC_DIR"] = folder
        out = subprocess.run(
            [sys.executable, __file__, "--child", f"--requests={requests}", f"--rounds={rounds}"],
            env=env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    result: dict[str, dict[str, float]] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.requests, args.rounds)
        return
    print(f"{args.requests} requests x {args.rounds} rounds, median µs per request")
    print(f"{'metrics mode':<14} {'request':<20} {'bare':>9} {'observed':>9} {'ratio':>6}")
    for mode, multiprocess in (("in-process", False), ("multiprocess", True)):
        for name, times in run_mode(args.requests, args.rounds, multiprocess).items():
            ratio = times["observed"] / times["bare"]
            print(
                f"{mode:<14} {name:<20} {times['bare']:>9.1f} {times['observed']:>9.1f}"
                f" {ratio:>6.2f}"
            )


if __name__ == "__main__":
    main()
