"""The front knows when a request has fully arrived, and hands over early exactly when gunicorn
or the app must answer what came (limits, broken framing)."""

from __future__ import annotations

from service.front.request_buffer import RequestBuffer

HEAD = b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\n"


def fed(data: bytes, max_body: int = 100, max_head: int = 1000) -> RequestBuffer:
    buffer = RequestBuffer(max_head=max_head, max_body=max_body)
    buffer.feed(data)
    return buffer


def ready_at(data: bytes, max_body: int = 100) -> int | None:
    """How many bytes, fed one at a time, made the request ready (None: never)."""
    buffer = RequestBuffer(max_head=1000, max_body=max_body)
    for index in range(len(data)):
        if buffer.feed(data[index : index + 1]):
            return index + 1
    return None


def test_a_request_without_body_is_ready_at_the_end_of_its_headers() -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    assert ready_at(request) == len(request)
    assert fed(request).whole


def test_a_body_with_a_length_is_ready_at_its_last_byte() -> None:
    request = HEAD + b"Content-Length: 5\r\n\r\nhello"
    assert ready_at(request) == len(request)
    assert fed(request).whole


def test_a_chunked_body_is_ready_after_its_last_chunk_and_trailers() -> None:
    request = HEAD + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
    assert ready_at(request) == len(request)
    with_trailer = HEAD + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT: 1\r\n\r\n"
    assert ready_at(with_trailer) == len(with_trailer)
    assert fed(with_trailer).whole


def test_pipelined_bytes_after_a_request_do_not_delay_it() -> None:
    first = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    buffer = fed(first + b"GET /readyz HT")
    assert buffer.ready
    assert buffer.whole


def test_a_declared_length_over_the_limit_goes_on_at_once_for_its_413() -> None:
    request = HEAD + b"Content-Length: 101\r\n\r\n"
    assert ready_at(request) == len(request)
    assert not fed(request).whole


def test_a_chunked_body_over_the_limit_goes_on_once_limit_plus_one_bytes_are_here() -> None:
    head = HEAD + b"Transfer-Encoding: chunked\r\n\r\n"
    request = head + b"64\r\n" + b"a" * 100 + b"\r\n" + b"10\r\n" + b"b" * 16 + b"\r\n"
    over = len(head) + 4 + 100 + 2 + 4 + 1  # the 101st payload byte
    assert ready_at(request) == over
    assert not fed(request).whole


def test_broken_chunk_framing_goes_on_at_once_for_gunicorns_400() -> None:
    head = HEAD + b"Transfer-Encoding: chunked\r\n\r\n"
    assert ready_at(head + b"zz\r\n") == len(head) + 4
    assert ready_at(head + b"3\r\nabcXY") == len(head) + 8


def test_framing_gunicorn_refuses_goes_on_at_the_end_of_the_headers() -> None:
    for framing in (
        b"Content-Length: 5\r\nContent-Length: 6\r\n",
        b"Content-Length: -1\r\n",
        b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        b"Transfer-Encoding: gzip\r\n",
    ):
        request = HEAD + framing + b"\r\n"
        assert ready_at(request) == len(request), framing
        assert not fed(request).whole


def test_a_header_block_longer_than_gunicorn_accepts_goes_on_unfinished() -> None:
    buffer = fed(HEAD + b"X-Pad: " + b"a" * 2000, max_head=1000)
    assert buffer.ready
    assert not buffer.whole


def test_an_unfinished_request_is_not_ready() -> None:
    assert not fed(HEAD + b"Content-Length: 5\r\n\r\nhell").ready
    assert not fed(HEAD + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n").ready
    assert not fed(b"GET / HTTP/1.1\r\nHost").ready


def test_a_client_expecting_100_continue_is_seen_before_its_body() -> None:
    buffer = fed(HEAD + b"Expect: 100-continue\r\nContent-Length: 5\r\n\r\n")
    assert buffer.expects_continue
    assert not buffer.ready
    old = fed(b"POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
    assert not old.expects_continue  # HTTP/1.0: ignored
