"""A request's time budget (``PRECIS_REQUEST_TIMEOUT``): when it runs out, the work stops.

The API starts a ``Deadline`` when a request arrives (``service.api.admission``) and makes it
the current one for the thread serving it (a context variable, so domain code needs no extra
argument and knows nothing of Flask). Long work calls ``check()`` between its steps (the
translation model before each CTranslate2 call, ``translate.model``), which raises
``BudgetExceeded`` once the budget is spent: the model is never left decoding for a client
that has been answered. No deadline is current outside a request (scripts, unit tests): then
``check()`` does nothing.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, field

from .errors import BudgetExceeded

#: the environment variable of the budget, named in the error a client gets
SETTING = "PRECIS_REQUEST_TIMEOUT"


@dataclass(frozen=True)
class Deadline:
    #: seconds the request was given
    budget: float
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    #: ``clock()`` when the budget runs out
    at: float = -1.0

    def __post_init__(self) -> None:
        if self.at < 0:
            object.__setattr__(self, "at", self.clock() + self.budget)

    def remaining(self) -> float:
        """Seconds left (negative once over)."""
        return self.at - self.clock()

    def check(self) -> None:
        """``BudgetExceeded`` once the budget is spent."""
        if self.remaining() <= 0:
            raise BudgetExceeded(
                f"The request ran over its time budget of {self.budget:g} s ({SETTING}="
                f"{self.budget:g}) and was stopped. Send less text per request, or retry "
                "when the service is less busy.",
                retry_after=math.ceil(self.budget),
            )


_current: ContextVar[Deadline | None] = ContextVar("precis_deadline", default=None)


def current() -> Deadline | None:
    """This thread's request deadline, if any."""
    return _current.get()


def check() -> None:
    """``BudgetExceeded`` if the current request is over its budget; nothing outside one."""
    deadline = _current.get()
    if deadline is not None:
        deadline.check()


def begin(deadline: Deadline) -> Token[Deadline | None]:
    """Make ``deadline`` the current one, until ``end`` with the token returned."""
    return _current.set(deadline)


def end(token: Token[Deadline | None]) -> None:
    """Restore the deadline current before ``begin`` (a pool thread serves other requests)."""
    _current.reset(token)


@contextmanager
def within(deadline: Deadline) -> Iterator[Deadline]:
    """Make ``deadline`` the current one inside the block."""
    token = begin(deadline)
    try:
        yield deadline
    finally:
        end(token)
