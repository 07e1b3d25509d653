"""The WSGI middleware that follows each request: its id, its tally, its summary line and its
metrics.

On the way in: the request id is chosen (``request_id``), the request's context opened
(``context``) and the in-flight gauge raised. The response gets ``X-Request-ID``. The context is
closed when the app returns its response (so nothing of a request outlives it on the thread,
even with a caller that never closes the body, as Flask's test client). When the body is done
(the server closes it), one summary line is logged (``service.requests``: route, method,
status, duration_ms, characters, sentences, cache hits, truncated, and the id; no text) and the
metrics recorded.

It wraps the whole app, body framing included, so every answer, whoever renders it, is counted
and echoes the id. ``install`` puts it on a Flask app, with the ``before_request`` hook that
notes which URL rule matched (the route label: never the raw path, so probes of random paths
add no label values).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from flask import Flask, request

from .context import RequestWork, close_request, note_request, open_request
from .metrics import Metrics
from .request_id import HEADER, WSGI_KEY, request_id_from

WSGIApp = Any  # a WSGI callable (environ, start_response) -> iterable of bytes
EXTENSION_KEY = "precis.metrics"
#: methods counted under their own name; anything else is "other" (bounded label values)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

requests_log = logging.getLogger("service.requests")


class Observed:
    def __init__(self, app: WSGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        started = time.perf_counter()
        request_id = request_id_from(environ.get(WSGI_KEY))
        # the app sees the id it answers with, whether it was received or made here
        environ[WSGI_KEY] = request_id
        work, opened = open_request(request_id)
        self.metrics.in_flight.inc()
        status: list[int] = [500]

        def start(code: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status[0] = int(code.split(None, 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() != HEADER.lower()]
            headers.append((HEADER, request_id))
            return start_response(code, headers, exc_info)

        def finish() -> None:
            try:
                method = environ.get("REQUEST_METHOD", "")
                method = method if method in METHODS else "other"
                seconds = time.perf_counter() - started
                _log_summary(work, request_id, method, status[0], seconds)
                self.metrics.record(work, method, status[0], seconds)
            finally:
                self.metrics.in_flight.dec()

        try:
            body = self.app(environ, start)
        except BaseException:
            finish()
            raise
        finally:
            close_request(opened)
        return _ClosingBody(body, finish)


class _ClosingBody:
    """The app's response body, with ``on_close`` run once when the server closes it."""

    def __init__(self, body: Iterable[bytes], on_close: Callable[[], None]) -> None:
        self._body = body
        self._on_close: Callable[[], None] | None = on_close

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            on_close, self._on_close = self._on_close, None
            if on_close is not None:
                on_close()


def _log_summary(
    work: RequestWork, request_id: str, method: str, status: int, seconds: float
) -> None:
    route = work.route or "unmatched"
    requests_log.info(
        "%s %s %d",
        method,
        route,
        status,
        extra={
            "route": route,
            "method": method,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
            "characters": work.characters,
            "sentences": work.sentences,
            "translated_sentences": sum(work.translated_sentences.values()),
            "cache_hits": work.cache_hits,
            "cache_misses": work.cache_misses,
            "truncated": work.truncated,
            "request_id": request_id,
        },
    )


def _note_route() -> None:
    rule = request.url_rule
    note_request(route=rule.rule if rule is not None else None)


def install(app: Flask, metrics: Metrics) -> None:
    """Follow every request of ``app``: call last, after every other WSGI middleware is on,
    so that this one is outermost."""
    app.extensions[EXTENSION_KEY] = metrics
    app.before_request_funcs.setdefault(None, []).insert(0, _note_route)
    app.wsgi_app = Observed(app.wsgi_app, metrics)  # type: ignore[method-assign]


def metrics_of(app: Flask) -> Metrics:
    metrics: Metrics = app.extensions[EXTENSION_KEY]
    return metrics
