"""Admission control: each worker runs a bounded number of requests per lane, and says so at
once (``Overloaded``, a 503 with ``Retry-After``) rather than queueing without end.

Two lanes, each with its own slots and its own bounded queue, so work of one kind cannot starve
the other: "heavy" (translations, which hold a CTranslate2 thread for seconds) and "light"
(summaries, detection, language lists: milliseconds of Python). A request takes a free slot of
its lane, or waits in the lane's queue; it is refused at once when the queue is full, or when
its expected wait (the requests queued ahead of it times the lane's recent service time, over
its slots) is over ``max_wait``; a request that has waited ``max_wait`` (or until its
deadline) without a slot is refused then. Nothing here knows of HTTP: ``service.api.admission``
picks the lane of a request and holds its slot while the request is served.

Threads: gunicorn's gthread worker hands each request to a pool thread before anything here
sees it, and a request waiting for a slot holds its thread. A worker therefore needs
``threads_needed()`` threads (every slot and queue place of both lanes, plus one spare that
answers refusals and probes at once); with fewer, requests queue unseen in gunicorn again.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .errors import Overloaded
from .setting import setting

#: weight of the newest request in a lane's running mean of service time
_SMOOTHING = 0.2


@dataclass(frozen=True)
class QueueLimits:
    """Each worker's lanes (``PRECIS_QUEUE_*``)."""

    #: translations one worker runs at once. 2: CTranslate2 decodes inter_threads (2) batches
    #: at once per model, so a third call would only wait inside it, holding a thread
    heavy: int = setting(2, low=1)
    #: summaries, detections and language lists one worker runs at once (their own slots, so
    #: translations cannot starve them)
    light: int = setting(2, low=1)
    #: translations that may wait for a slot, per worker; one more is refused at once
    heavy_waiting: int = setting(4, low=0)
    #: summaries, detections and language lists that may wait for a slot, per worker (more than
    #: translations: each holds its slot a fraction of a second)
    light_waiting: int = setting(16, low=0)
    #: seconds a request may wait for a slot; one expected to wait longer is refused at once
    max_wait: float = setting(10.0, low=0)

    def threads_needed(self) -> int:
        """Threads per worker for every slot and queue place, plus one to refuse at once."""
        return self.heavy + self.light + self.heavy_waiting + self.light_waiting + 1


@dataclass(frozen=True)
class Ticket:
    """A slot taken: give it back with ``Lane.leave``."""

    started: float


class Lane:
    """``slots`` requests at once, ``waiting`` more queued, the rest refused."""

    def __init__(
        self,
        name: str,
        slots: int,
        waiting: int,
        max_wait: float,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.slots = slots
        self.waiting = waiting
        self.max_wait = max_wait
        self._clock = clock
        self._ready = threading.Condition()
        self.running = 0
        self.queued = 0
        #: running mean of the seconds a request holds a slot (0: none measured yet)
        self.service_time = 0.0
        #: requests refused so far, for metrics and tests
        self.refused = 0

    def enter(self, patience: float | None = None) -> Ticket:
        """A slot, after waiting at most ``max_wait`` (and ``patience``, the request's time
        left, if less); ``Overloaded`` when the queue is full, the expected wait too long, or
        no slot came in time."""
        with self._ready:
            if self.running < self.slots and self.queued == 0:
                self.running += 1
                return Ticket(self._clock())
            limit = self.max_wait if patience is None else max(0.0, min(self.max_wait, patience))
            # the requests ahead of it, each holding a slot for the lane's recent service time
            expected = self.queued * self.service_time / self.slots
            if self.queued >= self.waiting or expected > limit:
                raise self._refusal(f"{self.queued} requests wait already", expected)
            self.queued += 1
            give_up = self._clock() + limit
            try:
                while self.running >= self.slots:
                    left = give_up - self._clock()
                    if left <= 0:
                        raise self._refusal(f"none came free in {limit:g} s", expected)
                    self._ready.wait(left)
                self.running += 1
                return Ticket(self._clock())
            finally:
                self.queued -= 1

    def leave(self, ticket: Ticket) -> None:
        """Give the slot back; its time counts in the lane's service time."""
        held = max(0.0, self._clock() - ticket.started)
        with self._ready:
            self.running -= 1
            self.service_time = (
                held
                if self.service_time == 0
                else (1 - _SMOOTHING) * self.service_time + _SMOOTHING * held
            )
            self._ready.notify()

    def _refusal(self, why: str, expected: float) -> Overloaded:
        self.refused += 1
        retry = max(1, math.ceil(expected or self.service_time))
        return Overloaded(
            f"This worker is busy with {self.name} requests ({self.slots} running, {why}); "
            f"retry in {retry} s.",
            retry_after=retry,
        )


@dataclass
class Lanes:
    heavy: Lane
    light: Lane

    @classmethod
    def from_limits(cls, limits: QueueLimits) -> Lanes:
        return cls(
            heavy=Lane("translation", limits.heavy, limits.heavy_waiting, limits.max_wait),
            light=Lane(
                "summary and detection", limits.light, limits.light_waiting, limits.max_wait
            ),
        )
