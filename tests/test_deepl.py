"""The DeepL API v2 subset: /v2/translate (JSON and form), /v2/languages, /v2/usage, DeepL's
codes and DeepL's errors, on fake models (``en(你好。)`` says which models a sentence went
through). Every response is checked against openapi.yaml by ``CheckedClient``. The official
client against a real server: ``test_deepl_client.py``."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask

from service import create_app, errors
from service.api.deepl_answers import UNLIMITED
from service.api.deepl_errors import STATUSES, status_of
from service.api.deepl_languages import deepl_source_code, service_code
from service.keys import Gate, Key, KeyLimits, digest
from service.runtime import Runtime
from service.translate import Engine, Result

from .conftest import CheckedClient
from .contract import Contract
from .fakes import FakeModel, fake_runtime

HELLO = "你好。"


@pytest.fixture(scope="module")
def deepl_app() -> Flask:
    """Fake zh→en, en→uk and uk→en: zh→uk goes through English."""
    return create_app(
        {"max_text_chars": 50, "max_texts": 3, "max_body_bytes": 2000},
        runtime=fake_runtime("zh-en", "en-uk", "uk-en"),
    )


@pytest.fixture
def deepl(deepl_app: Flask, contract: Contract) -> CheckedClient:
    return CheckedClient(deepl_app.test_client(), contract)


def translate(client: CheckedClient, **body: Any) -> Any:
    return client.post("/v2/translate", json=body)


def translations(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.json
    result: list[dict[str, Any]] = response.json["translations"]
    return result


# --- /v2/translate ---------------------------------------------------------------------------


def test_json_list_comes_back_in_order_with_the_detected_source_upper_case(
    deepl: CheckedClient,
) -> None:
    body = translate(deepl, text=[HELLO, "再见。"], target_lang="EN-GB")
    assert translations(body) == [
        {"detected_source_language": "ZH", "text": "en(你好。)"},
        {"detected_source_language": "ZH", "text": "en(再见。)"},
    ]


def test_form_body_with_repeated_text_translates_like_json(deepl: CheckedClient) -> None:
    form = {"text": [HELLO, "再见。"], "source_lang": "ZH", "target_lang": "EN-US"}
    response = deepl.post("/v2/translate", data=form)
    assert [t["text"] for t in translations(response)] == ["en(你好。)", "en(再见。)"]


def test_a_single_json_string_is_one_translation(deepl: CheckedClient) -> None:
    assert len(translations(translate(deepl, text=HELLO, target_lang="EN-GB"))) == 1


@pytest.mark.parametrize("target", ["EN-GB", "EN-US", "en-gb", "EN", "en"])
def test_every_english_code_reaches_the_one_english_model(
    deepl: CheckedClient, target: str
) -> None:
    response = translate(deepl, text=[HELLO], source_lang="ZH", target_lang=target)
    assert translations(response)[0]["text"] == "en(你好。)"


def test_a_pair_without_a_package_goes_through_english(deepl: CheckedClient) -> None:
    response = translate(deepl, text=[HELLO], source_lang="zh", target_lang="UK")
    assert translations(response)[0]["text"] == "uk(en(你好。))"


def test_a_given_source_is_answered_as_the_detected_source_language(
    deepl: CheckedClient,
) -> None:
    response = translate(deepl, text=["Привіт."], source_lang="UK", target_lang="EN-GB")
    assert translations(response)[0]["detected_source_language"] == "UK"


def test_billed_characters_are_given_only_when_asked(deepl: CheckedClient) -> None:
    asked = translate(
        deepl, text=[HELLO, "再见吧。"], target_lang="EN-GB", show_billed_characters=True
    )
    assert [t["billed_characters"] for t in translations(asked)] == [3, 4]
    plain = translate(deepl, text=[HELLO], target_lang="EN-GB")
    assert "billed_characters" not in translations(plain)[0]


@pytest.mark.parametrize(
    "options",
    [
        {"split_sentences": "0"},
        {"split_sentences": "nonewlines"},
        {"preserve_formatting": True},
        {"formality": "prefer_more"},
        {"context": "ignored", "model_type": "latency_optimized"},
    ],
)
def test_accepted_options_translate_as_the_default_does(
    deepl: CheckedClient, options: dict[str, Any]
) -> None:
    text = ["你好。再见。\n谢谢。"]
    default = translations(translate(deepl, text=text, target_lang="EN-GB"))
    assert translations(translate(deepl, text=text, target_lang="EN-GB", **options)) == default


@pytest.mark.parametrize("as_json", [False, True])
def test_booleans_may_be_written_as_a_form_writes_them(deepl: CheckedClient, as_json: bool) -> None:
    body = {"text": HELLO, "target_lang": "EN-GB", "show_billed_characters": "1"}
    send = {"json": body} if as_json else {"data": body}
    assert translations(deepl.post("/v2/translate", **send))[0]["billed_characters"] == 3
    body["preserve_formatting"] = "maybe"
    assert deepl.post("/v2/translate", **send).status_code == 400


# --- /v2/translate errors: DeepL's {"message"} and statuses ----------------------------------


def test_tag_handling_html_keeps_the_markup(deepl: CheckedClient) -> None:
    response = translate(
        deepl, text=["<p>你好。<em>世界</em>。</p>"], target_lang="EN-GB", tag_handling="html"
    )
    assert [t["text"] for t in translations(response)] == ["<p>en(你好。) en(<em>世界。</em>)</p>"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"target_lang": "EN-GB"}, "Parameter 'text' not specified."),
        ({"text": [HELLO]}, "Parameter 'target_lang' not specified."),
        ({"text": [HELLO], "target_lang": "XX-YY"}, "Value for 'target_lang' not supported"),
        ({"text": [HELLO], "target_lang": 7}, "Value for 'target_lang' not supported"),
        ({"text": [HELLO], "target_lang": "EN-GB", "source_lang": "DE"}, "'source_lang'"),
        ({"text": [HELLO], "target_lang": "DE"}, "No translation from 'zh' to 'de'"),
        ({"text": [HELLO], "target_lang": "EN-GB", "tag_handling": "xml"}, "tag_handling"),
        ({"text": [HELLO], "target_lang": "EN-GB", "glossary_id": "g1"}, "Glossaries"),
        ({"text": [HELLO], "target_lang": "EN-GB", "formality": "more"}, "formality"),
        ({"text": [HELLO], "target_lang": "EN-GB", "split_sentences": "2"}, "split_sentences"),
        ({"text": [HELLO], "target_lang": "EN-GB", "source_lang": None}, "null"),
        ({"text": ["  "], "target_lang": "EN-GB"}, "white space"),
        ({"text": [], "target_lang": "EN-GB"}, "1 to 3 strings"),
        ({"text": ["Hi."] * 4, "target_lang": "EN-GB"}, "1 to 3 strings"),
        ({"text": ["12345"], "target_lang": "EN-GB"}, "set 'source_lang'"),
    ],
)
def test_a_request_that_cannot_be_served_is_a_400_message(
    deepl: CheckedClient, body: dict[str, Any], says: str
) -> None:
    response = deepl.post("/v2/translate", json=body)
    assert response.status_code == 400
    assert says in response.json["message"]


def test_malformed_json_is_a_400_message(deepl: CheckedClient) -> None:
    response = deepl.post("/v2/translate", data='{"text": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json == {"message": "The body is not valid JSON."}


def test_texts_over_the_character_limit_are_a_413_message(deepl: CheckedClient) -> None:
    response = translate(deepl, text=["你" * 30, "好" * 30], target_lang="EN-GB")
    assert response.status_code == 413
    assert "the limit is 50" in response.json["message"]


def test_a_body_over_the_byte_limit_is_a_413_message(deepl: CheckedClient) -> None:
    response = deepl.post("/v2/translate", data={"text": "x" * 3000, "target_lang": "EN-GB"})
    assert response.status_code == 413
    assert "2000 bytes" in response.json["message"]


def test_an_unknown_route_under_v2_is_a_404_message(deepl: CheckedClient) -> None:
    response = deepl.post("/v2/glossaries", json={})
    assert response.status_code == 404
    assert set(response.json) == {"message"}


def test_a_wrong_method_is_a_405_message_with_allow(deepl: CheckedClient) -> None:
    response = deepl.get("/v2/translate")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert set(response.json) == {"message"}


def test_the_native_api_keeps_its_problems(deepl: CheckedClient) -> None:
    response = deepl.get("/v1/nothing")
    assert response.mimetype == "application/problem+json"


class ExplodingModel(FakeModel):
    def translate_sentences(self, sentences: Sequence[str]) -> list[Result]:
        raise RuntimeError("secret internals")


def test_an_unexpected_failure_is_a_500_message_without_internals(contract: Contract) -> None:
    runtime = replace(fake_runtime(), engine=Engine([ExplodingModel("zh", "en")]))  # type: ignore[list-item]
    client = CheckedClient(create_app(runtime=runtime).test_client(), contract)
    response = translate(client, text=[HELLO], target_lang="EN-GB")
    assert response.status_code == 500
    assert "secret" not in response.get_data(as_text=True)


def test_every_service_error_has_a_deepl_status_listed_in_the_spec(contract: Contract) -> None:
    classes = [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.ServiceError)
    ]
    listed = contract.spec["paths"]["/v2/translate"]["post"]["responses"]
    assert {str(status_of(cls)) for cls in classes} <= set(listed)
    assert set(STATUSES) <= set(classes)


# --- DeepL's codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deepl_code", "ours"),
    [
        ("ZH", "zh"),
        ("ZH-HANS", "zh"),
        ("zh-hant", "zt"),
        ("EN-GB", "en"),
        ("EN-US", "en"),
        ("PT-BR", "pt"),
        ("UK", "uk"),
        ("RU", "ru"),
        ("EO", "eo"),
        ("EN-XX", None),
        ("", None),
        ("auto", None),
    ],
)
def test_deepl_codes_map_to_the_services_codes(deepl_code: str, ours: str | None) -> None:
    assert service_code(deepl_code) == ours


def test_a_source_language_is_named_by_deepls_base_code() -> None:
    assert [deepl_source_code(code) for code in ("zh", "en", "uk", "eo")] == [
        "ZH",
        "EN",
        "UK",
        "EO",
    ]


# --- /v2/languages and /v2/usage ---------------------------------------------------------------


def codes(response: Any) -> list[str]:
    assert response.status_code == 200, response.json
    return [entry["language"] for entry in response.json]


def test_sources_are_the_installed_pairs_sources_by_default(deepl: CheckedClient) -> None:
    assert codes(deepl.get("/v2/languages")) == ["EN", "UK", "ZH"]
    assert deepl.get("/v2/languages").json[2] == {"language": "ZH", "name": "Chinese"}


def test_targets_name_english_by_variant_and_support_no_formality(
    deepl: CheckedClient,
) -> None:
    response = deepl.get("/v2/languages", query_string={"type": "target"})
    assert codes(response) == ["EN-GB", "EN-US", "UK"]
    assert {entry["supports_formality"] for entry in response.json} == {False}


@pytest.mark.parametrize(
    "ask",
    [
        {"method": "GET", "data": {"type": "target"}},  # what the official client sends
        {"method": "POST", "data": {"type": "target"}},
        {"method": "POST", "json": {"type": "target"}},
    ],
)
def test_the_type_may_come_in_a_body(deepl: CheckedClient, ask: dict[str, Any]) -> None:
    method = ask.pop("method")
    assert codes(deepl.open(method, "/v2/languages", **ask)) == ["EN-GB", "EN-US", "UK"]


def test_an_unknown_type_is_a_400_message(deepl: CheckedClient) -> None:
    response = deepl.get("/v2/languages", query_string={"type": "glossary"})
    assert response.status_code == 400
    assert "'type'" in response.json["message"]


def test_usage_without_keys_reports_nothing_used_of_an_unlimited_budget(
    deepl: CheckedClient,
) -> None:
    for method in ("GET", "POST"):
        response = deepl.open(method, "/v2/usage")
        assert response.json == {"character_count": 0, "character_limit": UNLIMITED}


# --- keys and limits: the one gate, DeepL's header and statuses --------------------------------

RATED, BUDGETED = "rated-key", "budget-key"


@pytest.fixture(scope="module")
def zhen_runtime() -> Runtime:
    return fake_runtime("zh-en")


@pytest.fixture
def keyed(zhen_runtime: Runtime, contract: Contract) -> CheckedClient:
    """Two keys, counted afresh for each test: RATED may make 3 requests a minute, BUDGETED send
    10 characters a day."""
    gate = Gate(
        [
            Key("rated", digest(RATED), KeyLimits(requests_per_minute=3)),
            Key("budget", digest(BUDGETED), KeyLimits(requests_per_minute=0, chars_per_day=10)),
        ]
    )
    app = create_app(runtime=replace(zhen_runtime, gate=gate))
    return CheckedClient(app.test_client(), contract)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"DeepL-Auth-Key {key}"}


def test_the_key_comes_in_deepls_authorization_header(keyed: CheckedClient) -> None:
    body = {"text": [HELLO], "target_lang": "EN-GB"}
    assert keyed.post("/v2/translate", json=body, headers=auth(RATED)).status_code == 200
    lower_case_scheme = {"Authorization": f"deepl-auth-key {RATED}"}
    assert keyed.post("/v2/translate", json=body, headers=lower_case_scheme).status_code == 200


def test_the_legacy_auth_key_field_is_accepted(keyed: CheckedClient) -> None:
    form = {"text": HELLO, "target_lang": "EN-GB", "auth_key": RATED}
    assert keyed.post("/v2/translate", data=form).status_code == 200
    assert keyed.get("/v2/usage", query_string={"auth_key": RATED}).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{}, auth("wrong"), {"Authorization": f"Bearer {RATED}"}, {"X-API-Key": RATED}],
)
@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/v2/translate"), ("GET", "/v2/languages"), ("GET", "/v2/usage")]
)
def test_a_missing_or_unknown_key_is_a_403_message(
    keyed: CheckedClient, headers: dict[str, str], method: str, path: str
) -> None:
    response = keyed.open(
        method, path, json={"text": [HELLO], "target_lang": "EN-GB"}, headers=headers
    )
    assert response.status_code == 403
    assert "key" in response.json["message"]


def test_over_the_rate_is_a_429_message_with_retry_after(keyed: CheckedClient) -> None:
    body = {"text": [HELLO], "target_lang": "EN-GB"}
    answers = [keyed.post("/v2/translate", json=body, headers=auth(RATED)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 60
    assert "3 requests per minute" in answers[-1].json["message"]


def test_languages_and_usage_check_the_key_but_count_nothing(keyed: CheckedClient) -> None:
    for _ in range(5):
        assert keyed.get("/v2/languages", headers=auth(RATED)).status_code == 200
        assert keyed.get("/v2/usage", headers=auth(RATED)).status_code == 200
    body = {"text": [HELLO], "target_lang": "EN-GB"}
    assert keyed.post("/v2/translate", json=body, headers=auth(RATED)).status_code == 200


def test_over_the_daily_characters_is_deepls_456_and_usage_still_answers(
    keyed: CheckedClient,
) -> None:
    body = {"text": ["你好你好你好。"], "target_lang": "EN-GB"}  # 7 characters
    assert keyed.post("/v2/translate", json=body, headers=auth(BUDGETED)).status_code == 200
    usage = keyed.get("/v2/usage", headers=auth(BUDGETED)).json
    assert usage == {"character_count": 7, "character_limit": 10}
    spent = keyed.post("/v2/translate", json=body, headers=auth(BUDGETED))
    assert spent.status_code == 456
    assert int(spent.headers["Retry-After"]) >= 1
    assert "10 characters" in spent.json["message"]
    usage = keyed.get("/v2/usage", headers=auth(BUDGETED)).json
    assert usage == {"character_count": 7, "character_limit": 10}  # the refused 7 not counted
