"""The bad-input matrix: a fixed set of hostile requests to every operation of ``openapi.yaml``,
sent to a real gunicorn (2 workers, the real zh→en model) over HTTP and raw sockets; prints the
count of answers by status class (the target: none >= 500) and lists any 5xx.

The matrix, built from the spec so a new route joins it (``testkit/hostile.py`` holds the
hostile values):

- strings: every field of the operation (body properties, query and path parameters) set to
  each hostile string (lone surrogates, NUL, RTL overrides, 10k combining marks, a 20k token,
  markup...), the other fields valid (``VALID`` by field name, the spec's enum or example);
- raw values: each raw JSON value (NaN, Infinity, 1e999, 5,000 digits, deep nesting, escaped
  surrogates) in the first field of every operation, a duplicate key when it is there already;
- raw bytes: invalid UTF-8 spliced into a valid body;
- content types: a valid body sent under each content type;
- framing, over a raw socket: chunked bodies (valid, a bad size, cut short, an extension,
  over the limit), lengths that lie, both length headers, an unknown transfer coding,
  ``Expect: 100-continue``, HTTP/1.0, a NUL or a bare LF in a header, a huge header, a non-UTF-8
  path, an unknown method.

    .venv/bin/python bench/hostile_bench.py                # the whole matrix, 4 client threads
    .venv/bin/python bench/hostile_bench.py --clients 2 --only strings

Needs the real zh→en model (python -m service.installer install zh-en); exits 0 without it.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from urllib3.filepost import encode_multipart_formdata

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from testkit.hostile import CONTENT_TYPES, RAW_BYTES, RAW_VALUES, STRINGS  # noqa: E402
from testkit.servers import gunicorn  # noqa: E402
from testkit.spec_operations import Operation, operations, resolve  # noqa: E402

MODEL = ROOT / "var" / "models" / "translate-zh_en-1_9"
BODY_LIMIT = 100_000
#: seconds a request may take; on a loaded machine a 20k-character text through the real model
#: takes minutes (a timeout is listed with the failures, apart from the status classes)
TIMEOUT = 600


@dataclass
class Probe:
    """One request of the matrix: HTTP through its parts, or raw bytes for a socket."""

    kind: str
    operation: str
    method: str = "GET"
    path: str = "/"
    query: str = ""
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None


def encode(op: Operation, body: dict[str, Any], media: str | None = None) -> tuple[bytes, str]:
    media = media or (op.media[0] if op.media else "application/json")
    if media == "application/x-www-form-urlencoded":
        return urlencode(form_pairs(body), errors="surrogatepass").encode(), media
    if media == "multipart/form-data":
        parts: list[tuple[str, Any]] = []
        for name, value in form_pairs(body):
            data = value.encode("utf-8", "surrogatepass")
            parts.append((name, ("in.txt", data)) if name == "file" else (name, data))
        return encode_multipart_formdata(parts)
    return json.dumps(body, ensure_ascii=True).encode(), "application/json"


def form_pairs(body: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = []
    for name, value in body.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item if isinstance(item, str) else json.dumps(item)))
    return pairs


def string_probes(op: Operation) -> Iterator[Probe]:
    for name in [*op.fields, *op.parameters]:
        for text in STRINGS:
            if op.parameters.get(name) == "query":
                yield Probe(
                    "strings",
                    op.name,
                    op.method,
                    op.url(),
                    urlencode({name: text}, errors="surrogatepass"),
                )
            elif op.parameters.get(name) == "path":
                yield Probe("strings", op.name, op.method, op.url({name: text}))
            else:
                value = [text] if resolve(op.fields[name]).get("type") == "array" else text
                body, content_type = encode(op, {**op.valid_body(), name: value})
                yield Probe(
                    "strings",
                    op.name,
                    op.method,
                    op.url(),
                    body=body,
                    headers={"Content-Type": content_type},
                )


def raw_value_probes(op: Operation) -> Iterator[Probe]:
    name = (op.required or list(op.fields) or ["text"])[0]
    base = json.dumps(op.valid_body(), ensure_ascii=True)
    for raw in RAW_VALUES:
        glue = ", " if base != "{}" else ""
        body = f'{base[:-1]}{glue}"{name}": {raw}}}'.encode()
        yield Probe(
            "raw values",
            op.name,
            op.method,
            op.url(),
            body=body,
            headers={"Content-Type": "application/json"},
        )


def raw_byte_probes(op: Operation) -> Iterator[Probe]:
    for media in op.media or ["application/json"]:
        body, content_type = encode(op, op.valid_body(), media)
        for raw in RAW_BYTES:
            for at in (len(body) // 2, len(body) - 2):
                spliced = body[:at] + raw + body[at:]
                yield Probe(
                    "raw bytes",
                    op.name,
                    op.method,
                    op.url(),
                    body=spliced,
                    headers={"Content-Type": content_type},
                )


def content_type_probes(op: Operation) -> Iterator[Probe]:
    body, _ = encode(op, op.valid_body())
    for content_type in CONTENT_TYPES:
        headers = {"Content-Type": content_type} if content_type is not None else {}
        yield Probe("content types", op.name, op.method, op.url(), body=body, headers=headers)


def framing_probes(op: Operation) -> Iterator[Probe]:
    body, content_type = encode(op, op.valid_body())
    target = op.url().encode()
    start = (
        op.method.encode() + b" " + target + b" HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n"
    )
    typed = start + b"Content-Type: " + content_type.encode() + b"\r\n"
    chunked = typed + b"Transfer-Encoding: chunked\r\n\r\n"
    big = b" " * (BODY_LIMIT + 10)
    raws = {
        "chunked": chunked + b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body),
        "chunked, bad size": chunked + b"zz\r\n" + body + b"\r\n0\r\n\r\n",
        "chunked, cut short": chunked + b"%x\r\n%s" % (len(body) + 50, body),
        "chunked, no last chunk": chunked + b"%x\r\n%s\r\n" % (len(body), body),
        "chunked, extension": chunked + b"%x;a=b;c\r\n%s\r\n0\r\n\r\n" % (len(body), body),
        "chunked, over the limit": chunked + b"%x\r\n%s\r\n0\r\n\r\n" % (len(big), big),
        "length longer than body": typed + b"Content-Length: %d\r\n\r\n" % (len(body) + 100) + body,
        "length shorter than body": typed + b"Content-Length: 3\r\n\r\n" + body,
        "negative length": typed + b"Content-Length: -5\r\n\r\n" + body,
        "length not a number": typed + b"Content-Length: 1e3\r\n\r\n" + body,
        "two lengths": typed
        + b"Content-Length: 2\r\nContent-Length: %d\r\n\r\n" % len(body)
        + body,
        "length and chunked": typed
        + b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n"
        % (len(body), body),
        "unknown coding": typed
        + b"Transfer-Encoding: gzip, chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(body), body),
        "expect 100-continue": typed
        + b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(body)
        + body,
        "HTTP/1.0 without length": op.method.encode()
        + b" "
        + target
        + b" HTTP/1.0\r\nContent-Type: "
        + content_type.encode()
        + b"\r\n\r\n"
        + body,
        "NUL in a header": typed
        + b"X-Api-Key: a\x00b\r\nContent-Length: %d\r\n\r\n" % len(body)
        + body,
        "bare LF lines": start.replace(b"\r\n", b"\n")
        + b"Content-Length: %d\n\n" % len(body)
        + body,
        "huge header": typed + b"Authorization: Bearer " + b"k" * 20_000 + b"\r\n\r\n",
        "non-UTF-8 path": start.replace(target, target + b"%ff%fe\xff") + b"\r\n",
        "unknown method": start.replace(op.method.encode(), b"BREW", 1) + b"\r\n",
        "gzip body that is not": typed
        + b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(body)
        + body,
    }
    for name, raw in raws.items():
        yield Probe("framing", op.name, raw=raw, headers={"name": name})


KINDS: dict[str, Callable[[Operation], Iterator[Probe]]] = {
    "strings": string_probes,
    "raw values": raw_value_probes,
    "raw bytes": raw_byte_probes,
    "content types": content_type_probes,
    "framing": framing_probes,
}


def send(base: str, probe: Probe) -> str:
    """The answer's status code, or what happened instead (as text)."""
    host, port = base.removeprefix("http://").split(":")
    raw = probe.raw
    if raw is None:
        head = f"{probe.method} {probe.path}{'?' + probe.query if probe.query else ''} HTTP/1.1\r\n"
        lines = [head, "Host: bench\r\n", "Connection: close\r\n"]
        lines += [f"{k}: {v}\r\n" for k, v in probe.headers.items()]
        if probe.body is not None:
            lines.append(f"Content-Length: {len(probe.body)}\r\n")
        raw = "".join(lines).encode("latin-1", "replace") + b"\r\n" + (probe.body or b"")
    try:
        with socket.create_connection((host, int(port)), timeout=TIMEOUT) as sock:
            sock.sendall(raw)
            sock.shutdown(socket.SHUT_WR)
            answer = b""
            while chunk := sock.recv(65536):  # the server closes: Connection: close
                answer += chunk
    except OSError as exc:
        return type(exc).__name__
    # an interim "100 Continue" (for Expect: 100-continue) comes before the answer
    while answer.startswith(b"HTTP/1.1 100 "):
        answer = answer.partition(b"\r\n\r\n")[2]
    if not answer.startswith(b"HTTP/"):
        return "closed without an answer" if not answer else "not HTTP"
    return answer.split(b" ", 2)[1].decode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--only", nargs="*", choices=KINDS, default=list(KINDS))
    args = parser.parse_args()
    if not (MODEL / "metadata.json").exists():
        print(f"skipped: {MODEL} is not installed (python -m service.installer install zh-en)")
        return 0
    ops = operations()
    probes = [p for op in ops for kind in args.only for p in KINDS[kind](op)]
    kinds = ", ".join(args.only)
    print(f"{len(probes)} requests: {len(ops)} operations x {kinds}; {args.clients} clients")
    env = {
        "PRECIS_WORKERS": "2",
        "PRECIS_MAX_BODY_BYTES": str(BODY_LIMIT),
        "PRECIS_MAX_TEXT_CHARS": "20000",
    }
    lock = threading.Lock()
    by_class: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {kind: Counter() for kind in args.only}
    failures: list[str] = []
    log = Path("/tmp/precis-hostile-bench.log")
    started = time.monotonic()
    with gunicorn(env, log=log) as base:

        def run(probe: Probe) -> None:
            status = send(base, probe)
            label = f"{status[0]}xx" if status.isdigit() else status
            with lock:
                by_class[label] += 1
                by_kind[probe.kind][label] += 1
                if not status.isdigit() or int(status) >= 500:
                    sent = (probe.body or probe.raw or b"")[:120]
                    failures.append(
                        f"{status}: {probe.kind} {probe.operation} {probe.headers} {sent!r}"
                    )

        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(run, probes))
    print(f"done in {time.monotonic() - started:.0f} s (server log: {log})\n")
    classes = sorted({c for counts in by_kind.values() for c in counts})
    print("| kind | " + " | ".join(classes) + " |")
    print("|---|" + "---|" * len(classes))
    for kind, counts in by_kind.items():
        print(f"| {kind} | " + " | ".join(str(counts[c]) for c in classes) + " |")
    print("| **all** | " + " | ".join(str(by_class[c]) for c in classes) + " |")
    errors = sum(n for c, n in by_class.items() if c.startswith("5"))
    print(f"\n{sum(by_class.values())} requests, {errors} answers >= 500 (target 0)")
    for line in failures[:40]:
        print("  " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
