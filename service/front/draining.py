"""Whether this process is draining: it got SIGTERM, stopped accepting connections and is
finishing the requests it already has. Set by the gunicorn worker (``worker.py``), read by
``/readyz`` so a load balancer polling a still-open connection takes the process out of rotation.
One flag per process: a worker is one process, and draining is the whole worker's state."""

from __future__ import annotations

import threading

_draining = threading.Event()


def begin() -> None:
    _draining.set()


def is_draining() -> bool:
    return _draining.is_set()
