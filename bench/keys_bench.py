"""What API keys and limits cost per request.

1. In process: ``Gate.admit`` with keys off, with a key counted in memory, and (when
   ``redis-server`` is installed) counted in Redis on loopback: microseconds per call.
2. Over HTTP: two gunicorn servers, one without keys and one with a key whose rate and daily
   budget are counted (limits high enough never to refuse), answering ``POST /v1/detect`` on a
   short text over kept-alive connections, interleaved call by call; medians and the ratio.

    .venv/bin/python bench/keys_bench.py [--calls 300]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.keys import Gate, Key, KeyLimits, digest  # noqa: E402
from testkit.redis_server import redis_server  # noqa: E402
from testkit.servers import gunicorn  # noqa: E402

KEY = "bench-key"
#: counted on every call, never reached
HIGH = KeyLimits(requests_per_minute=10**9, chars_per_day=10**12)


def per_call_us(call: Callable[[], None], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - started) / calls * 1e6


def in_process(calls: int) -> None:
    gates = {
        "keys off": (Gate(), None),
        "key, counted in memory": (Gate([Key("b", digest(KEY), HIGH)]), KEY),
    }
    print("## Gate.admit in process\n")
    print("| gate | µs per call |\n|---|---:|")
    for name, (gate, key) in gates.items():
        print(f"| {name} | {per_call_us(lambda g=gate, k=key: g.admit(k, 100), calls):.1f} |")
    if shutil.which("redis-server") is None:
        print("| key, counted in Redis | skipped: redis-server is not installed |")
    else:
        with redis_server() as url:
            gate = Gate([Key("b", digest(KEY), HIGH)], storage_url=url)
            print(
                f"| key, counted in Redis (loopback) | "
                f"{per_call_us(lambda: gate.admit(KEY, 100), calls):.1f} |"
            )
    print()


def over_http(calls: int) -> None:
    body = {"text": "Добрий день, як справи? Сьогодні гарна погода."}
    env_keys = {
        "PRECIS_WORKERS": "1",
        "PRECIS_API_KEYS": KEY,
        "PRECIS_LIMITS_REQUESTS_PER_MINUTE": str(HIGH.requests_per_minute),
        "PRECIS_LIMITS_CHARS_PER_DAY": str(HIGH.chars_per_day),
    }
    with ExitStack() as stack:
        plain = stack.enter_context(gunicorn({"PRECIS_WORKERS": "1"}))
        keyed = stack.enter_context(gunicorn(env_keys))
        sessions = {
            "keys off": (requests.Session(), plain, {}),
            "key counted (memory)": (requests.Session(), keyed, {"X-API-Key": KEY}),
        }
        times: dict[str, list[float]] = {name: [] for name in sessions}
        for _ in range(calls):
            for name, (session, base, headers) in sessions.items():
                started = time.perf_counter()
                answer = session.post(f"{base}/v1/detect", json=body, headers=headers, timeout=30)
                times[name].append(time.perf_counter() - started)
                if answer.status_code != 200:
                    raise SystemExit(f"{name}: {answer.status_code} {answer.text[:200]}")
    print(f"## POST /v1/detect over HTTP, {calls} calls each, interleaved, one worker each\n")
    print("| server | median ms | p90 ms |\n|---|---:|---:|")
    for name, values in times.items():
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"| {name} | {statistics.median(values) * 1000:.2f} | {p90 * 1000:.2f} |")
    ratio = statistics.median(times["key counted (memory)"]) / statistics.median(times["keys off"])
    print(f"\nkeyed / keys off (medians) = {ratio:.3f}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300, help="HTTP calls per server")
    args = parser.parse_args()
    in_process(20_000)
    over_http(args.calls)
    return 0


if __name__ == "__main__":
    sys.exit(main())
