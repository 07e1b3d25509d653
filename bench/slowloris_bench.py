"""Probe latency under slow clients, and translation throughput, for gunicorn's plain ``gthread``
worker against the service's ``BufferingWorker`` (``service/front/worker.py``), side by side in
one run, over real HTTP.

Both gunicorn servers run at once (the default 2 workers x 4 threads each, through
``gunicorn.conf.py``; the plain worker by ``GUNICORN_CMD_ARGS=--worker-class gthread``). For
each in turn, with 0, 16 and 64 slowloris sockets open (``testkit/slow_clients.py``: half
trickle their headers, half a body, a byte per socket every 0.5 s), after 6 s (gthread waits 5 s
for a first byte before a thread reads), a client sends ``--probes`` summary requests one after
another, each with a ``--probe-timeout``; p50/p99 count a timed-out probe as the timeout. Then,
with no slow client, throughput on the real zh->en model (cache off): rounds of 4 clients posting
one Chinese article each, the two servers alternating round by round (so a busy shared machine
weighs on both alike), total sentences over total time.

    .venv/bin/python bench/slowloris_bench.py
    .venv/bin/python bench/slowloris_bench.py --slow 0 64 --probes 10
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from testkit.servers import gunicorn  # noqa: E402
from testkit.slow_clients import probe, slowloris  # noqa: E402
from testkit.texts import long_chinese_text  # noqa: E402

WORKERS = {
    "gthread (before)": {"GUNICORN_CMD_ARGS": "--worker-class gthread"},
    "BufferingWorker (after)": {},
}


def probe_latencies(base: str, count: int, timeout: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    failed = 0
    for _ in range(count):
        try:
            latencies.append(probe(base, timeout))
        except requests.RequestException:
            latencies.append(timeout)
            failed += 1
        time.sleep(0.1)
    return sorted(latencies), failed


def timed_round(base: str, clients: int, text: str) -> float:
    """Seconds ``clients`` took to post one translation each, at once."""

    statuses: list[int] = []

    def client() -> None:
        response = requests.post(
            f"{base}/v1/translate",
            json={"text": text, "source": "zh", "target": "en"},
            timeout=300,
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    spent = time.perf_counter() - started
    if statuses != [200] * clients:
        raise RuntimeError(f"translations failed: {statuses}")
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slow", nargs="+", type=int, default=[0, 16, 64])
    parser.add_argument("--probes", type=int, default=20)
    parser.add_argument("--probe-timeout", type=float, default=2.0)
    parser.add_argument("--sentences", type=int, default=12, help="per translation request")
    parser.add_argument("--rounds", type=int, default=4, help="throughput rounds per server")
    args = parser.parse_args()
    print(
        f"{args.probes} summary probes per row, timeout {args.probe_timeout} s (a timed-out "
        "probe counts as the timeout); 2 workers x 4 threads\n"
    )
    print("| worker | slow sockets | probe p50 s | probe p99 s | probes failed |")
    print("|---|---|---|---|---|")
    env = {"PRECIS_CACHE_ENTRIES": "0", "PRECIS_CLIENT_TIMEOUT": "120"}
    with ExitStack() as stack:
        bases = {
            name: stack.enter_context(gunicorn({**env, **extra})) for name, extra in WORKERS.items()
        }
        for name, base in bases.items():
            for count in args.slow:
                with slowloris(base, count, interval=0.5):
                    time.sleep(6 if count else 0)
                    latencies, failed = probe_latencies(base, args.probes, args.probe_timeout)
                p99 = latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))]
                print(
                    f"| {name} | {count} | {statistics.median(latencies):.3f} | {p99:.3f} "
                    f"| {failed}/{args.probes} |",
                    flush=True,
                )
        time.sleep(6)  # gthread's threads held by the closed slow sockets come back
        text = long_chinese_text(args.sentences)
        seconds = dict.fromkeys(bases, 0.0)
        for index in range(args.rounds):
            names = list(bases) if index % 2 == 0 else list(reversed(bases))
            for name in names:
                seconds[name] += timed_round(bases[name], 4, text)
    print(
        f"\nzh->en throughput, {args.rounds} alternating rounds of 4 clients x 1 request of "
        f"{args.sentences} sentences, no slow client:"
    )
    sentences = args.rounds * 4 * args.sentences
    baseline = sentences / seconds["gthread (before)"]
    for name, spent in seconds.items():
        rate = sentences / spent
        print(f"- {name}: {rate:.1f} sentences/s ({rate / baseline:.2f}x gthread)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
