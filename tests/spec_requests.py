"""Hypothesis strategies for hostile requests to every operation of ``openapi.yaml``.

Each operation's requests start from schemathesis' cases for it (valid and invalid, generated
from the spec's own schemas, parameters and media types), then one mutation is drawn: sent as
generated, a field of the operation's schema set to a hostile string or to a raw JSON value
(NaN, 1e999, deep nesting, an escaped surrogate; a field already there becomes a duplicate
key), bytes of invalid UTF-8 spliced into the body, the body sent under another content type,
hostile query parameters, or hostile key headers. A spec operation with a media type or
parameter location this module cannot build is an error (``NoStrategy``), so a new route is
fuzzed as soon as the spec has it, or the fuzz test says why not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

import schemathesis
from hypothesis import strategies as st
from schemathesis import GenerationMode
from urllib3.filepost import encode_multipart_formdata

from testkit.hostile import CONTENT_TYPES, RAW_BYTES, RAW_VALUES, STRINGS
from testkit.spec_operations import operations, resolve

from .contract import SPEC_PATH, Contract

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
BUILDABLE_MEDIA = {JSON, FORM, MULTIPART}
BUILDABLE_PARAMETERS = {"query", "path"}
FILE_NAMES = ["a.txt", "a.html", "a.htm", "a.docx", "", "a", ".txt", "\x00.txt", "…" * 300 + ".txt"]


class NoStrategy(Exception):
    """The spec has an operation whose requests this module cannot build."""


@dataclass
class Sent:
    """One request as the test client sends it."""

    method: str
    path: str
    query: str = ""
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    mutation: str = "as generated"

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        body = (self.body or b"")[:300]
        where = f"{self.method} {self.path}?{self.query[:200]}"
        return f"Sent({where} {self.mutation} {self.headers} {body!r})"


@cache
def _schema() -> Any:
    return schemathesis.openapi.from_path(str(SPEC_PATH))


def request_strategy(contract: Contract, method: str, path: str) -> st.SearchStrategy[Sent]:
    """Hostile requests to one spec operation (``NoStrategy`` if the spec has what it cannot
    build)."""
    operation = contract.spec["paths"][path][method.lower()]
    media = set(operation.get("requestBody", {}).get("content", {}))
    if unbuildable := media - BUILDABLE_MEDIA:
        raise NoStrategy(f"{method} {path}: no strategy for bodies of type {sorted(unbuildable)}")
    locations = {resolve(p)["in"] for p in operation.get("parameters", [])}
    if unbuildable := locations - BUILDABLE_PARAMETERS:
        raise NoStrategy(f"{method} {path}: no strategy for parameters in {sorted(unbuildable)}")
    spec_operation = _schema()[path][method]
    cases = spec_operation.as_strategy(GenerationMode.POSITIVE) | spec_operation.as_strategy(
        GenerationMode.NEGATIVE
    )
    spec = next(op for op in operations() if (op.method, op.path) == (method, path))
    names = [*spec.fields, *spec.parameters, "unknown_field"]
    return _hostile(cases, method=method, path=path, names=names, valid=spec.valid_body())


#: hostile strings, and pieces of them joined at random
hostile_strings = st.sampled_from(STRINGS) | st.lists(
    st.sampled_from(
        ["a", " ", ". ", "\n", "\x00", "\u202e", "\u200d", "\u0301", "字", "я", "<b>", "\ud800"]
    ),
    max_size=60,
).map("".join)
hostile_values = (
    hostile_strings
    | st.lists(hostile_strings, min_size=1, max_size=3)
    | st.sampled_from([0, -1, 2**64, -(2**63), 1e308, -0.0, 0.5, True, False, None, {}, []])
)


@st.composite
def _hostile(
    draw: st.DrawFn,
    cases: Any,
    *,
    method: str,
    path: str,
    names: list[str],
    valid: dict[str, Any],
) -> Sent:
    case = draw(cases)
    body = None if _not_set(case.body) else case.body
    media = case.media_type
    query = dict(case.query or {})
    url = path
    for name, value in (case.path_parameters or {}).items():
        url = url.replace("{" + name + "}", _path_segment(str(value)))
    mutation = draw(
        st.sampled_from(
            [
                "as generated",
                "hostile field",
                "raw value",
                "raw bytes",
                "content type",
                "query",
                "headers",
                "path",
            ]
        )
    )
    headers: dict[str, str] = {}
    if mutation == "hostile field in a valid body":
        body, media = dict(valid), media if valid else None
    if mutation.startswith("hostile field"):
        body = dict(body) if isinstance(body, dict) else {}
        body[draw(st.sampled_from(names))] = draw(hostile_values)
        media = media or draw(st.sampled_from([JSON, FORM]))
    if mutation == "query":
        for _ in range(draw(st.integers(1, 3))):
            query[draw(st.sampled_from([*names, "auth_key", "type"]))] = draw(hostile_strings)
    if mutation == "headers":
        key = _header_text(draw(hostile_strings))
        headers[draw(st.sampled_from(["Authorization", "X-API-Key"]))] = (
            draw(st.sampled_from(["", "Bearer ", "DeepL-Auth-Key ", "Basic "])) + key
        )
    if mutation == "path" and "{" in path:
        url = path.split("{", maxsplit=1)[0] + _path_segment(draw(hostile_strings))
    data, content_type = _encode(body, media, draw)
    if mutation == "raw value":
        name = draw(st.sampled_from(names))
        raw = draw(st.sampled_from(RAW_VALUES))
        base = json.dumps(body, ensure_ascii=True) if isinstance(body, dict) and body else "{}"
        glue = ", " if base != "{}" else ""
        data, content_type = f'{base[:-1]}{glue}"{name}": {raw}}}'.encode(), JSON
    if mutation == "raw bytes":
        data = data or b'{"text": "x"}'
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(RAW_BYTES)) + data[at:]
    if mutation == "content type":
        content_type = draw(st.sampled_from(CONTENT_TYPES))
        data = data if data is not None else b'{"text": "x"}'
    if content_type is not None:
        headers["Content-Type"] = content_type
    return Sent(
        method=method,
        path=url,
        query=urlencode(_items(query), errors="surrogatepass"),
        body=data,
        headers=headers,
        mutation=mutation,
    )


def _encode(body: Any, media: str | None, draw: st.DrawFn) -> tuple[bytes | None, str | None]:
    """The body as bytes in its media type, surrogates and all (as a broken client sends them)."""
    if body is None:
        return None, None
    if isinstance(body, bytes):
        return body, media
    if media == FORM and isinstance(body, dict):
        return urlencode(_items(body), errors="surrogatepass").encode(), FORM
    if media == MULTIPART and isinstance(body, dict):
        fields: list[tuple[str, Any]] = []
        for name, value in _items(body):
            data = value.encode("utf-8", "surrogatepass")
            if name == "file":
                fields.append((name, (draw(st.sampled_from(FILE_NAMES)), data)))
            else:
                fields.append((_header_text(name), data))
        return encode_multipart_formdata(fields)
    return json.dumps(body, ensure_ascii=True, allow_nan=True).encode(), media or JSON


def _items(values: dict[str, Any]) -> list[tuple[str, str]]:
    """A form's (name, value) pairs: a list repeats its name, anything else is its JSON."""
    pairs = []
    for name, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((str(name), item if isinstance(item, str) else json.dumps(item)))
    return pairs


def _path_segment(text: str) -> str:
    # "/" would make it another path (a plain 404 problem), not this operation's
    return quote(text.replace("/", "_"), safe="", errors="surrogatepass") or "_"


def _header_text(text: str) -> str:
    """``text`` as a header carries it: UTF-8 bytes read as Latin-1, no line breaks."""
    raw = text.encode("utf-8", "surrogatepass").decode("latin-1")
    return raw.replace("\r", " ").replace("\n", " ")[:8000]


def _not_set(value: Any) -> bool:
    return type(value).__name__ == "NotSet"
