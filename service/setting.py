"""Declaring a setting once: its default and the values it may take.

``setting(4, low=1)`` is a dataclass field whose metadata ``service.config`` reads to check the
value at start-up (in gunicorn's master, before it forks), so a value that cannot work (0
workers, a beam of 0, an unknown compute type) stops the service with a message naming the
variable, instead of a service that hangs or answers 500 later. Fields marked ``FIXED`` are
constants, not settings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import Field, field
from typing import Any

#: field metadata of an option that no environment variable sets
FIXED: dict[str, Any] = {"setting": False}


def setting(
    default: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    choices: Collection[str] | None = None,
    check: Callable[[Any], str | None] | None = None,
    pattern: str | None = None,
) -> Any:
    """A setting's field: ``default``, and the range or the choices its value must be in
    (``choices`` compare without case; ``pattern`` is a regular expression the whole value must
    match); ``check``, for a value with a form of its own, says what is wrong with one (None:
    nothing)."""
    metadata = {"low": low, "high": high, "choices": choices, "check": check, "pattern": pattern}
    return field(default=default, metadata=metadata)


def problem(item: Field[Any], value: Any) -> str | None:
    """What is wrong with ``value`` for the setting ``item``, or None."""
    low, high = item.metadata.get("low"), item.metadata.get("high")
    choices = item.metadata.get("choices")
    if low is not None and value < low:
        return f"must be at least {low:g}" + (f" and at most {high:g}" if high is not None else "")
    if high is not None and value > high:
        return f"must be at most {high:g}"
    if choices is not None and str(value).lower() not in {c.lower() for c in choices}:
        return f"must be one of: {', '.join(choices)}"
    pattern = item.metadata.get("pattern")
    if pattern is not None and not re.fullmatch(pattern, str(value)):
        return f"must match {pattern}"
    check = item.metadata.get("check")
    return check(value) if check is not None else None
