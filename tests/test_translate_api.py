"""POST /v1/translate and /v1/articles, and the pairs in /v1/languages.

Real output comes from the real zh→en model. Routes, pivots, missing pairs, partial answers and
field checks use an app built around fake models (``tests.fakes``: zh→en, en→uk, uk→en), whose
output says exactly which models a sentence went through.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service import create_app
from service.runtime import Runtime

from .conftest import CheckedClient, article
from .contract import Contract
from .fakes import FakeModel, fake_runtime

UKRAINE_NEWS = "乌克兰总统泽连斯基周二在基辅会见了欧洲领导人。他们讨论了能源安全问题。"


@pytest.fixture(scope="module")
def models_dir(zhen_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real zh→en package alone."""
    folder = tmp_path_factory.mktemp("models") / "models"
    folder.mkdir()
    os.symlink(zhen_package, folder / zhen_package.name)
    return folder


@pytest.fixture(scope="module")
def translating_app(models_dir: Path) -> Flask:
    return create_app({"models_dir": models_dir, "cache_entries": 0})


@pytest.fixture
def tclient(translating_app: Flask, contract: Contract) -> CheckedClient:
    return CheckedClient(translating_app.test_client(), contract)


@pytest.fixture(scope="module")
def fakes() -> Runtime:
    """Fake zh→en, en→uk and uk→en: zh→uk and uk→zh go through English."""
    return fake_runtime("zh-en", "en-uk", "uk-en")


@pytest.fixture(scope="module")
def fake_app(fakes: Runtime) -> Flask:
    return create_app(runtime=fakes)


@pytest.fixture
def fclient(fake_app: Flask, fakes: Runtime, contract: Contract) -> CheckedClient:
    for model in fakes.engine.models.values():
        calls(model).clear()
    return CheckedClient(fake_app.test_client(), contract)


def calls(model: object) -> list[list[str]]:
    """What a fake model was asked to translate, one list per call."""
    assert isinstance(model, FakeModel)
    return model.calls


def translate(client: CheckedClient, **body: Any) -> Any:
    return client.post("/v1/translate", json=body)


def test_chinese_news_comes_back_as_english_naming_ukraine(tclient: CheckedClient) -> None:
    response = translate(tclient, text=UKRAINE_NEWS, target="en")
    assert response.status_code == 200
    body = response.json
    assert body["source"] == {
        "code": "zh",
        "confidence": body["source"]["confidence"],
        "detected": True,
    }
    [translation] = body["translations"]
    assert translation["route"] == ["zh-en"]
    assert "Ukrain" in translation["text"]
    assert translation["truncated"] is False


def test_paragraphs_survive_and_english_sentences_get_spaces(tclient: CheckedClient) -> None:
    text = UKRAINE_NEWS + "\n\n" + "市政府宣布新的地铁线路开通。"
    translated = translate(tclient, text=text, target="en").json["translations"][0]["text"]
    first, second = translated.split("\n\n")
    assert ". " in first  # two sentences, one space between them
    assert second.strip()
    assert "\n" not in first


def test_a_list_of_texts_comes_back_in_order(tclient: CheckedClient) -> None:
    texts = ["乌克兰总统发表讲话。", "你好。", "中国经济增长了百分之五。"]
    out = translate(tclient, text=texts, targets=["en"]).json["translations"][0]["text"]
    assert len(out) == 3
    assert "Ukrain" in out[0]
    assert "China" in out[2] or "Chinese" in out[2]


def test_target_equal_to_source_returns_the_text_without_a_model(
    fclient: CheckedClient, fakes: Runtime
) -> None:
    body = translate(fclient, text="你好。", source="zh", targets=["zh"]).json
    assert body["translations"] == [
        {"target": "zh", "route": [], "text": "你好。", "truncated": False}
    ]
    assert all(calls(model) == [] for model in fakes.engine.models.values())


def test_pivot_goes_through_english_with_one_call_per_hop(
    fclient: CheckedClient, fakes: Runtime
) -> None:
    first, second = "乌克兰总统泽连斯基周二在基辅会见了欧洲领导人。", "他们讨论了能源安全问题。"
    translation = translate(fclient, text=UKRAINE_NEWS, targets=["uk"]).json["translations"][0]
    assert translation["route"] == ["zh-en", "en-uk"]
    assert translation["text"] == f"uk(en({first})) uk(en({second}))"
    assert calls(fakes.engine.models[("zh", "en")]) == [[first, second]]
    assert calls(fakes.engine.models[("en", "uk")]) == [[f"en({first})", f"en({second})"]]


def test_missing_target_is_422_naming_it_and_listing_installed(fclient: CheckedClient) -> None:
    response = translate(fclient, text=UKRAINE_NEWS, targets=["en", "ru"])
    assert response.status_code == 422
    assert response.json["type"].endswith("pair-not-installed")
    assert "'ru'" in response.json["detail"]
    assert response.json["allowed"] == ["en", "uk"]


def test_partial_answer_translates_what_it_can_and_lists_the_missing_targets(
    fclient: CheckedClient,
) -> None:
    body = translate(
        fclient, text="他们讨论了能源安全问题。", targets=["en", "ru"], partial=True
    ).json
    assert body["translations"] == [
        {
            "target": "en",
            "route": ["zh-en"],
            "text": "en(他们讨论了能源安全问题。)",
            "truncated": False,
        }
    ]
    assert body["missing"] == [
        {
            "target": "ru",
            "detail": (
                "No translation from 'zh' to 'ru' is installed "
                "(targets installed for 'zh': en, uk)."
            ),
        }
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "你好。"}, "targets"),
        ({"text": "你好。", "target": "en", "targets": ["en"]}, "targets"),
        ({"text": "你好。", "targets": []}, "targets"),
        ({"text": "你好。", "targets": "en"}, "targets"),
        ({"text": "你好。", "target": 5}, "target"),
        ({"text": "你好。", "target": "en", "source": "xx"}, "source"),
        ({"text": [], "target": "en"}, "text"),
        ({"text": ["ok", 3], "target": "en"}, "text"),
        ({"text": "你好。", "target": "en", "partial": "yes"}, "partial"),
    ],
)
def test_invalid_translate_request_is_422_naming_the_field(
    fclient: CheckedClient, body: dict[str, Any], field: str
) -> None:
    response = fclient.post("/v1/translate", json=body)
    assert response.status_code == 422
    assert response.json["field"] == field


def test_languages_lists_direct_then_pivot_pairs_with_packages_and_targets(
    fclient: CheckedClient,
) -> None:
    body = fclient.get("/v1/languages").json
    assert body["pairs"] == [
        {"source": "en", "target": "uk", "via": None, "packages": ["translate-en_uk"]},
        {"source": "uk", "target": "en", "via": None, "packages": ["translate-uk_en"]},
        {"source": "zh", "target": "en", "via": None, "packages": ["translate-zh_en"]},
        {
            "source": "zh",
            "target": "uk",
            "via": "en",
            "packages": ["translate-zh_en", "translate-en_uk"],
        },
    ]
    targets = {lang["code"]: lang["translate_to"] for lang in body["languages"]}
    assert targets == {"en": ["uk"], "uk": ["en"], "ru": [], "zh": ["en", "uk"]}


def zh_article() -> tuple[str, str]:
    title, *lines = article("article-zh.txt").splitlines()
    return title, "\n".join(lines)


def test_article_call_returns_summary_and_its_translation(tclient: CheckedClient) -> None:
    title, text = zh_article()
    response = tclient.post(
        "/v1/articles",
        json={"title": title, "text": text, "targets": ["en"], "summary": {"sentences": 2}},
    )
    assert response.status_code == 200
    body = response.json
    assert body["language"]["code"] == "zh"
    assert len(body["summary"]["sentences"]) == 2
    [english] = body["translations"]
    assert set(english) == {"target", "route", "truncated", "title", "summary", "summary_sentences"}
    assert len(english["summary_sentences"]) == 2
    assert english["summary"] == " ".join(english["summary_sentences"])
    assert (
        "subway" in (english["title"] + english["summary"]).lower()
        or "metro" in (english["title"] + english["summary"]).lower()
    )


def test_article_summary_reuses_the_translated_text_in_one_model_call(
    fclient: CheckedClient, fakes: Runtime
) -> None:
    title, text = zh_article()
    body = fclient.post(
        "/v1/articles",
        json={
            "title": title,
            "text": text,
            "targets": ["en"],
            "summary": {"sentences": 2},
            "translate": ["title", "summary", "text"],
        },
    ).json
    english = body["translations"][0]
    [call] = calls(fakes.engine.models[("zh", "en")])
    assert len(call) == 1 + body["summary"]["sentence_count"]  # title + text, once each
    assert english["summary_sentences"] == [
        f"en({sentence['text']})" for sentence in body["summary"]["sentences"]
    ]
    for sentence in english["summary_sentences"]:
        assert sentence in english["text"]


def test_article_without_targets_is_a_summary_only(fclient: CheckedClient) -> None:
    body = fclient.post("/v1/articles", json={"text": article("article-uk.txt")}).json
    assert body["language"]["code"] == "uk"
    assert body["translations"] == []
    assert len(body["summary"]["sentences"]) == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "Text. More.", "translate": ["body"]}, "translate"),
        ({"text": "Text. More.", "translate": []}, "translate"),
        ({"text": "Text. More.", "summary": {"sentence": 2}}, "summary.sentence"),
        ({"text": "Text. More.", "summary": 3}, "summary"),
        ({"text": "Text. More.", "summary": {"sentences": 2, "ratio": 0.5}}, "summary.ratio"),
        ({"text": "Text. More.", "targets": ["en", 1]}, "targets"),
        ({"text": "Text. More.", "title": ""}, "title"),
        ({"text": "Text. More.", "source": "de"}, "source"),
    ],
)
def test_invalid_article_request_is_422_naming_the_field(
    fclient: CheckedClient, body: dict[str, Any], field: str
) -> None:
    response = fclient.post("/v1/articles", json=body)
    assert response.status_code == 422
    assert response.json["field"] == field
