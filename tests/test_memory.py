"""A worker gives the memory a long request freed back to the system (``service.memory``):
glibc keeps freed pages for reuse, so without a trim a worker's RSS stays at the peak of its
largest request (bench/soak_bench.py measures that under load)."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from service import memory

MIB = 2**20


def rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(memory._malloc_trim is None, reason="malloc_trim is glibc's")
def test_freed_heap_goes_back_to_the_system_on_release() -> None:
    # 2 KB objects come from malloc's heap (not Python's small-object pools, not mmap); the last
    # one stays alive, so the heap cannot shrink from its top on its own
    chunks = [bytes(2000) + bytes([i % 256]) for i in range(60_000)]
    pinned = chunks[-1]
    del chunks
    before = rss()
    assert memory.release_freed_memory() is True
    assert before - rss() > 60 * MIB, "the ~120 MB freed stayed with the process"
    assert pinned[-1] == 59_999 % 256


def request_started(seconds_ago: float) -> SimpleNamespace:
    req = SimpleNamespace()
    memory.pre_request(None, req)
    req.precis_started -= seconds_ago
    return req


@pytest.mark.parametrize(("seconds", "trims"), [(0.0, 0), (memory.TRIM_AFTER_SECONDS + 0.5, 1)])
def test_only_a_long_request_is_followed_by_a_trim(
    monkeypatch: pytest.MonkeyPatch, seconds: float, trims: int
) -> None:
    calls: list[float] = []
    monkeypatch.setattr(memory, "release_freed_memory", lambda: calls.append(time.monotonic()))
    memory.post_request(None, request_started(seconds), {}, None)
    assert len(calls) == trims


def test_a_request_the_pre_hook_did_not_see_is_not_trimmed_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(memory, "release_freed_memory", lambda: calls.append(1))
    memory.post_request(None, SimpleNamespace(), {}, None)
    assert calls == []
