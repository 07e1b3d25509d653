"""POST /v1/summarize: summaries in four languages, lengths, methods, language handling.

Which sentences a summary picks is tested without HTTP in ``test_summarize.py``."""

from __future__ import annotations

import pytest

from service.summarize import METHODS

from .conftest import CheckedClient, article

ARTICLES = {"uk": "article-uk.txt", "ru": "article-ru.txt", "zh": "article-zh.txt"}


def test_sample_article_gets_three_english_sentences_by_default(
    client: CheckedClient, sample_news: str
) -> None:
    response = client.post("/v1/summarize", json={"text": sample_news})
    assert response.status_code == 200
    body = response.json
    assert body["language"] == {
        "code": "en",
        "confidence": body["language"]["confidence"],
        "detected": True,
    }
    assert body["language"]["confidence"] > 0.9
    assert len(body["sentences"]) == 3
    assert body["sentence_count"] > 10


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_each_language_is_detected_and_summarized_with_spans_into_the_text(
    client: CheckedClient, language: str
) -> None:
    text = article(ARTICLES[language])
    response = client.post("/v1/summarize", json={"text": text, "sentences": 2})
    assert response.status_code == 200
    body = response.json
    assert body["language"]["code"] == language
    assert len(body["sentences"]) == 2
    for sentence in body["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    assert all(s["text"] in body["summary"] for s in body["sentences"])


def test_chinese_summary_joins_sentences_without_spaces(client: CheckedClient) -> None:
    body_text = article("article-zh.txt").split("\n", 1)[1]  # without the headline
    body = client.post("/v1/summarize", json={"text": body_text, "sentences": 2}).json
    texts = [s["text"] for s in body["sentences"]]
    assert len(texts) == 2
    assert all(t.endswith("。") for t in texts)
    assert body["summary"] == "".join(texts)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_method_is_accepted_and_named_in_the_answer(
    client: CheckedClient, method: str
) -> None:
    body = client.post(
        "/v1/summarize", json={"text": article("article-ru.txt"), "method": method, "sentences": 2}
    ).json
    assert body["method"] == method
    assert len(body["sentences"]) == 2


def test_ratio_rounds_up_to_whole_sentences(client: CheckedClient) -> None:
    text = article("article-uk.txt")
    body = client.post("/v1/summarize", json={"text": text, "ratio": 0.3}).json
    assert len(body["sentences"]) == -(-body["sentence_count"] * 3 // 10)


@pytest.mark.parametrize("max_chars", [60, 200, 500])
def test_max_chars_gives_whole_sentences_that_fit_on_both_routes(
    client: CheckedClient, max_chars: int
) -> None:
    text = article("article-uk.txt")
    body = client.post("/v1/summarize", json={"text": text, "max_chars": max_chars}).json
    assert len(body["summary"]) <= max_chars
    assert all(text[s["start"] : s["end"]] == s["text"] for s in body["sentences"])
    assert all(s["text"] in body["summary"] for s in body["sentences"])
    answer = client.post(
        "/v1/articles", json={"text": text, "summary": {"max_chars": max_chars}}
    ).json
    assert answer["summary"]["summary"] == body["summary"]


def test_max_chars_with_sentences_or_ratio_is_422(client: CheckedClient) -> None:
    for other in ({"sentences": 2}, {"ratio": 0.5}):
        response = client.post("/v1/summarize", json={"text": "A. B.", "max_chars": 90, **other})
        assert response.status_code == 422
        assert response.json["field"] == "max_chars"
        assert "max_chars" in response.json["allowed"]


def test_max_chars_below_every_sentence_gives_an_empty_summary(client: CheckedClient) -> None:
    body = client.post(
        "/v1/summarize", json={"text": article("article-ru.txt"), "max_chars": 5}
    ).json
    assert body["summary"] == ""
    assert body["sentences"] == []


def test_given_language_is_used_with_confidence_one(client: CheckedClient) -> None:
    body = client.post(
        "/v1/summarize", json={"text": article("article-ru.txt"), "language": "ru"}
    ).json
    assert body["language"] == {"code": "ru", "confidence": 1.0, "detected": False}


def test_text_in_a_language_the_service_lacks_asks_for_the_language(client: CheckedClient) -> None:
    response = client.post(
        "/v1/summarize",
        json={
            "text": "Die Regierung hat am Dienstag einen neuen Haushalt beschlossen. "
            "Die Opposition kritisierte die Pläne scharf."
        },
    )
    assert response.status_code == 422
    assert response.json["field"] == "language"
    assert response.json["allowed"] == ["en", "uk", "ru", "zh"]


def test_a_line_break_ends_a_sentence_and_the_summary_keeps_it_after_a_headline(
    client: CheckedClient,
) -> None:
    body = client.post(
        "/v1/summarize",
        json={
            "text": "A headline without a full stop\nThe first sentence. The second.",
            "language": "en",
            "sentences": 3,
        },
    ).json
    assert [s["text"] for s in body["sentences"]] == [
        "A headline without a full stop",
        "The first sentence.",
        "The second.",
    ]
    assert body["summary"] == "A headline without a full stop\nThe first sentence. The second."
