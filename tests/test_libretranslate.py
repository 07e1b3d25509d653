"""The LibreTranslate-compatible API on fake models (``tests.fakes``: zh→en, en→uk, so zh→uk
goes through English): LibreTranslate's fields in JSON and form bodies, its answers and its
error shape, keys and limits through the one gate, and that the native API keeps its problems.
Every response is checked against ``openapi.yaml``. Real clients against a real server are in
``test_libretranslate_client.py``.
"""

from __future__ import annotations

import io
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service import create_app
from service.config import Settings
from service.file_store import FileStore
from service.keys import Gate, Key, KeyLimits, digest
from service.runtime import Runtime
from service.translate import Engine, Result

from .conftest import CheckedClient
from .contract import Contract
from .fakes import FakeModel, fake, fake_runtime

HELLO = "你好。"
TWO_SENTENCES = "乌克兰总统周二会见了欧洲领导人。他们讨论了能源安全问题。"
FIRST, SECOND = "乌克兰总统周二会见了欧洲领导人。", "他们讨论了能源安全问题。"


@pytest.fixture(scope="module")
def fakes() -> Runtime:
    return fake_runtime("zh-en", "en-uk")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("translated-files")


@pytest.fixture(scope="module")
def lt_app(fakes: Runtime, files: Path) -> Flask:
    return create_app({"files_dir": str(files), "max_text_chars": 500}, runtime=fakes)


@pytest.fixture
def lt(lt_app: Flask, fakes: Runtime, contract: Contract) -> CheckedClient:
    for model in fakes.engine.models.values():
        assert isinstance(model, FakeModel)
        model.take_calls()
    return CheckedClient(lt_app.test_client(), contract)


def translate(client: CheckedClient, **fields: Any) -> Any:
    return client.post("/translate", json=fields)


def translate_form(client: CheckedClient, **fields: Any) -> Any:
    """As ``libretranslatepy`` posts: an URL-encoded form."""
    return client.post("/translate", data=fields)


# --- /translate ---------------------------------------------------------------------------


def test_json_body_translates_and_names_no_language_when_source_is_given(
    lt: CheckedClient,
) -> None:
    response = translate(lt, q=HELLO, source="zh", target="en")
    assert response.status_code == 200
    assert response.json == {"translatedText": f"en({HELLO})"}


def test_form_body_translates_as_libretranslatepy_sends_it(lt: CheckedClient) -> None:
    response = translate_form(lt, q=TWO_SENTENCES, source="zh", target="en")
    assert response.json == {"translatedText": f"en({FIRST}) en({SECOND})"}


def test_form_line_breaks_become_newlines_and_paragraphs_survive(lt: CheckedClient) -> None:
    response = translate_form(lt, q=f"{FIRST}\r\n\r\n{SECOND}", source="zh", target="en")
    assert response.json["translatedText"] == f"en({FIRST})\n\nen({SECOND})"


def test_list_q_answers_a_list_in_order(lt: CheckedClient) -> None:
    response = translate(lt, q=[SECOND, FIRST, ""], source="zh", target="en")
    assert response.json == {"translatedText": [f"en({SECOND})", f"en({FIRST})", ""]}


def test_auto_source_says_the_detected_language_as_a_percentage(lt: CheckedClient) -> None:
    body = translate_form(lt, q=TWO_SENTENCES, source="auto", target="en").json
    assert body["detectedLanguage"]["language"] == "zh"
    assert 50 < body["detectedLanguage"]["confidence"] <= 100


def test_auto_source_of_a_list_repeats_its_one_detection_per_text(lt: CheckedClient) -> None:
    body = translate(lt, q=[FIRST, SECOND], source="auto", target="en").json
    assert [d["language"] for d in body["detectedLanguage"]] == ["zh", "zh"]
    assert body["detectedLanguage"][0] == body["detectedLanguage"][1]


def test_pivot_pair_goes_through_english(lt: CheckedClient) -> None:
    assert translate(lt, q=HELLO, source="zh", target="uk").json == {
        "translatedText": f"uk(en({HELLO}))"
    }


def test_fields_libretranslate_does_not_read_are_ignored(lt: CheckedClient) -> None:
    # the npm client sends "apiKey"; others send what their own options hold
    response = translate(lt, q=HELLO, source="zh", target="en", apiKey="", secret="x")
    assert response.status_code == 200


def test_native_api_is_untouched_and_keeps_its_problems(lt: CheckedClient) -> None:
    response = lt.post("/v1/translate", json={"text": HELLO, "source": "zh", "target": "de"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"


# --- alternatives -------------------------------------------------------------------------


def test_alternatives_are_the_next_best_hypotheses(lt: CheckedClient, fakes: Runtime) -> None:
    body = translate(lt, q=HELLO, source="zh", target="en", alternatives=2).json
    assert body == {
        "translatedText": f"en({HELLO})",
        "alternatives": [f"en#2({HELLO})", f"en#3({HELLO})"],
    }
    # the best comes from the ordinary call; the n-best from a call of their own
    assert fake(fakes.engine, "zh", "en").take_calls() == [[HELLO], [HELLO]]


def test_alternatives_of_a_text_join_each_sentences_next_best(lt: CheckedClient) -> None:
    body = translate_form(lt, q=TWO_SENTENCES, source="zh", target="en", alternatives="1").json
    assert body["alternatives"] == [f"en#2({FIRST}) en#2({SECOND})"]


def test_alternatives_equal_to_the_translation_are_left_out(lt: CheckedClient) -> None:
    body = translate(lt, q="same。", source="zh", target="en", alternatives=3).json
    assert body["alternatives"] == []


def test_alternatives_of_a_list_are_one_list_per_text(lt: CheckedClient) -> None:
    body = translate(lt, q=[FIRST, SECOND], source="zh", target="en", alternatives=1).json
    assert body["alternatives"] == [[f"en#2({FIRST})"], [f"en#2({SECOND})"]]


def test_alternatives_through_the_pivot_vary_only_the_last_hop(
    lt: CheckedClient, fakes: Runtime
) -> None:
    body = translate(lt, q=HELLO, source="zh", target="uk", alternatives=1).json
    assert body["alternatives"] == [f"uk#2(en({HELLO}))"]


def test_zero_or_negative_alternatives_ask_for_none_and_cost_no_second_call(
    lt: CheckedClient, fakes: Runtime
) -> None:
    assert "alternatives" not in translate(lt, q=HELLO, source="zh", target="en").json
    negative = translate(lt, q=HELLO, source="zh", target="en", alternatives=-2).json
    assert "alternatives" not in negative
    assert len(fake(fakes.engine, "zh", "en").take_calls()) == 2


def test_a_negative_number_of_any_length_asks_for_no_alternatives(lt: CheckedClient) -> None:
    # past 4,300 digits Python's int() refuses a string (it was a 500)
    for digits in ("-" + "9" * 30, "-" + "9" * 5_000):
        response = translate_form(lt, q=HELLO, source="zh", target="en", alternatives=digits)
        assert response.status_code == 200
        assert "alternatives" not in response.json


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"source": "zh", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": "", "source": "zh", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": [], "source": "zh", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": HELLO, "target": "en"}, "Invalid request: missing source parameter"),
        ({"q": HELLO, "source": "zh"}, "Invalid request: missing target parameter"),
        ({"q": HELLO, "source": "xx", "target": "en"}, "xx is not supported"),
        ({"q": HELLO, "source": "zh", "target": "de"}, "de is not supported"),
        ({"q": HELLO, "source": "zh", "target": "auto"}, "auto is not supported"),
        (
            {"q": HELLO, "source": "zh", "target": "en", "format": "xml"},
            "xml format is not supported",
        ),
        (
            {"q": HELLO, "source": "zh", "target": "en", "alternatives": "many"},
            "Invalid request: alternatives parameter is not a number",
        ),
        (
            {"q": HELLO, "source": "zh", "target": "en", "alternatives": 4},
            "Invalid request: alternatives parameter must be <= 3",
        ),
        (
            {"q": HELLO, "source": "zh", "target": "en", "alternatives": "9" * 5_000},
            "Invalid request: alternatives parameter must be <= 3",
        ),
        (
            {"q": "x" * 501, "source": "zh", "target": "en"},
            "Invalid request: request (501) exceeds text limit (500)",
        ),
        (
            {"q": ["x" * 300, "x" * 300], "source": "zh", "target": "en"},
            "Invalid request: request (600) exceeds text limit (500)",
        ),
        (
            {"q": 5, "source": "zh", "target": "en"},
            "Invalid request: q must be a string or a list of strings.",
        ),
        (
            {"q": HELLO, "source": "zh", "target": "en", "api_key": 5},
            "Invalid request: api_key must be a string.",
        ),
    ],
)
def test_bad_requests_are_400_with_libretranslates_message(
    lt: CheckedClient, fields: dict[str, Any], error: str
) -> None:
    response = translate(lt, **fields)
    assert (response.status_code, response.json) == (400, {"error": error})
    assert response.mimetype == "application/json"


def test_a_pair_with_no_package_is_400_naming_the_installed_targets(lt: CheckedClient) -> None:
    response = translate(lt, q="Hello.", source="uk", target="zh")
    assert response.status_code == 400
    assert response.json["error"] == (
        "No translation from 'uk' to 'zh' is installed (targets installed for 'uk': none)."
    )


def test_format_html_keeps_the_markup(lt: CheckedClient) -> None:
    response = translate(
        lt, q='<p>你好。<b title="标题">世界</b>。</p>', source="zh", target="en", format="html"
    )
    assert response.status_code == 200, response.json
    assert response.json == {
        "translatedText": '<p>en(你好。) en(<b title="en(标题)">世界。</b>)</p>'
    }


def test_a_format_other_than_text_or_html_is_400(lt: CheckedClient) -> None:
    response = translate(lt, q=HELLO, source="zh", target="en", format="xml")
    assert (response.status_code, response.json) == (400, {"error": "xml format is not supported"})


def test_auto_source_that_cannot_be_told_is_400(lt: CheckedClient) -> None:
    response = translate(lt, q="12345", source="auto", target="en")
    assert response.status_code == 400
    assert "Could not tell" in response.json["error"]


def test_q_given_twice_in_a_form_is_400_rather_than_silently_dropped(lt: CheckedClient) -> None:
    response = lt.post(
        "/translate",
        data="q=a&q=b&source=zh&target=en",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "q is given 2 times" in response.json["error"]


@pytest.mark.parametrize("body", ["{not json", "[1, 2]"])
def test_json_that_is_not_an_object_is_400_invalid_json_format(
    lt: CheckedClient, body: str
) -> None:
    response = lt.post("/translate", data=body, content_type="application/json")
    assert (response.status_code, response.json) == (400, {"error": "Invalid JSON format"})


def test_body_over_the_limit_is_413_in_libretranslates_shape(
    fakes: Runtime, contract: Contract
) -> None:
    client = CheckedClient(
        create_app({"max_body_bytes": 100}, runtime=fakes).test_client(), contract
    )
    response = client.post("/translate", data={"q": "x" * 200, "source": "zh", "target": "en"})
    assert response.status_code == 413
    assert "limit of 100 bytes" in response.json["error"]


def test_wrong_method_is_the_apps_405_problem(lt: CheckedClient) -> None:
    response = lt.get("/translate")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"


class ExplodingModel(FakeModel):
    def translate_sentences(self, sentences: Sequence[str]) -> list[Result]:
        raise RuntimeError("secret internals")


def test_unexpected_failure_is_a_logged_500_without_internals(
    contract: Contract, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = replace(fake_runtime(), engine=Engine([ExplodingModel("zh", "en")]))  # type: ignore[list-item]
    client = CheckedClient(create_app(runtime=runtime).test_client(), contract)
    with caplog.at_level(logging.ERROR):
        response = translate(client, q=HELLO, source="zh", target="en")
    assert response.status_code == 500
    assert "secret" not in response.json["error"]
    assert any(r.exc_info and "secret internals" in str(r.exc_info[1]) for r in caplog.records)


# --- keys and limits: the native API's gate ---------------------------------------------------


@pytest.fixture(scope="module")
def keyed(contract: Contract) -> CheckedClient:
    gate = Gate([Key("cms", digest("s3cret"), KeyLimits(requests_per_minute=3))])
    app = create_app(runtime=replace(fake_runtime("zh-en"), gate=gate))
    return CheckedClient(app.test_client(), contract)


def test_a_missing_or_unknown_api_key_is_403(keyed: CheckedClient) -> None:
    missing = translate(keyed, q=HELLO, source="zh", target="en")
    assert (missing.status_code, missing.json) == (
        403,
        {"error": "This server needs an API key; none was sent."},
    )
    wrong = translate(keyed, q=HELLO, source="zh", target="en", api_key="nope")
    assert (wrong.status_code, wrong.json) == (403, {"error": "The API key is not valid."})


def test_the_key_is_read_from_a_json_or_form_body_and_discovery_needs_none(
    keyed: CheckedClient,
) -> None:
    assert translate(keyed, q=HELLO, source="zh", target="en", api_key="s3cret").status_code == 200
    assert keyed.post("/detect", data={"q": "Hello there.", "api_key": "s3cret"}).status_code == 200
    assert keyed.get("/languages").status_code == 200
    assert keyed.get("/frontend/settings").json["keyRequired"] is True


def test_over_the_rate_is_429_slowdown_with_retry_after(keyed: CheckedClient) -> None:
    responses = [keyed.post("/detect", json={"q": "Hello.", "api_key": "s3cret"}) for _ in range(4)]
    limited = responses[-1]
    assert limited.status_code == 429
    assert limited.json["error"].startswith("Slowdown: Key 'cms' is over its limit of 3")
    assert 1 <= int(limited.headers["Retry-After"]) <= 60


# --- /detect, /languages, /frontend/settings ------------------------------------------------


def test_detect_ranks_languages_with_confidences_in_percent(lt: CheckedClient) -> None:
    body = lt.post("/detect", data={"q": "Привіт, як справи у Києві?"}).json
    assert body[0]["language"] == "uk"
    assert abs(sum(c["confidence"] for c in body) - 100) < 1


def test_detect_says_und_when_the_text_cannot_tell(lt: CheckedClient) -> None:
    assert lt.post("/detect", json={"q": "2024-11-05"}).json == [
        {"confidence": 0.0, "language": "und"}
    ]


def test_detect_without_q_is_400(lt: CheckedClient) -> None:
    response = lt.post("/detect", json={})
    assert (response.status_code, response.json) == (
        400,
        {"error": "Invalid request: missing q parameter"},
    )


def test_languages_lists_installed_languages_with_their_targets(lt: CheckedClient) -> None:
    assert lt.get("/languages").json == [
        {"code": "en", "name": "English", "targets": ["uk"]},
        {"code": "uk", "name": "Ukrainian", "targets": []},
        {"code": "zh", "name": "Chinese", "targets": ["en", "uk"]},
    ]


def test_frontend_settings_tell_the_limit_and_that_no_key_is_needed(lt: CheckedClient) -> None:
    body = lt.get("/frontend/settings").json
    assert body["charLimit"] == 500
    assert (body["keyRequired"], body["apiKeys"]) == (False, False)
    assert body["supportedFilesFormat"] == [".txt", ".html", ".htm"]
    assert body["language"]["target"] == {"code": "en", "name": "English"}


# --- /translate_file --------------------------------------------------------------------------


def upload(client: CheckedClient, name: str, data: bytes, **fields: str) -> Any:
    return client.post(
        "/translate_file",
        data={"source": "zh", "target": "en", **fields, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_a_txt_file_is_translated_and_downloadable_from_the_url(lt: CheckedClient) -> None:
    text = f"{FIRST}{SECOND}\n\n{HELLO}\n"
    response = upload(lt, "新闻 report.txt", text.encode())
    assert response.status_code == 200
    url = response.json["translatedFileUrl"]
    assert url.startswith("http://localhost/download_file/")
    download = lt.get(url.removeprefix("http://localhost"))
    assert download.status_code == 200
    assert download.mimetype == "text/plain"
    assert download.headers["Content-Disposition"] == 'attachment; filename="report.txt"'
    assert download.get_data(as_text=True) == f"en({FIRST}) en({SECOND})\n\nen({HELLO})\n"


def test_an_html_file_is_translated_with_its_markup_kept(lt: CheckedClient) -> None:
    page = "<html><body><h1>你好。</h1><p>世界。<b>你好</b>。</p></body></html>"
    response = upload(lt, "page.html", page.encode())
    assert response.status_code == 200
    download = lt.get(response.json["translatedFileUrl"].removeprefix("http://localhost"))
    assert download.mimetype == "text/html"
    translated = download.get_data(as_text=True)
    assert "<h1>en(你好。)</h1>" in translated
    assert "<b>" in translated
    assert "</b>" in translated


def test_a_file_with_auto_source_is_detected(lt: CheckedClient) -> None:
    response = upload(lt, "a.txt", TWO_SENTENCES.encode("utf-8-sig"), source="auto")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("letter.docx", b"PK", "file format not supported (supported: .txt, .html, .htm)"),
        ("README", b"text", "file format not supported"),
        ("latin1.txt", "café".encode("latin-1"), "the file is not UTF-8 text"),
    ],
)
def test_files_not_served_are_400_saying_why(
    lt: CheckedClient, name: str, data: bytes, error: str
) -> None:
    response = upload(lt, name, data)
    assert response.status_code == 400
    assert error in response.json["error"]


def test_translate_file_without_a_file_is_400(lt: CheckedClient) -> None:
    response = lt.post("/translate_file", data={"source": "zh", "target": "en"})
    assert (response.status_code, response.json) == (
        400,
        {"error": "Invalid request: missing file parameter"},
    )


def test_an_unknown_or_expired_file_is_404(lt: CheckedClient, files: Path) -> None:
    assert lt.get("/download_file/nothing.txt").status_code == 404
    stored = FileStore(files, ttl=60).put("old.txt", b"old")
    hour_ago = time.time() - 3600
    os.utime(files / stored, (hour_ago, hour_ago))
    response = lt.get(f"/download_file/{stored}")
    assert response.status_code == 404
    assert "expired" in response.json["error"]


@pytest.mark.parametrize("name", ["a%2Fb", "..%2Fsecret.txt", "%20%09%0D%0A%20"])
def test_a_file_name_holding_a_slash_is_the_routes_own_404(lt: CheckedClient, name: str) -> None:
    response = lt.get(f"/download_file/{name}")
    assert response.status_code == 404
    assert "expired" in response.json["error"]  # LibreTranslate's shape, as the spec says


def test_storing_a_file_sweeps_the_expired_ones(tmp_path: Path) -> None:
    store = FileStore(tmp_path, ttl=60)
    old = store.put("old.txt", b"old")
    os.utime(tmp_path / old, (0, 0))
    new = store.put("new.txt", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [new]
    assert store.get(new) == b"new"
    assert store.get("../" + new) is None


# --- the spec -------------------------------------------------------------------------------


def test_spec_limits_are_the_services_defaults(contract: Contract) -> None:
    schemas = contract.spec["components"]["schemas"]
    defaults = Settings()
    assert schemas["LtAlternatives"]["oneOf"][0]["maximum"] == defaults.max_alternatives
    assert schemas["LtTranslateForm"]["properties"]["alternatives"]["maximum"] == (
        defaults.max_alternatives
    )
    assert schemas["LtText"]["maxLength"] == defaults.max_text_chars
    q_list = schemas["LtTranslateRequest"]["properties"]["q"]["oneOf"][1]
    assert q_list["maxItems"] == defaults.max_texts
