"""The load table: mixed clients against main's code and this checkout's, side by side.

Half the clients post 10-sentence Chinese articles (FLORES dev) to ``/v1/translate`` (real
zh→en model) as fast as they are answered, half post an English news article to
``/v1/summarize`` at most every ``--summary-pace`` seconds each (a steady flow, so a faster
summary does not simply draw more summaries and translation throughput stays comparable); after
a 503 a client waits as ``Retry-After`` says (at most 5 s). ``--duration`` seconds per cell; a
prober asks ``/healthz`` every half second. Each cell runs on a "before" server (gunicorn
started from ``--before``, main's checkout by default) and an "after" one (this checkout), one
after the other, both with their defaults and the sentence cache off (every sentence computed).
Prints, per server and client count: translation throughput (sentences/s of answered
translations), p50/p99 latency per route (200 answers), the share of 503 answers, the slowest
answer of any kind, and the slowest probe.

    .venv/bin/python bench/overload_bench.py                       # 8, 32, 128 clients, 25 s
    .venv/bin/python bench/overload_bench.py --clients 8 --duration 10
    .venv/bin/python bench/overload_bench.py --servers before after after-nice0

Skips (exit 0, with the reason) when ../shared/ or the zh→en model is missing. The machine's
other load shows in every figure: compare the two rows of a cell, not runs.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from testkit.servers import gunicorn  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
FLORES = EVAL / "flores" / "zho_Hans.dev"
NEWS = EVAL / "sample" / "news-en.txt"
MODEL = ROOT / "var" / "models" / "translate-zh_en-1_9"
SENTENCES = 10
ENV = {"PRECIS_CACHE_ENTRIES": "0"}
#: name -> (checkout: None for the baseline's, this one's otherwise; extra environment)
SERVERS: dict[str, tuple[Path | None, dict[str, str]]] = {
    "before": (None, {}),
    "after": (ROOT, {}),
    "after-nice0": (ROOT, {"PRECIS_TRANSLATE_NICE": "0"}),
}


@dataclass
class Answer:
    route: str
    status: int
    seconds: float


@dataclass
class Cell:
    answers: list[Answer] = field(default_factory=list)
    probes: list[float] = field(default_factory=list)
    #: what the client raised where no answer came (status 0)
    failures: set[str] = field(default_factory=set)
    wall: float = 0.0


def articles() -> list[str]:
    lines = FLORES.read_text(encoding="utf-8").splitlines()
    return [
        "".join(lines[i : i + SENTENCES]) for i in range(0, len(lines) - SENTENCES + 1, SENTENCES)
    ]


def run_cell(  # noqa: PLR0917 (the cell's parameters, read in order)
    base: str, clients: int, duration: float, texts: list[str], news: str, pace: float = 0.0
) -> Cell:
    cell = Cell()
    lock = threading.Lock()
    stop = time.monotonic() + duration
    done = threading.Event()

    def client(index: int) -> None:
        session = requests.Session()
        translate = index % 2 == 1
        n = index
        while time.monotonic() < stop:
            n += clients
            if translate:
                route, body = "translate", {"text": texts[n % len(texts)], "source": "zh"}
                body["target"] = "en"
            else:
                route, body = "summarize", {"text": news, "sentences": 3}
            started = time.perf_counter()
            response = None
            try:
                response = session.post(f"{base}/v1/{route}", json=body, timeout=600)
                status = response.status_code
            except requests.RequestException as exc:
                status = 0
                with lock:
                    cell.failures.add(type(exc).__name__)
            with lock:
                cell.answers.append(Answer(route, status, time.perf_counter() - started))
            if not translate:  # at most one summary per ``pace`` seconds per client
                # (never past the end of the cell, which would stretch its wall time)
                wait = min(pace - (time.perf_counter() - started), stop - time.monotonic())
                time.sleep(max(0.0, wait))
            if response is not None and response.status_code == 503:
                # as a polite client does: waits as told (at most 5 s, to keep the load on)
                time.sleep(min(5.0, float(response.headers.get("Retry-After", "1"))))

    def prober() -> None:
        while not done.is_set():
            started = time.perf_counter()
            with contextlib.suppress(requests.RequestException):
                requests.get(f"{base}/healthz", timeout=120)
            cell.probes.append(time.perf_counter() - started)
            done.wait(0.5)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    probe = threading.Thread(target=prober)
    probe.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cell.wall = time.perf_counter() - started
    done.set()
    probe.join()
    return cell


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def row(name: str, clients: int, cell: Cell) -> str:
    def of(route: str, status: int | None = None) -> list[Answer]:
        return [
            a for a in cell.answers if a.route == route and (status is None or a.status == status)
        ]

    ok_t = [a.seconds for a in of("translate", 200)]
    ok_s = [a.seconds for a in of("summarize", 200)]
    share = {
        route: len(of(route, 503)) / max(1, len(of(route))) for route in ("translate", "summarize")
    }
    other = sorted({a.status for a in cell.answers} - {200, 503})
    return (
        f"| {name} | {clients} | {len(ok_t) * SENTENCES / cell.wall:.1f} "
        f"| {quantile(ok_t, 0.5):.2f} / {quantile(ok_t, 0.99):.2f} "
        f"| {len(ok_s) / cell.wall:.1f} "
        f"| {quantile(ok_s, 0.5):.2f} / {quantile(ok_s, 0.99):.2f} "
        f"| {share['translate']:.0%} / {share['summarize']:.0%} "
        f"| {max(a.seconds for a in cell.answers):.1f} "
        f"| {max(cell.probes, default=float('nan')):.2f} "
        f"| {other or ''} {' '.join(sorted(cell.failures))} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", nargs="+", type=int, default=[8, 32, 128])
    parser.add_argument("--duration", type=float, default=25, help="seconds of sending per cell")
    parser.add_argument(
        "--before",
        type=Path,
        default=ROOT.parent / "main",
        help="checkout of the baseline (e.g. a worktree of the commit before the change)",
    )
    parser.add_argument(
        "--summary-pace",
        type=float,
        default=0.5,
        help="seconds from one summary request's start to the next, per client (0: at once)",
    )
    parser.add_argument(
        "--servers", nargs="+", default=["before", "after"], choices=SERVERS, help="in order"
    )
    args = parser.parse_args()
    checks = (
        (FLORES, "../shared/"),
        (NEWS, "../shared/"),
        (MODEL, "the zh→en model"),
        (args.before / "gunicorn.conf.py", "the baseline checkout, --before"),
    )
    for needed, why in checks:
        if not needed.exists():
            print(f"skipped: {needed} is absent ({why})")
            return 0
    texts, news = articles(), NEWS.read_text(encoding="utf-8")
    print(
        f"{args.duration:g} s of sending per cell; half the clients translate {SENTENCES}-sentence "
        f"FLORES zh articles, half summarize sample/news-en.txt (one every {args.summary_pace:g} s "
        f"each at most); cache off; each server with its defaults. before: {args.before}, "
        f"after: {ROOT}\n"
    )
    print(
        "| server | clients | translate sent/s | translate p50 / p99 s | summaries/s "
        "| summary p50 / p99 s | 503 share translate / summary | slowest answer s "
        "| slowest /healthz s | other statuses |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    with contextlib.ExitStack() as stack:
        bases = {
            name: stack.enter_context(
                gunicorn({**ENV, **SERVERS[name][1]}, root=SERVERS[name][0] or args.before)
            )
            for name in args.servers
        }
        for base in bases.values():  # every worker loads and warms up
            run_cell(base, 4, 3, texts, news)
        for clients in args.clients:
            for name, base in bases.items():
                cell = run_cell(base, clients, args.duration, texts, news, args.summary_pace)
                print(row(name, clients, cell))
                sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
