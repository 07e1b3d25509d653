"""Memory soak: worker RSS of a real gunicorn under a steady mixed load, minute by minute.

Starts gunicorn (2 workers by default, worker recycling off, the production defaults otherwise:
the 20,000-entry sentence cache on) with the real zh→en model, and has a bounded number of
client threads send a fixed, seeded mix for ``--minutes`` (10 by default): summaries of English
news (FLORES lines as articles), zh→en translations (native, LibreTranslate and DeepL routes,
FLORES zh lines so the sentence cache fills as it would in production), CMS articles, language
detection, the languages routes, and pathological inputs (deep nesting, lone surrogates, 10k
combining marks, one 20k-character token, markup soup, invalid UTF-8). Every minute it prints
each worker's lowest and highest VmRSS of the minute (``/proc/PID/status`` every 5 s; the
workers are the children of the gunicorn master, itself a child of this process) and, at the
end, the growth of each worker's lowest RSS after minute 2 (the target: under 10%) and its RSS
once the load has stopped.

``--no-trim`` runs the baseline: the server without the ``malloc_trim`` after long requests
(service/memory.py); run it alongside a default run to compare under the same load.

``--tracemalloc`` starts ``tracemalloc`` in each worker (through a bench-only gunicorn config
that wraps ``gunicorn.conf.py``) and has each worker write its top allocation growth since
minute 2 to ``--trace-dir`` every minute: where the memory goes, when it grows.

    .venv/bin/python bench/soak_bench.py                   # 10 minutes, 2 workers, 8 clients
    .venv/bin/python bench/soak_bench.py --minutes 3 --clients 2
    .venv/bin/python bench/soak_bench.py --minutes 6 --tracemalloc --trace-dir /tmp/soak-trace

The machine may be shared: the figures are RSS, not speed, but a slower machine sends fewer
requests per minute (the count is printed). Skips (exit 0) without ../shared/ or the model.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from testkit.servers import free_port, wait_ready  # noqa: E402

FLORES = ROOT.parent / "shared" / "eval" / "flores"
MODEL = ROOT / "var" / "models" / "translate-zh_en-1_9"
TRACE_CONFIG = Path(__file__).resolve().parent / "soak_gunicorn.conf.py"

Request = tuple[str, str, dict[str, object]]  # method, path, requests kwargs


def lines(name: str) -> list[str]:
    return (FLORES / name).read_text(encoding="utf-8").splitlines()


def workload(seed: int) -> Iterator[tuple[str, Request]]:
    """An endless, seeded stream of (kind, request): the mix the soak sends."""
    rng = random.Random(seed)
    zh, en, ru, uk = (
        lines(f) for f in ("zho_Hans.dev", "eng_Latn.dev", "rus_Cyrl.dev", "ukr_Cyrl.dev")
    )

    def article(source: list[str], size: int) -> str:
        start = rng.randrange(len(source) - size)
        return "\n".join(source[start : start + size])

    def summary() -> Request:
        text = article(rng.choice([en, ru, uk, zh]), rng.randint(5, 30))
        method = rng.choice(["pacsum", "lexrank", "lead", "textrank", "lsa"])
        return "POST", "/v1/summarize", {"json": {"text": text, "method": method}}

    def translation() -> Request:
        text = article(zh, rng.randint(1, 4))
        return "POST", "/v1/translate", {"json": {"text": text, "source": "zh", "target": "en"}}

    def cms_article() -> Request:
        body = {"title": rng.choice(zh), "text": article(zh, 8), "source": "zh", "targets": ["en"]}
        return "POST", "/v1/articles", {"json": body}

    def detection() -> Request:
        return "POST", "/v1/detect", {"json": {"text": rng.choice(en + ru + uk + zh)}}

    def libretranslate() -> Request:
        if rng.random() < 0.5:
            return (
                "POST",
                "/translate",
                {"data": {"q": rng.choice(zh), "source": "zh", "target": "en"}},
            )
        return "POST", "/detect", {"json": {"q": rng.choice(ru + uk)}}

    def deepl() -> Request:
        texts = [rng.choice(zh) for _ in range(rng.randint(1, 3))]
        return "POST", "/v2/translate", {"json": {"text": texts, "target_lang": "EN-GB"}}

    def listing() -> Request:
        return "GET", rng.choice(["/v1/languages", "/languages", "/v2/languages?type=target"]), {}

    def pathological() -> Request:
        json_headers = {"Content-Type": "application/json"}
        deep = "[" * 50_000 + "]" * 50_000
        bodies: list[Request] = [
            ("POST", "/v1/summarize", {"data": deep, "headers": json_headers}),
            (
                "POST",
                "/v1/translate",
                {"data": '{"text": "\\ud800", "target": "en"}', "headers": json_headers},
            ),
            ("POST", "/v1/summarize", {"json": {"text": "e" + "\u0301" * 10_000 + ". Fine."}}),
            ("POST", "/v1/detect", {"json": {"text": "x" * 20_000}}),
            (
                "POST",
                "/v1/translate",
                {
                    "json": {
                        "text": "<b>" * 2000 + "你好。",
                        "format": "html",
                        "source": "zh",
                        "target": "en",
                    }
                },
            ),
            (
                "POST",
                "/v2/translate",
                {
                    "data": b'{"text": ["\xff\xfe\xed\xa0\x80"], "target_lang": "EN"}',
                    "headers": json_headers,
                },
            ),
            (
                "POST",
                "/translate",
                {"data": {"q": "\u202e\u200d\x00" * 3000, "source": "zh", "target": "en"}},
            ),
            # heavy but valid: a long unpunctuated Chinese run, n-best alternatives, a summary
            # of 300 sentences, a large HTML document
            (
                "POST",
                "/v1/translate",
                {
                    "json": {
                        "text": "".join(zh[:40]).replace("。", "，"),
                        "source": "zh",
                        "target": "en",
                    }
                },
            ),
            (
                "POST",
                "/translate",
                {"json": {"q": article(zh, 3), "source": "zh", "target": "en", "alternatives": 3}},
            ),
            ("POST", "/v1/summarize", {"json": {"text": article(en, 300), "method": "lexrank"}}),
            (
                "POST",
                "/v1/translate",
                {
                    "json": {
                        "text": "".join(
                            f"<p><b>{line}</b> <a href='#'>x</a></p>" for line in zh[:30]
                        ),
                        "format": "html",
                        "source": "zh",
                        "target": "en",
                    }
                },
            ),
        ]
        return rng.choice(bodies)

    kinds: list[tuple[str, Callable[[], Request], int]] = [
        ("summary", summary, 20),
        ("translate", translation, 20),
        ("article", cms_article, 8),
        ("detect", detection, 15),
        ("libretranslate", libretranslate, 12),
        ("deepl", deepl, 10),
        ("languages", listing, 5),
        ("pathological", pathological, 10),
    ]
    names = [k for k, _, _ in kinds]
    makers = {k: make for k, make, _ in kinds}
    weights = [w for _, _, w in kinds]
    while True:
        kind = rng.choices(names, weights)[0]
        yield kind, makers[kind]()


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command (field 2) may hold spaces: the parent pid is the 2nd field after its ")"
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


@contextmanager
def server(env: dict[str, str], config: Path | None) -> Iterator[tuple[str, int]]:
    """gunicorn on a free port; yields its base URL and the master's pid."""
    port = free_port()
    full_env = {**os.environ, **env, "PRECIS_BIND": f"127.0.0.1:{port}"}
    command = [sys.executable, "-m", "gunicorn", "-c", str(config or ROOT / "gunicorn.conf.py")]
    process = subprocess.Popen(
        command, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=60)


def soak(
    base: str, clients: int, stop: threading.Event, tally: Counter[str]
) -> list[threading.Thread]:
    lock = threading.Lock()

    def client(seed: int) -> None:
        for kind, (method, path, kwargs) in workload(seed):
            if stop.is_set():
                return
            try:
                status = requests.request(  # a new connection each time: both workers get requests
                    method, base + path, timeout=300, **kwargs
                ).status_code  # type: ignore[arg-type]
                key = f"{status // 100}xx"
            except requests.RequestException as exc:
                key = type(exc).__name__
            with lock:
                tally[kind] += 1
                tally[key] += 1

    threads = [
        threading.Thread(target=client, args=(seed,), daemon=True) for seed in range(clients)
    ]
    for thread in threads:
        thread.start()
    return threads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--clients", type=int, default=8, help="client threads (bounded load)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--env", nargs="*", default=[], help="extra NAME=VALUE for the server")
    parser.add_argument("--tracemalloc", action="store_true", help="workers trace allocations")
    parser.add_argument("--no-trim", action="store_true", help="baseline: no malloc_trim")
    parser.add_argument("--trace-dir", type=Path, default=Path("/tmp/precis-soak-trace"))
    args = parser.parse_args()
    if not (FLORES / "zho_Hans.dev").exists():
        print(f"skipped: {FLORES} is absent (../shared/ exists on the team's machines)")
        return 0
    if not (MODEL / "metadata.json").exists():
        print(f"skipped: {MODEL} is not installed (python -m service.installer install zh-en)")
        return 0
    env = {"PRECIS_WORKERS": str(args.workers), "PRECIS_MAX_REQUESTS": "0"}
    env.update(dict(pair.split("=", 1) for pair in args.env))
    if args.tracemalloc:
        args.trace_dir.mkdir(parents=True, exist_ok=True)
        env["PRECIS_SOAK_TRACE_DIR"] = str(args.trace_dir)
    if args.no_trim:
        env["PRECIS_SOAK_NO_TRIM"] = "1"
    print(f"server env: {json.dumps(env)}; {args.clients} clients; {args.minutes} minutes")
    tally: Counter[str] = Counter()
    stop = threading.Event()
    with server(env, TRACE_CONFIG if args.tracemalloc or args.no_trim else None) as (base, master):
        workers = children(master)
        print(f"master {master}, workers {workers}")
        start = [rss_mib(pid) for pid in workers]
        print(
            "| minute | requests | "
            + " | ".join(f"worker {i} MiB (lowest-highest)" for i in range(len(workers)))
            + " |"
        )
        print("|---|---|" + "---|" * len(workers))
        print("| 0 | 0 | " + " | ".join(f"{r:.0f}" for r in start) + " |", flush=True)
        threads = soak(base, args.clients, stop, tally)
        curve: list[list[float]] = [start]
        sent = 0
        for minute in itertools.count(1):
            # sampled every 5 s: the minute's lowest RSS is what the worker keeps, its highest
            # what requests in flight took on top
            samples: list[list[float]] = []
            for _ in range(12):
                time.sleep(5)
                now = children(master)
                if now != workers:
                    print(f"note: workers changed {workers} -> {now} (a restart: the curve breaks)")
                    workers = now
                samples.append([rss_mib(pid) for pid in workers])
            low = [min(column) for column in zip(*samples, strict=True)]
            high = [max(column) for column in zip(*samples, strict=True)]
            curve.append(low)
            total = sum(v for k, v in tally.items() if k.endswith("xx") or k[0].isupper())
            cells = " | ".join(f"{lo:.0f}-{hi:.0f}" for lo, hi in zip(low, high, strict=True))
            print(f"| {minute} | {total - sent} | {cells} |", flush=True)
            sent = total
            if minute >= args.minutes:
                break
        stop.set()
        for thread in threads:
            thread.join(timeout=600)
        time.sleep(5)
        # what a worker keeps once its requests are done (a sample during the load may catch
        # one in flight)
        idle = [rss_mib(pid) for pid in workers]
        print("| idle after the load | | " + " | ".join(f"{r:.0f}" for r in idle) + " |")
    print("\nrequests by kind and answer:", dict(sorted(tally.items())))
    if len(curve) > 3:
        print("\ngrowth of the lowest RSS of the minute after minute 2 (target < 10%):")
        for i, (at2, last, rest) in enumerate(zip(curve[2], curve[-1], idle, strict=False)):
            print(
                f"  worker {i}: {at2:.0f} -> {last:.0f} MiB ({(last - at2) / at2:+.1%}); "
                f"idle after the load {rest:.0f} MiB ({(rest - at2) / at2:+.1%})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
