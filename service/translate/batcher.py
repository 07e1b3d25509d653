"""Batching across requests: concurrent requests to one model share ``translate_batch`` calls.

gunicorn's threads serve several requests at once in one worker. Without this, each request
makes its own CTranslate2 call and they queue behind each other (``inter_threads`` = 1) or
split the two cores (> 1), each with small batches. Here a request's sentences join a queue;
one thread per model takes everything queued when the model becomes free and translates it in
one call. So batches grow with load and an idle model adds no wait (``window`` > 0 waits that
long for company before a call; measured in ``bench/concurrency_bench.py``).

Off by default (``PRECIS_TRANSLATE_CROSS_REQUEST_BATCHING``): once a lone call is split across
the inter threads and concurrent calls run side by side in CTranslate2, one shared call at a
time measured slower over HTTP (4 clients 21-23 against 24-27 sentences/s).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Run = Callable[[list[list[str]], int], list[Any]]


@dataclass
class _Job:
    batch: list[list[str]]
    cap: int
    done: threading.Event = field(default_factory=threading.Event)
    outputs: list[Any] = field(default_factory=list)
    error: BaseException | None = None

    @property
    def tokens(self) -> int:
        return sum(len(tokens) for tokens in self.batch)


class Batcher:
    """Runs ``run(batch, cap)`` for the jobs of many threads, several jobs per call."""

    def __init__(
        self, run: Run, *, max_tokens: int, window: float = 0.0, name: str = "batcher"
    ) -> None:
        self._run = run
        self._max_tokens = max_tokens
        self._window = window
        self._queue: list[_Job] = []
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()
        #: calls made and jobs served, for tests and benchmarks
        self.calls = 0
        self.jobs = 0

    def translate(self, batch: list[list[str]], cap: int) -> list[Any]:
        """Outputs for ``batch`` (in order), from a call that may include other requests."""
        job = _Job(batch, cap)
        with self._ready:
            self._queue.append(job)
            self._ready.notify()
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.outputs

    def _serve(self) -> None:
        while True:
            jobs = self._take()
            batch = [tokens for job in jobs for tokens in job.batch]
            try:
                outputs = self._run(batch, max(job.cap for job in jobs))
            except BaseException as exc:  # handed to every waiting request, which re-raises
                for job in jobs:
                    job.error = exc
                    job.done.set()
                continue
            self.calls += 1
            self.jobs += len(jobs)
            start = 0
            for job in jobs:
                job.outputs = outputs[start : start + len(job.batch)]
                start += len(job.batch)
                job.done.set()

    def _take(self) -> list[_Job]:
        """Wait for work; then take what is queued (up to the token budget, at least one)."""
        with self._ready:
            while not self._queue:
                self._ready.wait()
            if self._window > 0:
                deadline = time.monotonic() + self._window
                while (
                    sum(job.tokens for job in self._queue) < self._max_tokens
                    and (left := deadline - time.monotonic()) > 0
                ):
                    self._ready.wait(left)
            taken = [self._queue.pop(0)]
            budget = self._max_tokens - taken[0].tokens
            while self._queue and self._queue[0].tokens <= budget:
                budget -= self._queue[0].tokens
                taken.append(self._queue.pop(0))
            return taken
