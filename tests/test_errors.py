"""Every error is an RFC 9457 problem naming the field and allowed values; nothing gives a 5xx.

The client fixture checks each response against openapi.yaml as well.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest

from service import create_app, errors
from service.api.problems import KINDS, TYPE_PREFIX
from service.translate import Engine, Result

from .conftest import CheckedClient
from .contract import Contract
from .fakes import FakeModel, fake_runtime


def post(client: CheckedClient, body: Any, path: str = "/v1/summarize") -> Any:
    return client.post(path, json=body)


def test_body_that_is_not_json_is_415(client: CheckedClient) -> None:
    response = client.post("/v1/summarize", data="text=hello", content_type="text/plain")
    assert response.status_code == 415
    assert "application/json" in response.json["detail"]


def test_malformed_json_is_400(client: CheckedClient) -> None:
    response = client.post("/v1/summarize", data='{"text": ', content_type="application/json")
    assert response.status_code == 400


def test_json_that_is_not_an_object_is_400(client: CheckedClient) -> None:
    assert post(client, ["text"]).status_code == 400


def test_unknown_route_is_404_problem(client: CheckedClient) -> None:
    response = client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_wrong_method_is_405_with_allowed_methods(client: CheckedClient) -> None:
    response = client.get("/v1/summarize")
    assert response.status_code == 405
    assert "POST" in response.json["allowed"]
    assert "POST" in response.headers["Allow"]


def test_body_over_the_limit_is_413(client: CheckedClient) -> None:
    response = client.post(
        "/v1/summarize", data='{"text": "' + "a" * 200_000 + '"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert "100000 bytes" in response.json["detail"]


def test_text_over_the_limit_is_413_naming_text(client: CheckedClient) -> None:
    response = post(client, {"text": "Word. " * 4000})
    assert response.status_code == 413
    assert response.json["field"] == "text"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": None}, "text"),
        ({"text": 42}, "text"),
        ({"text": ["a list"]}, "text"),
        ({"text": " \n\t "}, "text"),
        ({"text": "Fine text.", "sentences": 0}, "sentences"),
        ({"text": "Fine text.", "sentences": 2.5}, "sentences"),
        ({"text": "Fine text.", "sentences": True}, "sentences"),
        ({"text": "Fine text.", "sentences": "3"}, "sentences"),
        ({"text": "Fine text.", "sentences": 101}, "sentences"),
        ({"text": "Fine text.", "ratio": 0}, "ratio"),
        ({"text": "Fine text.", "ratio": 1.5}, "ratio"),
        ({"text": "Fine text.", "ratio": "half"}, "ratio"),
        ({"text": "Fine text.", "sentences": 2, "ratio": 0.5}, "ratio"),
        ({"text": "Fine text.", "max_chars": 0}, "max_chars"),
        ({"text": "Fine text.", "max_chars": 100.5}, "max_chars"),
        ({"text": "Fine text.", "ratio": 0.5, "max_chars": 100}, "max_chars"),
        ({"text": "Fine text.", "sentence": 2}, "sentence"),
    ],
)
def test_invalid_field_is_422_naming_it(client: CheckedClient, body: Any, field: str) -> None:
    response = post(client, body)
    assert response.status_code == 422
    assert response.json["field"] == field


def test_unknown_method_lists_the_methods(client: CheckedClient) -> None:
    response = post(client, {"text": "Fine text.", "method": "edmundson"})
    assert response.status_code == 422
    assert response.json["field"] == "method"
    assert "lexrank" in response.json["allowed"]


def test_unsupported_language_lists_the_supported_ones(client: CheckedClient) -> None:
    response = post(client, {"text": "Fine text.", "language": "de"})
    assert response.status_code == 422
    assert response.json["field"] == "language"
    assert response.json["allowed"] == ["auto", "en", "uk", "ru", "zh"]


@pytest.mark.parametrize("text", ["12345 67890", "!!! ???", "مرحبا بالعالم"])
def test_text_without_a_detectable_language_is_422_on_language(
    client: CheckedClient, text: str
) -> None:
    response = post(client, {"text": text})
    assert response.status_code == 422
    assert response.json["field"] == "language"


def test_detect_validates_like_summarize(client: CheckedClient) -> None:
    response = post(client, {"text": ""}, path="/v1/detect")
    assert response.status_code == 422
    assert response.json["field"] == "text"


class ExplodingModel(FakeModel):
    def translate_sentences(self, sentences: Sequence[str]) -> list[Result]:
        raise RuntimeError("secret internals")


def test_unexpected_failure_is_a_500_problem_without_internals(contract: Contract) -> None:
    runtime = fake_runtime()
    runtime = replace(runtime, engine=Engine([ExplodingModel("zh", "en")]))  # type: ignore[list-item]
    client = CheckedClient(create_app(runtime=runtime).test_client(), contract)
    response = client.post("/v1/translate", json={"text": "你好。", "source": "zh", "target": "en"})
    assert response.status_code == 500
    assert "secret" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/summarize", {"text": "Some text.", "ratio": None}, "ratio"),
        ("/v1/summarize", {"text": None}, "text"),
        ("/v1/translate", {"text": "Some text.", "target": None}, "target"),
        ("/v1/articles", {"text": "Some text.", "title": None}, "title"),
        ("/v1/articles", {"text": "Some text.", "summary": {"ratio": None}}, "summary.ratio"),
    ],
)
def test_null_is_not_taken_as_the_default(
    client: CheckedClient, path: str, body: Any, field: str
) -> None:
    response = post(client, body, path)
    assert response.status_code == 422
    assert response.json["field"] == field
    assert "null" in response.json["detail"]


def test_article_summary_errors_name_the_nested_field(client: CheckedClient) -> None:
    response = post(
        client, {"text": "Some text.", "summary": {"method": "edmundson"}}, "/v1/articles"
    )
    assert response.status_code == 422
    assert response.json["field"] == "summary.method"
    assert "'summary.method'" in response.json["detail"]
    assert "reduction" in response.json["allowed"]


def test_every_service_error_class_has_its_own_problem_kind() -> None:
    declared = {
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.ServiceError)
    }
    assert declared == set(KINDS)


def test_the_spec_lists_exactly_the_problem_types_the_service_emits(contract: Contract) -> None:
    listed = contract.spec["components"]["schemas"]["Problem"]["properties"]["type"]["enum"]
    emitted = {TYPE_PREFIX + kind.slug for kind in KINDS.values()} | {"about:blank"}
    assert sorted(listed) == sorted(emitted)
