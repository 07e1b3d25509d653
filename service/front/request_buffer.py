"""Knowing, from the bytes received so far, when an HTTP/1.1 request has fully arrived.

The worker (``worker.py``) collects a request's bytes without a thread and hands them to one
only when this says so. It is not a parser: gunicorn's parser still parses what it is handed.
This only finds where the request ends (the header block, then ``Content-Length`` bytes or the
chunked body up to its last chunk and trailers), and stops early, handing over what it has, in
every case gunicorn must answer itself: headers longer than gunicorn accepts, framing it cannot
read (gunicorn answers 400), a body over the limit (the app answers 413 after reading at most
``max_body + 1`` bytes, which are then all here). ``whole`` tells whether the complete request is
buffered, so nothing after it will be read from the socket by a thread.

Bytes are scanned once: the scan position is kept between feeds, so a client sending one byte
at a time costs linear work, not quadratic.
"""

from __future__ import annotations

CRLF = b"\r\n"
HEAD_END = b"\r\n\r\n"


class RequestBuffer:
    def __init__(self, max_head: int, max_body: int) -> None:
        self.max_head = max_head
        self.max_body = max_body
        self.data = bytearray()
        #: the request is ready for a thread (complete, or gunicorn must answer it as it is)
        self.ready = False
        #: the complete request is buffered (only meaningful once ``ready``)
        self.whole = False
        #: the client waits for "100 Continue" before it sends its body (``Expect``)
        self.expects_continue = False
        self._body_start = -1  # index after the header block, once found
        self._length: int | None = None  # Content-Length, when the body has one
        self._chunked = False
        self._chunk_pos = 0  # start of the next chunk-size line
        self._payload = 0  # chunk data bytes before _chunk_pos

    def feed(self, chunk: bytes) -> bool:
        """Add received bytes; True once the request should go to a thread."""
        if self.ready:
            self.data += chunk
            return True
        scanned = len(self.data)
        self.data += chunk
        if self._body_start < 0:
            self._find_head(scanned)
        if self._body_start >= 0 and not self.ready:
            self._find_body_end()
        return self.ready

    def _done(self, whole: bool) -> None:
        self.ready = True
        self.whole = whole

    def _find_head(self, scanned: int) -> None:
        start = 0
        while self.data.startswith(CRLF, start):  # empty lines before the request line
            start += 2
        end = self.data.find(HEAD_END, max(start, scanned - 3))
        if end < 0:
            if len(self.data) - start > self.max_head:
                self._done(whole=False)  # gunicorn answers a header block too large
            return
        self._body_start = end + len(HEAD_END)
        self._read_framing(bytes(self.data[start:end]))

    def _read_framing(self, head: bytes) -> None:
        lengths: set[bytes] = set()
        codings: list[bytes] = []
        request_line, *lines = head.split(CRLF)
        for line in lines:
            name, colon, value = line.partition(b":")
            if not colon:
                return self._done(whole=False)  # a malformed header line: gunicorn's 400
            name = name.strip().lower()
            if name == b"content-length":
                lengths.add(value.strip())
            elif name == b"transfer-encoding":
                codings += [c.strip().lower() for c in value.split(b",")]
            elif name == b"expect":  # HTTP/1.0 clients' expectations are ignored (RFC 9110)
                self.expects_continue = value.strip().lower() == b"100-continue" and (
                    request_line.endswith(b"/1.1")
                )
        if codings:
            self._chunked = not lengths and codings[-1] == b"chunked"
            self._chunk_pos = self._body_start
            if not self._chunked:
                self._done(whole=False)  # gunicorn refuses it, or reads it to the end
        elif not lengths:
            self._done(whole=True)  # no body
        elif len(lengths) > 1 or not next(iter(lengths)).isdigit():
            self._done(whole=False)  # conflicting or invalid lengths: gunicorn's 400
        else:
            self._length = int(lengths.pop())
            if self._length > self.max_body:
                self._done(whole=False)  # the app answers 413 without reading it
        return None

    def _find_body_end(self) -> None:
        if self._length is not None:
            if len(self.data) >= self._body_start + self._length:
                self._done(whole=True)
        elif self._chunked:
            while not self.ready and self._next_chunk():
                pass

    def _next_chunk(self) -> bool:
        """Step over one complete chunk; False when more bytes are needed or the end is
        known (``ready``)."""
        data = self.data
        eol = data.find(CRLF, self._chunk_pos)
        if eol < 0:
            if len(data) - self._chunk_pos > self.max_head:
                self._done(whole=False)
            return False
        size = _chunk_size(bytes(data[self._chunk_pos : eol]))
        start = eol + 2
        if size is None:
            self._done(whole=False)  # a broken size line: gunicorn's 400
        elif size == 0:
            self._find_trailers_end(start)
        elif self._payload + size > self.max_body:
            # the app reads max_body + 1 bytes, then answers 413: wait for those only
            if len(data) - start >= self.max_body + 1 - self._payload:
                self._done(whole=False)
        elif len(data) >= start + size + 2:
            if data[start + size : start + size + 2] != CRLF:
                self._done(whole=False)  # a missing chunk terminator: gunicorn's 400
            else:
                self._payload += size
                self._chunk_pos = start + size + 2
                return True
        return False

    def _find_trailers_end(self, start: int) -> None:
        if self.data.startswith(CRLF, start):
            return self._done(whole=True)
        if self.data.find(HEAD_END, start - 2) >= 0:
            return self._done(whole=True)
        if len(self.data) - start > self.max_head:
            self._done(whole=False)
        return None


def _chunk_size(line: bytes) -> int | None:
    """A chunk-size line's size (extensions ignored), None when it has none."""
    try:
        size = int(line.split(b";")[0].strip(), 16)
    except ValueError:
        return None
    return size if size >= 0 else None
