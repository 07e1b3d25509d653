"""gunicorn's threaded worker, with each request read whole before a thread takes it, and a
drain on SIGTERM that closes the listener.

Why: gunicorn's ``gthread`` worker hands an accepted connection to a pool thread as soon as its
first byte arrives, and the thread then reads the headers and the body itself, blocking. Clients
that send slowly (slowloris: one byte at a time, or headers then a trickling body) hold every
thread, and the CPU work (translation, summaries) waits behind them: 16 such sockets made every
probe time out. gunicorn has no setting that bounds reading a request (``timeout`` is the
worker's heartbeat), and its deployment notes advise a buffering proxy in front.

This worker is that buffer, inside gunicorn, without another process: the worker's own event
loop (the selector gthread already runs for accepting and for kept-alive connections) reads each
request's bytes without blocking into a ``RequestBuffer`` and submits the connection to the
thread pool only when the request has fully arrived, the bytes put back in front of gunicorn's
parser; the thread then parses and serves it without waiting on the client. A request that has
not arrived within ``PRECIS_CLIENT_TIMEOUT`` seconds is answered 408 (problem+json) and closed,
or just closed if nothing came, without ever having held a thread.

Alternatives weighed (issue 11): the uvicorn worker with an ASGI-to-WSGI adapter (a2wsgi) has no
deadline for receiving a request (its only one, ``timeout_keep_alive``, is reset by every byte
received: xorbitsai/inference pull request 5213 had to add one), and the adapter's thread
blocks reading a trickling body;
gevent or eventlet would stall their hub during every CTranslate2 call, which does not yield;
gunicorn settings alone cannot bound request reading. Keeping gthread's pool and loop changes
the least: the same threads, keep-alive, chunked bodies (``service/api/framing.py`` still reads
them, from memory now) and error pages.

Drain: on SIGTERM the worker stops accepting and closes its copy of the listening socket (once
every worker has, the kernel refuses new connections instead of queueing connections no one
will serve), sets ``draining`` (``/readyz`` answers 503), and gthread then finishes what it has
for up to ``graceful_timeout``, which ``gunicorn.conf.py`` derives from the per-request budget.

Connections gunicorn itself must read (TLS, HTTP/2 with prior knowledge) keep gthread's path.
"""

from __future__ import annotations

import contextlib
import errno
import json
import selectors
import socket
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from gunicorn.http.errors import NoMoreData
from gunicorn.http.unreader import SocketUnreader
from gunicorn.http2 import negotiation
from gunicorn.workers.gthread import TConn, ThreadWorker

from ..config import ServerSettings, Settings
from . import draining
from .request_buffer import RequestBuffer

#: seconds a closed connection's unread input is drained, so the last answer is not cut by a
#: reset (gunicorn's own graceful close does this blocking, in the event loop)
LINGER_SECONDS = 2.0
RECV_BYTES = 262_144
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


def timeout_answer(seconds: int) -> bytes:
    """The whole 408 response, in the service's problem+json shape."""
    body = json.dumps(
        {
            "type": "about:blank",
            "title": "Request Timeout",
            "status": 408,
            "detail": f"The request did not arrive within {seconds} seconds.",
        }
    ).encode()
    head = (
        "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    return head + body


class DeadlineUnreader(SocketUnreader):  # type: ignore[misc]
    """gunicorn's socket reader, bounded by the request's deadline: a read the buffer could not
    spare a thread (a request handed over before it was complete) ends at the deadline as a
    client that went away, never blocking a thread for longer."""

    deadline = float("inf")

    def chunk(self, size_hint: int | None = None) -> bytes:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise NoMoreData()
        previous = self.sock.gettimeout()
        self.sock.settimeout(remaining if previous is None else min(previous, remaining))
        try:
            return super().chunk(size_hint)  # type: ignore[no-any-return]
        except TimeoutError:
            raise NoMoreData() from None
        finally:
            self.sock.settimeout(previous)


class ArrivingConn(TConn):  # type: ignore[misc]
    """A connection with the state of the request arriving on it."""

    def __init__(self, *args: Any, linger: Callable[[ArrivingConn], None]) -> None:
        super().__init__(*args)
        self.linger = linger
        self.request: RequestBuffer | None = None
        self.deadline = 0.0
        self.arrived = False  # the next enqueue goes to the thread pool
        self.whole = False  # the request a thread serves was buffered completely
        self.continued = False  # "100 Continue" was sent for the request arriving

    def close(self, graceful: bool = False) -> None:
        if graceful:
            self.linger(self)  # without blocking the event loop
        else:
            super().close()


class BufferingWorker(ThreadWorker):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client_timeout = ServerSettings.from_env().client_timeout
        self.max_body = Settings.from_env().max_body_bytes
        cfg = self.cfg
        self.max_head = (
            cfg.limit_request_line + cfg.limit_request_fields * (cfg.limit_request_field_size + 2)
        ) or 1_000_000
        # insertion order is deadline order: every deadline is "now + the same timeout"
        self.arriving: dict[ArrivingConn, None] = {}
        self.lingering: dict[socket.socket, float] = {}

    # --- reading requests in the event loop ------------------------------------------------

    def accept(self, listener: Any) -> None:
        try:
            client, address = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = ArrivingConn(self.cfg, client, address, listener.getsockname(), linger=self._linger)
        conn.arrived = not self._buffers(conn)
        self.enqueue_req(conn)

    def _buffers(self, conn: Any) -> bool:
        return (
            isinstance(conn, ArrivingConn)
            and not self.cfg.is_ssl
            and not negotiation.prior_knowledge_allowed(self.cfg, conn.client)
            and not conn.is_http2
        )

    def enqueue_req(self, conn: Any) -> None:
        """Every path to the pool (new, kept-alive, pipelined) comes here: a connection goes to
        a thread only once its request has arrived."""
        if not self._buffers(conn) or conn.arrived:
            if isinstance(conn, ArrivingConn):
                conn.arrived = not self._buffers(conn)
            super().enqueue_req(conn)
            return
        pipelined = conn.parser.unreader.take_buffered() if conn.parser else b""
        conn.request = RequestBuffer(self.max_head, self.max_body)
        conn.deadline = time.monotonic() + self.client_timeout
        conn.continued = False
        if pipelined and conn.request.feed(pipelined):
            self._hand_over(conn)
            return
        conn.sock.setblocking(False)
        self._continue_if_expected(conn)
        self.arriving[conn] = None
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))

    def _on_readable(self, conn: ArrivingConn, _sock: Any) -> None:
        assert conn.request is not None
        try:
            data = conn.sock.recv(RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._stop_waiting(conn)
            self._drop(conn)
            return
        if not data:  # the client closed its side: serve what came, or close if nothing did
            self._stop_waiting(conn)
            if conn.request.data:
                conn.request.ready = True
                self._hand_over(conn)
            else:
                self._drop(conn)
            return
        if conn.request.feed(data):
            self._stop_waiting(conn)
            self._hand_over(conn)
        else:
            self._continue_if_expected(conn)

    def _continue_if_expected(self, conn: ArrivingConn) -> None:
        # the client sends its body only after "100 Continue" (curl waits 1 s for it, then sends)
        if conn.request is not None and conn.request.expects_continue and not conn.continued:
            conn.continued = True
            with contextlib.suppress(OSError):
                conn.sock.send(CONTINUE)

    def _stop_waiting(self, conn: ArrivingConn) -> None:
        self.arriving.pop(conn, None)
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(conn.sock)

    def _hand_over(self, conn: ArrivingConn) -> None:
        assert conn.request is not None
        if conn.parser is None:
            conn.init()  # plain HTTP/1: only builds the parser
            parser: Any = conn.parser
            parser.unreader = DeadlineUnreader(conn.sock)
        unreader = conn.parser.unreader
        unreader.unread(bytes(conn.request.data))
        if isinstance(unreader, DeadlineUnreader):
            unreader.deadline = conn.deadline
        conn.whole = conn.request.whole
        conn.request = None
        conn.data_ready = True
        conn.arrived = True
        self.enqueue_req(conn)

    def handle_request(self, req: Any, conn: Any) -> bool:
        if getattr(conn, "continued", False):
            req._expected_100_continue = False  # sent already, by the event loop
        return super().handle_request(req, conn)  # type: ignore[no-any-return]

    def _keepalive_after(self, conn: Any, keepalive: bool) -> bool:
        # A request not read whole (a body over the limit, say) leaves its rest on the socket:
        # close instead of draining it in this thread at the client's pace.
        if self._buffers(conn) and not conn.whole:
            return False
        return super()._keepalive_after(conn, keepalive)  # type: ignore[no-any-return]

    def _drop(self, conn: ArrivingConn) -> None:
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        """Runs at least once a second: also end requests that have not arrived in time, and
        lingering closes that are due."""
        super().murder_pending()
        now = time.monotonic()
        for conn in list(self.arriving):
            if conn.deadline > now:
                break
            self._stop_waiting(conn)
            self.nr_conns -= 1
            self.log.debug(
                "Request from %s not received within %ss", conn.client, self.client_timeout
            )
            if conn.request is not None and conn.request.data:
                with contextlib.suppress(OSError):
                    conn.sock.send(timeout_answer(self.client_timeout))
                self._linger(conn)
            else:
                conn.close()
        for sock, due in list(self.lingering.items()):
            if due <= now:
                self._end_linger(sock)

    # --- closing without blocking -----------------------------------------------------------

    def _linger(self, conn: ArrivingConn) -> None:
        sock = conn.sock
        try:
            sock.setblocking(False)
            sock.shutdown(socket.SHUT_WR)
            self.poller.register(sock, selectors.EVENT_READ, self._on_lingering_readable)
        except (OSError, ValueError, KeyError):
            sock.close()
            return
        self.lingering[sock] = time.monotonic() + LINGER_SECONDS

    def _on_lingering_readable(self, sock: socket.socket) -> None:
        try:
            if sock.recv(RECV_BYTES):
                return
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            pass
        self._end_linger(sock)

    def _end_linger(self, sock: socket.socket) -> None:
        self.lingering.pop(sock, None)
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(sock)
        sock.close()

    # --- draining -----------------------------------------------------------------------------

    def handle_exit(self, sig: int, frame: Any) -> None:
        if self.alive:
            draining.begin()
            self.method_queue.defer(self._close_listeners)
        super().handle_exit(sig, frame)

    def _close_listeners(self) -> None:
        self.set_accept_enabled(False)
        for listener in self.sockets:
            listener.close()
