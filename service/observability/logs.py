"""Logging, set up once per process: one line per event, JSON by default, text for humans.

A JSON line holds ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``pid``, ``message``, the
``request_id`` of the request being served (when there is one) and any fields the call passed
as ``extra`` (the per-request summary's route, status, duration_ms ...). ``PRECIS_LOG_FORMAT=
text`` writes the same as ``time LEVEL [pid] logger: message key=value ...``.

The formatter is python-json-logger's: it formats stdlib ``logging`` records, which is what the
service's modules, its libraries and gunicorn already write, so nothing else changes (structlog
would have meant a second logging API, or wrapping the stdlib one anyway).

``configure_logging`` puts one handler on the root logger, writing to standard error; the
service's logger gets ``PRECIS_LOG_LEVEL``, other libraries stay at WARNING. gunicorn's own
loggers (``gunicorn.error``, ``gunicorn.access``) keep their handlers and are given the same
formatter by ``service.observability.gunicorn_hooks``.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from .context import current_request_id

JSON = "json"
TEXT = "text"
#: the logger the service's modules log under (``service.translate.engine`` ...)
SERVICE_LOGGER = "service"
#: LogRecord attributes that are not a call's own ``extra`` fields
_STANDARD = frozenset(RESERVED_ATTRS) | {"message", "asctime", "taskName"}


class RequestIdFilter(logging.Filter):
    """Gives a record the id of the request being served on its thread, unless the call passed
    one (gunicorn's access line does: it is written after the request's context is closed)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            request_id = current_request_id()
            if request_id is not None:
                record.request_id = request_id
        return True


class TextFormatter(logging.Formatter):
    """``time LEVEL [pid] logger: message``, then each extra field as ``key=value``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = [
            f"{key}={value}"
            for key, value in record.__dict__.items()
            if key not in _STANDARD and not key.startswith("_")
        ]
        if not extras:
            return line
        # the traceback (if any) stays last, on the lines after the first
        first, _, rest = line.partition("\n")
        return " ".join([first, *extras]) + (f"\n{rest}" if rest else "")


def build_formatter(log_format: str) -> logging.Formatter:
    if log_format == TEXT:
        return TextFormatter()
    if log_format != JSON:
        raise ValueError(f"unknown log format {log_format!r}; expected {JSON!r} or {TEXT!r}")
    return JsonFormatter(
        ["levelname", "name", "process", "message"],
        rename_fields={"levelname": "level", "name": "logger", "process": "pid"},
        timestamp="time",
        json_ensure_ascii=False,
    )


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is when a record comes (as ``logging.lastResort``
    does), so a test runner that swaps the stream never leaves it writing to a closed one."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:  # the base class sets it; the property ignores it
        pass


def configure_logging(log_format: str, level: str) -> None:
    """Root handler and levels for this process. Called again (a test building another app),
    it replaces its own handler instead of adding a second."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, StderrHandler):
            root.removeHandler(handler)
    handler = StderrHandler()
    handler.setFormatter(build_formatter(log_format))
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    logging.getLogger(SERVICE_LOGGER).setLevel(level)
    # warnings.warn(...) from libraries goes through logging too, in the same shape
    logging.captureWarnings(True)
