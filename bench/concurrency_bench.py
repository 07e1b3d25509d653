"""Throughput and latency of /v1/translate under concurrent clients, over real HTTP.

Starts gunicorn on a loopback port for each server configuration, with the real zh→en model and
the sentence cache off (so every sentence is computed), and has 1, 4 and 16 client threads post
Chinese articles (consecutive FLORES dev lines) until a fixed number of requests is done. Prints
sentences/s and p50/p99 latency, with cross-request batching on and off side by side.

    .venv/bin/python bench/concurrency_bench.py                  # the default table
    .venv/bin/python bench/concurrency_bench.py --requests 24 --clients 1 4
    .venv/bin/python bench/concurrency_bench.py --servers w2t2 w1t4 w2t2-off

Skips (exit 0, with the reason) when ../shared/ or the zh→en model is missing.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from testkit.servers import gunicorn  # noqa: E402

FLORES = ROOT.parent / "shared" / "eval" / "flores" / "zho_Hans.dev"
MODEL = ROOT / "var" / "models" / "translate-zh_en-1_9"

#: name -> (workers, threads, inter_threads, batching)
SERVERS: dict[str, tuple[int, int, int, bool]] = {
    "w2t2": (2, 2, 2, True),
    "w2t2-off": (2, 2, 2, False),
    "w1t4": (1, 4, 2, True),
    "w1t4-off": (1, 4, 2, False),
    "w2t4": (2, 4, 2, True),
    "w2t4-off": (2, 4, 2, False),
    "w2t4-i1": (2, 4, 1, True),
    "w1t8-i2": (1, 8, 2, True),
    "w1t8-off": (1, 8, 2, False),
}
DEFAULT_SERVERS = ["w2t4", "w2t4-off", "w2t2", "w1t4"]


def articles(size: int) -> list[str]:
    lines = FLORES.read_text(encoding="utf-8").splitlines()
    return ["".join(lines[i : i + size]) for i in range(0, len(lines) - size + 1, size)]


def run_clients(
    base: str, texts: list[str], clients: int, count: int, sentences_per_text: int
) -> dict[str, float]:
    counter = itertools.count()
    latencies: list[float] = []
    lock = threading.Lock()
    failures: list[str] = []

    def client() -> None:
        session = requests.Session()
        while (n := next(counter)) < count:
            started = time.perf_counter()
            response = session.post(
                f"{base}/v1/translate",
                timeout=600,
                json={"text": texts[n % len(texts)], "source": "zh", "target": "en"},
            )
            elapsed = time.perf_counter() - started
            with lock:
                if response.status_code != 200:
                    failures.append(response.text[:200])
                latencies.append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests, e.g. {failures[0]}")
    latencies.sort()
    return {
        "wall": wall,
        "sent_per_s": count * sentences_per_text / wall,
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", nargs="+", default=DEFAULT_SERVERS, choices=SERVERS)
    parser.add_argument("--clients", nargs="+", type=int, default=[1, 4, 16])
    parser.add_argument("--requests", type=int, default=32, help="requests per run")
    parser.add_argument("--sentences", type=int, default=10, help="sentences per article")
    args = parser.parse_args()
    if not FLORES.exists():
        print(f"skipped: {FLORES} is absent (../shared/ exists on the team's machines)")
        return 0
    if not (MODEL / "metadata.json").exists():
        print(f"skipped: {MODEL} is not installed (python -m service.installer install zh-en)")
        return 0
    texts = articles(args.sentences)
    print(
        f"{args.requests} requests per run, articles of {args.sentences} FLORES zh sentences, "
        "cache off, beam 4, real zh→en\n"
    )
    print(
        "| server | workers x threads | inter_threads | batching | clients | sentences/s "
        "| p50 s | p99 s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name in args.servers:
        workers, threads, inter, batching = SERVERS[name]
        env = {
            "PRECIS_WORKERS": str(workers),
            "PRECIS_THREADS": str(threads),
            "PRECIS_TRANSLATE_INTER_THREADS": str(inter),
            "PRECIS_TRANSLATE_CROSS_REQUEST_BATCHING": "1" if batching else "0",
            "PRECIS_CACHE_ENTRIES": "0",
        }
        with gunicorn(env) as base:
            run_clients(base, texts, 2, 4, args.sentences)  # warm every worker
            for clients in args.clients:
                r = run_clients(base, texts, clients, args.requests, args.sentences)
                print(
                    f"| {name} | {workers}x{threads} | {inter} | {'on' if batching else 'off'} "
                    f"| {clients} | {r['sent_per_s']:.1f} | {r['p50']:.2f} | {r['p99']:.2f} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
