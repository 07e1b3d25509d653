"""POST /v1/summarize: summaries in four languages, lengths, methods, language handling."""

from __future__ import annotations

import pytest

from service.summarize import METHODS

from .conftest import CheckedClient, article

ARTICLES = {"uk": "article-uk.txt", "ru": "article-ru.txt", "zh": "article-zh.txt"}


def test_sample_article_gets_three_english_sentences_by_default(
        client: CheckedClient, sample_news: str) -> None:
    response = client.post("/v1/summarize", json={"text": sample_news})
    assert response.status_code == 200
    body = response.json
    assert body["language"] == {"code": "en", "confidence": body["language"]["confidence"],
                                "detected": True}
    assert body["language"]["confidence"] > 0.9
    assert len(body["sentences"]) == 3
    assert body["sentence_count"] > 10


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_summary_is_in_the_texts_own_language(client: CheckedClient, language: str) -> None:
    text = article(ARTICLES[language])
    response = client.post("/v1/summarize", json={"text": text, "sentences": 2})
    assert response.status_code == 200
    body = response.json
    assert body["language"]["code"] == language
    assert len(body["sentences"]) == 2
    for sentence in body["sentences"]:
        assert text[sentence["start"]:sentence["end"]] == sentence["text"]
    assert all(s["text"] in body["summary"] for s in body["sentences"])


def test_chinese_summary_joins_sentences_without_spaces(client: CheckedClient) -> None:
    body_text = article("article-zh.txt").split("\n", 1)[1]  # without the headline
    body = client.post("/v1/summarize", json={"text": body_text, "sentences": 2}).json
    texts = [s["text"] for s in body["sentences"]]
    assert len(texts) == 2
    assert all(t.endswith("。") for t in texts)
    assert body["summary"] == "".join(texts)


def test_chosen_sentences_come_in_document_order(client: CheckedClient,
                                                 sample_news: str) -> None:
    body = client.post("/v1/summarize", json={"text": sample_news, "sentences": 5}).json
    indexes = [s["index"] for s in body["sentences"]]
    assert indexes == sorted(indexes)
    assert len(set(indexes)) == 5


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_method_summarizes(client: CheckedClient, method: str) -> None:
    body = client.post("/v1/summarize", json={"text": article("article-ru.txt"),
                                              "method": method, "sentences": 2}).json
    assert body["method"] == method
    assert len(body["sentences"]) == 2


def test_ratio_rounds_up_to_whole_sentences(client: CheckedClient) -> None:
    text = article("article-uk.txt")
    body = client.post("/v1/summarize", json={"text": text, "ratio": 0.3}).json
    assert len(body["sentences"]) == -(-body["sentence_count"] * 3 // 10)


def test_asking_for_more_sentences_than_exist_returns_them_all(client: CheckedClient) -> None:
    body = client.post("/v1/summarize",
                       json={"text": "One sentence. Another one.", "sentences": 10,
                             "language": "en"}).json
    assert [s["index"] for s in body["sentences"]] == [0, 1]


def test_given_language_is_used_with_confidence_one(client: CheckedClient) -> None:
    body = client.post("/v1/summarize", json={"text": article("article-ru.txt"),
                                              "language": "ru"}).json
    assert body["language"] == {"code": "ru", "confidence": 1.0, "detected": False}


def test_text_in_a_language_the_service_lacks_asks_for_the_language(
        client: CheckedClient) -> None:
    response = client.post("/v1/summarize", json={
        "text": "Die Regierung hat am Dienstag einen neuen Haushalt beschlossen. "
                "Die Opposition kritisierte die Pläne scharf."})
    assert response.status_code == 422
    assert response.json["field"] == "language"
    assert response.json["allowed"] == ["en", "uk", "ru", "zh"]


def test_paragraphs_split_at_line_breaks(client: CheckedClient) -> None:
    body = client.post("/v1/summarize", json={
        "text": "A headline without a full stop\nThe first sentence. The second.",
        "language": "en", "sentences": 3}).json
    assert [s["text"] for s in body["sentences"]] == [
        "A headline without a full stop", "The first sentence.", "The second."]
    assert body["summary"] == "A headline without a full stop\nThe first sentence. The second."


def test_a_headline_is_not_chosen_while_there_are_sentences(client: CheckedClient) -> None:
    body = client.post("/v1/summarize", json={
        "text": "New metro line opens in the east\n"
                "The city opened its fifth metro line on Tuesday. It has 24 stations. "
                "More than 100,000 passengers rode it on the first day.",
        "language": "en", "sentences": 2}).json
    assert body["sentence_count"] == 4
    assert 0 not in [s["index"] for s in body["sentences"]]


def test_a_headline_fills_in_when_the_text_has_too_few_sentences(client: CheckedClient) -> None:
    body = client.post("/v1/summarize", json={
        "text": "New metro line opens\nTwenty-four stations\nIt opened on Tuesday.",
        "language": "en", "sentences": 2}).json
    assert [s["index"] for s in body["sentences"]] == [0, 2]  # the first heading fills in
    assert body["summary"] == "New metro line opens\nIt opened on Tuesday."
