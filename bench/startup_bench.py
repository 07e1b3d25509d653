"""Start-up time and memory of one gunicorn worker, with and without the translation models.

Starts gunicorn (1 worker) on a loopback port, times from launch to the first 200 of /readyz,
then reads the worker's resident memory (VmRSS, and VmHWM: its peak) from /proc, once with the
installed models and once with an empty models folder (the summary-only baseline), side by side.

    .venv/bin/python bench/startup_bench.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from testkit.servers import free_port  # noqa: E402

MODELS = ROOT / "var" / "models"


def proc_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def measure(models_dir: Path) -> tuple[float, float, float]:
    """Seconds to /readyz, worker RSS MiB, worker peak RSS MiB."""
    port = free_port()
    env = {
        **os.environ,
        "PRECIS_BIND": f"127.0.0.1:{port}",
        "PRECIS_WORKERS": "1",
        "PRECIS_MODELS_DIR": str(models_dir),
        # the run without models is a summaries-only server: ready without a package (models
        # load when the worker starts either way, so this does not change the timing)
        "PRECIS_REQUIRE_PAIRS": "none",
    }
    started = time.perf_counter()
    master = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=5).ok:
                    break
            except requests.RequestException:
                time.sleep(0.05)
        ready = time.perf_counter() - started
        children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
        worker = int(children[0])
        return ready, proc_kib(worker, "VmRSS") / 1024, proc_kib(worker, "VmHWM") / 1024
    finally:
        master.terminate()
        master.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    installed = sorted(p.name for p in MODELS.glob("*/metadata.json")) if MODELS.exists() else []
    print(f"models in {MODELS}: {', '.join(p.split('/')[0] for p in installed) or 'none'}\n")
    with tempfile.TemporaryDirectory() as empty:
        rows: dict[str, list[tuple[float, float, float]]] = {"with models": [], "no models": []}
        for _ in range(args.rounds):  # alternate, so noise hits both alike
            rows["with models"].append(measure(MODELS))
            rows["no models"].append(measure(Path(empty)))
    print("| worker | start to /readyz s (median) | RSS MiB | peak RSS MiB |\n|---|---|---|---|")
    for name, values in rows.items():
        ready, rss, peak = (statistics.median(v[i] for v in values) for i in range(3))
        print(f"| {name} | {ready:.2f} | {rss:.0f} | {peak:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
