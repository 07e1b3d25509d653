"""Compressed request bodies (``Content-Encoding: gzip`` or ``deflate``), decoded within the
body limit.

A large article compresses four to ten times, so a client may send it gzipped. The limit
(``PRECIS_MAX_BODY_BYTES``) is on what the app reads, so it holds AFTER decompression: this
WSGI middleware inflates the body incrementally and stops one byte past the limit, which makes
a zip bomb (a few KiB that inflate to gigabytes) a 413 that never holds more than the limit in
memory. The app then sees an ordinary body with its length, as ``framing.BoundedChunkedBody``
hands it a de-chunked one (it runs first, so a chunked gzip body works too).

Failures are handed to the app as a body whose first read raises, so each API dialect answers
in its own shape: a corrupt or truncated stream is a 400, an encoding other than the ones below
a 415 naming them. A compressed body over the limit as sent is refused by its length (413)
before anything is inflated.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

from werkzeug.exceptions import UnsupportedMediaType

from .framing import MalformedBody, bounded_body, failing_body

WSGIApp = Any  # a WSGI callable (environ, start_response) -> iterable of bytes

#: ``Content-Encoding`` values accepted, and the zlib window that reads each: gzip's header,
#: and HTTP's "deflate", which is the zlib format (RFC 9110)
GZIP = 16 + zlib.MAX_WBITS
DECODERS = {"gzip": GZIP, "x-gzip": GZIP, "deflate": zlib.MAX_WBITS}
#: what the 415 lists (``identity`` means not encoded)
ALLOWED = ["gzip", "deflate", "identity"]
_BLOCK = 65536


class CorruptBody(MalformedBody):
    description = "The body is not valid for its Content-Encoding (corrupt or cut short)."


class UnsupportedEncoding(UnsupportedMediaType):
    """A ``Content-Encoding`` the service cannot decode; ``allowed`` names those it can."""

    allowed = ALLOWED

    def __init__(self, encoding: str) -> None:
        super().__init__(
            f"Content-Encoding {encoding!r} is not supported; send the body as "
            f"{', '.join(ALLOWED[:-1])} or not encoded."
        )


class DecodedBody:
    def __init__(self, app: WSGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        encoding = environ.get("HTTP_CONTENT_ENCODING", "").strip().lower()
        if encoding and encoding != "identity":
            self._decode(environ, encoding)
        return self.app(environ, start_response)  # type: ignore[no-any-return]

    def _decode(self, environ: dict[str, Any], encoding: str) -> None:
        if encoding not in DECODERS:
            failing_body(environ, lambda: UnsupportedEncoding(encoding))
            return
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return  # werkzeug answers a malformed length as it always does
        if declared > self.max_bytes:
            return  # refused by its length, 413, without inflating anything
        try:
            body = inflate(environ["wsgi.input"], declared, DECODERS[encoding], self.max_bytes + 1)
        except (zlib.error, EOFError):
            failing_body(environ, CorruptBody)
        else:
            bounded_body(environ, body)  # over the limit: 413
        environ.pop("HTTP_CONTENT_ENCODING", None)


def inflate(stream: Any, length: int, wbits: int, limit: int) -> bytes:
    """The first ``limit`` bytes (at most) of the ``length`` compressed bytes of ``stream``.
    zlib.error for a corrupt stream (or bytes after a zlib stream's end), EOFError for one that
    ends before its end marker. A gzip body may hold several members (RFC 1952), one after
    the other: each is inflated in turn, none is silently dropped."""
    decoder = zlib.decompressobj(wbits)
    parts: list[bytes] = []
    size = 0
    remaining = length
    pending = b""
    while size < limit:
        if not pending:
            pending = stream.read(min(_BLOCK, remaining)) if remaining > 0 else b""
            if not pending:
                break
            remaining -= len(pending)
        if decoder.eof:  # bytes after a member: the next member, or garbage (zlib.error)
            if wbits != GZIP:
                raise zlib.error("bytes after the end of the deflate stream")
            decoder = zlib.decompressobj(wbits)
        # max_length bounds each step's output; the input left waits in unconsumed_tail
        piece = decoder.decompress(pending, limit - size)
        parts.append(piece)
        size += len(piece)
        pending = decoder.unused_data if decoder.eof else decoder.unconsumed_tail
    if size < limit and not decoder.eof:
        raise EOFError("the compressed body ends before its end marker")
    return b"".join(parts)
