"""A throw-away ``redis-server`` for the Redis cache tests and benchmarks.

(Named ``redis_server`` so that it never shadows the ``redis`` client package.)
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis

from .servers import free_port, stop


@contextmanager
def redis_server() -> Iterator[str]:
    """A throw-away ``redis-server`` on a free 127.0.0.1 port, without persistence; its URL.

    Skips the calling test when ``redis-server`` is not installed (a benchmark checks
    ``shutil.which("redis-server")`` first)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (scripts/test installs Debian's as root)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_for(url, process)
        yield url
    finally:
        stop(process)
        if process.stdout is not None:
            process.stdout.close()


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"redis-server exited with {process.returncode}: {output}")
        try:
            client.ping()
            return
        except redis.ConnectionError:
            time.sleep(0.05)
        finally:
            client.close()
    raise RuntimeError(f"redis-server at {url} did not answer within 10 s")
