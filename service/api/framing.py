"""The body limit for bodies sent without a length (``Transfer-Encoding: chunked``).

With a ``Content-Length``, werkzeug refuses a body over ``MAX_CONTENT_LENGTH`` before reading
it. A chunked body has no length: werkzeug then reads it only up to the limit and stops, so an
oversized body was silently cut (a 400 "not valid JSON", or worse a 200 for valid JSON followed
by bytes past the limit), and a broken chunk-size line raised out of the server's reader as a
500. This WSGI middleware reads such a body first, at most limit + 1 bytes, and hands the app
either the body with its length, or a length over the limit (so the route answers 413 as for a
declared length), or a stream that raises 400 when read (malformed framing). The route's own
error handlers render those, so each API dialect answers in its own shape. ``encoding.py``
(compressed bodies) hands bodies over the same two ways: ``bounded_body`` and ``failing_body``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.exceptions import BadRequest

WSGIApp = Any  # a WSGI callable (environ, start_response) -> iterable of bytes


class MalformedBody(BadRequest):
    """A body that cannot be read as sent (a 400 the JSON reader lets through as it is)."""

    description = "The chunked request body is malformed (a chunk size or terminator)."


class _Failing(io.RawIOBase):
    """A body stream that answers every read with ``error`` (the 4xx the body deserves)."""

    def __init__(self, error: Callable[[], Exception]) -> None:
        self._error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise self._error()


def failing_body(environ: dict[str, Any], error: Callable[[], Exception]) -> None:
    """Hand the app a body whose first read raises ``error``: the route's own error handlers
    then answer it, in its dialect's shape."""
    environ["wsgi.input"] = io.BufferedReader(_Failing(error))
    environ["CONTENT_LENGTH"] = "1"


def bounded_body(environ: dict[str, Any], body: bytes) -> None:
    """Hand the app ``body`` with its length: over the limit, the declared length makes the
    route answer 413 without reading it."""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))


class BoundedChunkedBody:
    def __init__(self, app: WSGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            self._buffer(environ)
        return self.app(environ, start_response)  # type: ignore[no-any-return]

    def _buffer(self, environ: dict[str, Any]) -> None:
        stream = environ["wsgi.input"]
        try:
            body = read_at_most(stream, self.max_bytes + 1)
        except Exception:  # the server's chunk parser: bad size line, missing terminator, EOF
            failing_body(environ, MalformedBody)
        else:
            bounded_body(environ, body)
        environ.pop("wsgi.input_terminated", None)
        environ.pop("HTTP_TRANSFER_ENCODING", None)


def read_at_most(stream: Any, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    while size < limit:
        block = stream.read(min(65536, limit - size))
        if not block:
            break
        parts.append(block)
        size += len(block)
    return b"".join(parts)
