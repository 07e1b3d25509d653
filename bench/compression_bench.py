"""What gzip saves and costs over real HTTP: answers gzipped (``Accept-Encoding: gzip``) against
the same answers plain, and a gzipped request body against the same body plain.

Starts one gunicorn (1 worker, 4 threads, no translation models: summaries only, so the time
measured is the service's own and not a model's), then for each case alternates the two forms
request by request (so both see the same load) and prints the bytes on the wire (the answer's
Content-Length, or the body sent) and the median latency of each, with their ratios. Last,
the worker's peak memory (VmHWM) after a plain body at the limit and then after zip bombs (the
same limit, a body of zeros that inflates 800 times past it): a bomb must cost no more.

    .venv/bin/python bench/compression_bench.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from testkit.servers import gunicorn  # noqa: E402

DATA = ROOT / "tests" / "data"


def article(sentences: int) -> str:
    """An English article of about ``sentences`` varied sentences."""
    words = ["council", "budget", "school", "mayor", "river"]
    words += ["bridge", "station", "market", "hospital", "library"]
    return " ".join(
        f"The {words[i % 10]} plan number {i} was discussed by the {words[(i * 7) % 10]} "
        f"committee on day {i % 28 + 1}."
        for i in range(sentences)
    )


def answers(base: str, rounds: int) -> None:
    print("## Answers: gzipped for clients that accept it, against plain\n")
    print("| answer | plain bytes | gzip bytes | size ratio | plain ms | gzip ms | time ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    cases = {
        "GET /v1/languages": ("GET", "/v1/languages", None),
        "/v1/summarize, 10 of 40 sentences": (
            "POST",
            "/v1/summarize",
            {"text": article(40), "sentences": 10},
        ),
        "/v1/summarize, 100 of 400 sentences": (
            "POST",
            "/v1/summarize",
            {"text": article(400), "sentences": 100},
        ),
        "GET /openapi.json": ("GET", "/openapi.json", None),
    }
    session = requests.Session()
    for name, (method, path, body) in cases.items():
        sizes: dict[str, int] = {}
        times: dict[str, list[float]] = {"identity": [], "gzip": []}
        for _ in range(rounds):
            for encoding, spent in times.items():
                start = time.perf_counter()
                response = session.request(
                    method,
                    base + path,
                    json=body,
                    headers={"Accept-Encoding": encoding},
                    timeout=60,
                    stream=True,
                )
                response.raw.read()  # the bytes as sent, not inflated
                spent.append(time.perf_counter() - start)
                assert response.status_code == 200, response.status_code
                sizes[encoding] = int(response.headers["Content-Length"])
        plain, packed = (statistics.median(times[e]) * 1000 for e in ("identity", "gzip"))
        print(
            f"| {name} | {sizes['identity']} | {sizes['gzip']} | "
            f"{sizes['gzip'] / sizes['identity']:.2f} | {plain:.1f} | {packed:.1f} | "
            f"{packed / plain:.2f} |"
        )


def bodies(base: str, rounds: int) -> None:
    print("\n## Request bodies: gzipped against plain (/v1/summarize)\n")
    print("| body | plain bytes | gzip bytes | size ratio | plain ms | gzip ms | time ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    texts = {
        "tests/data/article-ru.txt": (DATA / "article-ru.txt").read_text(encoding="utf-8"),
        "an English article, 400 sentences": article(400),
    }
    session = requests.Session()
    for name, text in texts.items():
        plain = json.dumps({"text": text, "sentences": 3}, ensure_ascii=False).encode()
        packed = gzip.compress(plain)
        times: dict[str, list[float]] = {"identity": [], "gzip": []}
        for _ in range(rounds):
            for encoding, data in (("identity", plain), ("gzip", packed)):
                start = time.perf_counter()
                response = session.post(
                    f"{base}/v1/summarize",
                    data=data,
                    headers={"Content-Type": "application/json", "Content-Encoding": encoding},
                    timeout=60,
                )
                times[encoding].append(time.perf_counter() - start)
                assert response.status_code == 200, response.text
        a, b = (statistics.median(times[e]) * 1000 for e in ("identity", "gzip"))
        print(
            f"| {name} | {len(plain)} | {len(packed)} | {len(packed) / len(plain):.2f} | "
            f"{a:.1f} | {b:.1f} | {b / a:.2f} |"
        )


def worker_of(base: str) -> int:
    """The pid of the one gunicorn worker listening at ``base`` (the child of its master)."""
    port = base.rsplit(":", 1)[1]
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            environ = (cmdline.parent / "environ").read_bytes()
        except OSError:
            continue
        if (
            f"PRECIS_BIND=127.0.0.1:{port}".encode() in environ
            and b"gunicorn" in cmdline.read_bytes()
        ):
            children = list(cmdline.parent.glob("task/*/children"))
            if not any(c.read_text().split() for c in children):
                return int(cmdline.parent.name)
    raise LookupError(f"no gunicorn worker for {base}")


def peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise KeyError("VmHWM")


def bombs(base: str, limit: int, rounds: int) -> None:
    print(f"\n## Zip bombs against a body at the limit ({limit} bytes), worker peak memory\n")
    worker = worker_of(base)
    headers = {"Content-Type": "application/json"}
    start = peak_mib(worker)
    frame = b'{"text": "Fine text. More text."}'
    at_limit = frame[:-1] + b" " * (limit - len(frame)) + b"}"
    for _ in range(rounds):
        assert requests.post(f"{base}/v1/detect", data=at_limit, headers=headers).ok
    plain = peak_mib(worker)
    encoder = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    bomb = b"".join(encoder.compress(zeros) for _ in range(800 * limit >> 20)) + encoder.flush()
    for _ in range(rounds):
        answer = requests.post(
            f"{base}/v1/detect", data=bomb, headers={**headers, "Content-Encoding": "gzip"}
        )
        assert answer.status_code == 413, answer.status_code
    bombed = peak_mib(worker)
    print("| worker peak RSS MiB | at start | after plain bodies at the limit | after bombs |")
    print("|---|---:|---:|---:|")
    print(
        f"| VmHWM | {start:.0f} | {plain:.0f} | {bombed:.0f} (bomb: {len(bomb)} bytes "
        f"inflating to {800 * limit >> 20 << 20} bytes, x{rounds}) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40, help="requests of each form per case")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as no_models:
        env = {"PRECIS_WORKERS": "1", "PRECIS_MODELS_DIR": no_models}
        with gunicorn(env) as base:
            answers(base, args.rounds)
            bodies(base, args.rounds)
        limit = 1_000_000
        with gunicorn({**env, "PRECIS_MAX_BODY_BYTES": str(limit)}) as base:
            bombs(base, limit, min(args.rounds, 10))


if __name__ == "__main__":
    main()
