"""Giving a worker's freed memory back to the system after a long request.

A request's memory is freed when it ends, but glibc's malloc keeps the freed pages in its
arenas for reuse, so a worker's RSS stays at the peak of the largest request it has served:
one 40-line unpunctuated Chinese text took an app from 394 to 631 MiB, an HTML article of 30
paragraphs to 564 MiB, and both went back to about 405 MiB on ``malloc_trim(0)`` (measured in
one process). tracemalloc in the soak (``bench/soak_bench.py --tracemalloc``) saw the Python
heap grow by under 2 MiB: nothing leaks, the allocator holds. Under mixed load the peaks of
several threads add up, so a worker's RSS kept climbing: in a 10-minute soak the lowest RSS of
a minute grew by 32% and 6% after minute 2 and none of it came back once the load stopped (624
and 614 MiB); with the trim, side by side, -2% and -4% (452 and 441 MiB once stopped).

gunicorn's request hooks (``gunicorn.conf.py``) call ``post_request`` here: after a request
that took ``TRIM_AFTER_SECONDS`` or more, the worker returns the free pages of every arena.
Elsewhere than glibc (no ``malloc_trim``) this does nothing.
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Callable
from typing import Any

#: requests this long can have allocated hundreds of MiB (the model's work); quicker ones did
#: not allocate enough to matter, and a trim (0.05 to 2 ms measured) would be a share of them
TRIM_AFTER_SECONDS = 0.1
_STARTED = "precis_started"


def _find_malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl, macOS): nothing to trim this way
        return None
    trim: Callable[[int], int] | None = getattr(libc, "malloc_trim", None)
    return trim


_malloc_trim = _find_malloc_trim()


def release_freed_memory() -> bool:
    """Return the free pages of every malloc arena to the system; False where that cannot be
    done (not glibc)."""
    if _malloc_trim is None:
        return False
    _malloc_trim(0)
    return True


def pre_request(worker: Any, req: Any) -> None:
    """gunicorn's hook: note when the request started."""
    setattr(req, _STARTED, time.monotonic())


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    """gunicorn's hook: after a long request, give what it freed back."""
    started = getattr(req, _STARTED, None)
    if started is not None and time.monotonic() - started >= TRIM_AFTER_SECONDS:
        release_freed_memory()
