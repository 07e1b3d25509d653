"""Slow clients (slowloris) for tests and benchmarks: sockets that send a request a byte at a
time and never finish it within the test, and a probe that measures how fast others are served.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests

#: half the sockets trickle their header block, half a body after complete headers
HEAD = b"POST /v1/summarize HTTP/1.1\r\nHost: slow\r\nContent-Type: application/json\r\n"
BODY_HEAD = HEAD + b"Content-Length: 100000\r\n\r\n"


def address(base: str) -> tuple[str, int]:
    host, port = base.removeprefix("http://").split(":")
    return host, int(port)


class Slowloris:
    """``count`` open sockets, each sending one more byte every ``interval`` seconds from a
    background thread, until ``stop()``. None of them ever completes its request."""

    def __init__(self, base: str, count: int, interval: float = 0.5) -> None:
        self.interval = interval
        self.sockets: list[socket.socket] = []
        self._sent: list[int] = []
        self._payloads: list[bytes] = []
        for index in range(count):
            sock = socket.create_connection(address(base), timeout=5)
            payload = HEAD + b"X-Pad: " + b"a" * 100_000 if index % 2 else BODY_HEAD + b"{" * 99_999
            if not index % 2:  # complete headers at once; the body trickles
                sock.sendall(BODY_HEAD)
            self.sockets.append(sock)
            self._sent.append(len(BODY_HEAD) if not index % 2 else 0)
            self._payloads.append(payload)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)
        self._thread.start()

    def _trickle(self) -> None:
        while not self._stop.wait(self.interval):
            for index, sock in enumerate(self.sockets):
                position = self._sent[index]
                try:
                    sock.send(self._payloads[index][position : position + 1])
                except OSError:
                    continue  # closed by the server
                self._sent[index] = position + 1

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        for sock in self.sockets:
            sock.close()


@contextmanager
def slowloris(base: str, count: int, interval: float = 0.5) -> Iterator[Slowloris]:
    attack = Slowloris(base, count, interval)
    try:
        yield attack
    finally:
        attack.stop()


def probe(base: str, timeout: float) -> float:
    """Seconds one summary request took (a pool thread and CPU work); raises if it failed or
    took longer than ``timeout``."""
    start = time.monotonic()
    response = requests.post(
        f"{base}/v1/summarize",
        json={"text": "The city opened a new line. It is long. Riders were many.", "sentences": 1},
        timeout=timeout,
    )
    response.raise_for_status()
    return time.monotonic() - start
