"""Starting real gunicorn servers for tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a server this kit started: SIGTERM, then SIGKILL if it is not gone in 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_ready(
    base: str, process: subprocess.Popen[bytes], seconds: float = 120, probe: str = "/readyz"
) -> None:
    """Wait until ``probe`` answers 200 (``/healthz`` for a server expected not to be ready)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            if requests.get(f"{base}{probe}", timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{base}/readyz not ready after {seconds}s")


@contextmanager
def gunicorn(
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
    probe: str = "/readyz",
    root: Path = ROOT,
) -> Iterator[str]:
    """Run ``gunicorn -c gunicorn.conf.py`` on a free loopback port; yield its base URL once
    ``probe`` answers 200. Its output goes to ``log`` when given. ``root``: the checkout whose
    code it serves (a benchmark runs another one's side by side, e.g. main's)."""
    with gunicorn_process(env, log, probe, root) as (base, _):
        yield base


@contextmanager
def gunicorn_process(
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
    probe: str = "/readyz",
    root: Path = ROOT,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``gunicorn()``, yielding the master process too (to signal it)."""
    port = free_port()
    full_env = {**os.environ, **(env or {}), "PRECIS_BIND": f"127.0.0.1:{port}"}
    output = log.open("wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=root,
        env=full_env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process, probe=probe)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=90)
        if log:
            output.close()  # type: ignore[union-attr]
