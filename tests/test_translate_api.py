"""POST /v1/translate and /v1/articles, and the pairs in /v1/languages.

Real output comes from the real zh→en model. The pivot tests add tiny random-weight packages
(en→uk, uk→en): their output is noise, so those tests check routes and structure only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service import create_app
from service.runtime import EXTENSION_KEY
from testkit.packages import install_tiny

from .conftest import CheckedClient, article
from .contract import Contract

UKRAINE_NEWS = "乌克兰总统泽连斯基周二在基辅会见了欧洲领导人。他们讨论了能源安全问题。"


@pytest.fixture(scope="module")
def models_dir(zhen_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """zh→en (real) plus tiny en→uk and uk→en: zh→uk and uk→zh go through English."""
    folder = tmp_path_factory.mktemp("models") / "models"
    folder.mkdir()
    os.symlink(zhen_package, folder / zhen_package.name)
    install_tiny(folder, "en", "uk")
    install_tiny(folder, "uk", "en")
    return folder


@pytest.fixture(scope="module")
def translating_app(models_dir: Path) -> Flask:
    return create_app({"models_dir": models_dir, "cache_entries": 0})


@pytest.fixture
def tclient(translating_app: Flask, contract: Contract) -> CheckedClient:
    return CheckedClient(translating_app.test_client(), contract)


def translate(client: CheckedClient, **body: Any) -> Any:
    return client.post("/v1/translate", json=body)


def test_chinese_news_comes_back_as_english_naming_ukraine(tclient: CheckedClient) -> None:
    response = translate(tclient, text=UKRAINE_NEWS, target="en")
    assert response.status_code == 200
    body = response.json
    assert body["source"] == {"code": "zh", "confidence": body["source"]["confidence"],
                              "detected": True}
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


def test_target_equal_to_source_returns_the_text(tclient: CheckedClient) -> None:
    body = translate(tclient, text="你好。", source="zh", targets=["zh"]).json
    assert body["translations"] == [
        {"target": "zh", "route": [], "text": "你好。", "truncated": False}]


def test_pivot_goes_through_english_with_one_hop_each(tclient: CheckedClient) -> None:
    translation = translate(tclient, text=UKRAINE_NEWS, targets=["uk"]).json["translations"][0]
    assert translation["route"] == ["zh-en", "en-uk"]
    assert isinstance(translation["text"], str)


def test_missing_target_is_422_naming_it_and_listing_installed(
        tclient: CheckedClient) -> None:
    response = translate(tclient, text=UKRAINE_NEWS, targets=["en", "ru"])
    assert response.status_code == 422
    assert response.json["type"].endswith("pair-not-installed")
    assert "'ru'" in response.json["detail"]
    assert response.json["allowed"] == ["en", "uk"]


def test_partial_answer_lists_the_missing_targets(tclient: CheckedClient) -> None:
    body = translate(tclient, text=UKRAINE_NEWS, targets=["en", "ru"], partial=True).json
    assert [t["target"] for t in body["translations"]] == ["en"]
    assert [m["target"] for m in body["missing"]] == ["ru"]


@pytest.mark.parametrize(("body", "field"), [
    ({"text": "你好。"}, "targets"),
    ({"text": "你好。", "target": "en", "targets": ["en"]}, "targets"),
    ({"text": "你好。", "targets": []}, "targets"),
    ({"text": "你好。", "targets": "en"}, "targets"),
    ({"text": "你好。", "target": 5}, "target"),
    ({"text": "你好。", "target": "en", "source": "xx"}, "source"),
    ({"text": [], "target": "en"}, "text"),
    ({"text": ["ok", 3], "target": "en"}, "text"),
    ({"text": "你好。", "target": "en", "partial": "yes"}, "partial"),
])
def test_invalid_translate_request_is_422_naming_the_field(
        tclient: CheckedClient, body: dict[str, Any], field: str) -> None:
    response = tclient.post("/v1/translate", json=body)
    assert response.status_code == 422
    assert response.json["field"] == field


def test_languages_lists_direct_and_pivot_pairs_with_packages(tclient: CheckedClient) -> None:
    body = tclient.get("/v1/languages").json
    pairs = {(p["source"], p["target"]): p for p in body["pairs"]}
    assert pairs[("zh", "en")] == {"source": "zh", "target": "en", "via": None,
                                   "packages": ["translate-zh_en-1_9"]}
    assert pairs[("zh", "uk")]["via"] == "en"
    assert pairs[("zh", "uk")]["packages"] == ["translate-zh_en-1_9", "translate-en_uk-1_0"]
    zh = next(lang for lang in body["languages"] if lang["code"] == "zh")
    assert zh["translate_to"] == ["en", "uk"]


def zh_article() -> tuple[str, str]:
    title, *lines = article("article-zh.txt").splitlines()
    return title, "\n".join(lines)


def test_article_call_returns_summary_and_its_translation(tclient: CheckedClient) -> None:
    title, text = zh_article()
    response = tclient.post("/v1/articles", json={
        "title": title, "text": text, "targets": ["en"], "summary": {"sentences": 2}})
    assert response.status_code == 200
    body = response.json
    assert body["language"]["code"] == "zh"
    assert len(body["summary"]["sentences"]) == 2
    [english] = body["translations"]
    assert set(english) == {"target", "route", "truncated", "title", "summary",
                            "summary_sentences"}
    assert len(english["summary_sentences"]) == 2
    assert english["summary"] == " ".join(english["summary_sentences"])
    assert "subway" in (english["title"] + english["summary"]).lower() or \
        "metro" in (english["title"] + english["summary"]).lower()


def test_article_summary_reuses_the_translated_text(tclient: CheckedClient,
                                                    translating_app: Flask) -> None:
    models = translating_app.extensions[EXTENSION_KEY].engine.models.values()
    before = sum(model.sentences_translated for model in models)
    title, text = zh_article()
    body = tclient.post("/v1/articles", json={
        "title": title, "text": text, "targets": ["en"], "summary": {"sentences": 2},
        "translate": ["title", "summary", "text"]}).json
    english = body["translations"][0]
    translated = sum(model.sentences_translated for model in models) - before
    assert translated == 1 + body["summary"]["sentence_count"]  # title + text, once each
    for sentence in english["summary_sentences"]:
        assert sentence in english["text"]


def test_article_without_targets_is_a_summary_only(tclient: CheckedClient) -> None:
    body = tclient.post("/v1/articles", json={"text": article("article-uk.txt")}).json
    assert body["language"]["code"] == "uk"
    assert body["translations"] == []
    assert len(body["summary"]["sentences"]) == 3


@pytest.mark.parametrize(("body", "field"), [
    ({"text": "Text. More.", "translate": ["body"]}, "translate"),
    ({"text": "Text. More.", "translate": []}, "translate"),
    ({"text": "Text. More.", "summary": {"sentence": 2}}, "summary.sentence"),
    ({"text": "Text. More.", "summary": 3}, "summary"),
    ({"text": "Text. More.", "summary": {"sentences": 2, "ratio": 0.5}}, "summary.ratio"),
    ({"text": "Text. More.", "targets": ["en", 1]}, "targets"),
    ({"text": "Text. More.", "title": ""}, "title"),
    ({"text": "Text. More.", "source": "de"}, "source"),
])
def test_invalid_article_request_is_422_naming_the_field(
        tclient: CheckedClient, body: dict[str, Any], field: str) -> None:
    response = tclient.post("/v1/articles", json=body)
    assert response.status_code == 422
    assert response.json["field"] == field
