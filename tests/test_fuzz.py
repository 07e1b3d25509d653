"""No request body, however odd, gets a 5xx: every answer is a 200 or a 4xx problem that the
spec describes (the client fixture checks each one against openapi.yaml)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import CheckedClient
from .contract import Contract

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=200)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
fields = st.sampled_from(
    [
        "text",
        "language",
        "method",
        "sentences",
        "ratio",
        "max_chars",
        "other",
        "title",
        "source",
        "target",
        "targets",
        "summary",
        "translate",
        "partial",
    ]
)
bodies = st.dictionaries(fields, values, max_size=5) | values
texts = st.text(min_size=1, max_size=400)
codes = st.sampled_from(["auto", "en", "uk", "ru", "zh", "xx", ""])
plausible = st.fixed_dictionaries(
    {"text": texts | st.lists(texts, max_size=3)},
    optional={
        "language": codes,
        "source": codes,
        "targets": st.lists(codes, max_size=3),
        "translate": st.lists(st.sampled_from(["title", "summary", "text", "x"]), max_size=3),
        "partial": st.booleans(),
        "method": st.sampled_from(["lexrank", "lsa", "kl", "reduction", "pacsum", "lead", "x"]),
        "sentences": st.integers(-2, 200),
        "ratio": st.floats(-1, 2),
        "max_chars": st.integers(-2, 500),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(["/v1/summarize", "/v1/detect", "/v1/translate", "/v1/articles"]),
    body=bodies | plausible,
)
def test_any_json_body_gets_an_answer_below_500(
    app: Flask, contract: Contract, path: str, body: Any
) -> None:
    client = CheckedClient(app.test_client(), contract)
    response = client.post(path, json=body)
    assert response.status_code < 500


@settings(max_examples=50, deadline=None)
@given(raw=st.binary(max_size=300))
def test_any_raw_bytes_get_an_answer_below_500(app: Flask, contract: Contract, raw: bytes) -> None:
    client = CheckedClient(app.test_client(), contract)
    response = client.post("/v1/summarize", data=raw, content_type="application/json")
    assert response.status_code < 500
