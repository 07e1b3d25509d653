"""Summaries of texts as long as a request allows (100,000 characters), of the kinds that made
sumy's methods quadratic or worse: one-word lines (every line a heading), punctuation-only
sentences, one-word sentences, one giant sentence, Chinese two-character sentences. Every method
returns whole sentences of the input; past a method's cap the first sentences are ranked and the
rest follow in document order; ``max_chars`` fits as it did. Timing is measured in
``bench/summary_scale.py``, not here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import product

import pytest
import requests

from service import summarize as summarize_module
from service.summarize import METHODS, Length, headings, rank, summarize
from service.text import splitter
from service.text.languages import join_sentences
from service.text.splitter import Sentence, split_sentences
from testkit.servers import gunicorn

from .contract import Contract
from .test_server import checked
from .test_summarize import METRO, ZH_METRO

SIZE = 100_000
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "so", "ti", "va", "de", "pu")


def words() -> list[str]:
    """2,000 made-up words of 4-8 letters (distinct, so that the vocabulary is large)."""
    return ["".join(SYLLABLES[int(d)] for d in f"{k:04d}") for k in range(2000)]


def cut(parts: Sequence[str], separator: str) -> str:
    """``parts`` joined by ``separator`` (repeated as needed), whole parts, at most SIZE long."""
    out: list[str] = []
    total = 0
    while True:
        part = parts[len(out) % len(parts)]
        total += len(part) + (len(separator) if out else 0)
        if total > SIZE:
            return separator.join(out)
        out.append(part)


HOSTILE = {
    "one-word lines": (cut(words(), "\n"), "en"),
    "punctuation only": (cut(["!", "?", ".", "...", "?!"], " "), "en"),
    "one-word sentences": (cut([w.capitalize() + "." for w in words()], " "), "en"),
    "one giant sentence": (cut(words(), " "), "en"),
    "Chinese two-character sentences": (
        cut([a + b + "。" for a, b in product("天地人山水火木金土日月风雨", repeat=2)], ""),
        "zh",
    ),
}


@pytest.fixture(scope="module")
def split_hostile() -> dict[str, tuple[list[Sentence], str]]:
    return {kind: (split_sentences(text, lang), lang) for kind, (text, lang) in HOSTILE.items()}


@pytest.mark.parametrize("kind", list(HOSTILE))
@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_summarizes_100k_characters_of_each_hostile_kind_in_whole_sentences(
    split_hostile: dict[str, tuple[list[Sentence], str]], kind: str, method: str
) -> None:
    sentences, language = split_hostile[kind]
    chosen = summarize(sentences, language, method, Length(sentences=3))
    assert len(chosen) == min(3, len(sentences))
    assert [c.index for c in chosen] == sorted({c.index for c in chosen})
    assert all(c.sentence is sentences[c.index] for c in chosen)


def test_the_hostile_texts_are_as_long_as_a_request_allows_and_split_as_meant(
    split_hostile: dict[str, tuple[list[Sentence], str]],
) -> None:
    assert all(SIZE - 20 < len(text) <= SIZE for text, _ in HOSTILE.values())
    lines, _ = split_hostile["one-word lines"]
    assert len(lines) > 10_000
    assert headings(lines) == set()  # every line looks like a heading: all are ranked
    assert len(split_hostile["one giant sentence"][0]) == 1
    assert len(split_hostile["Chinese two-character sentences"][0]) > 30_000


@pytest.mark.parametrize("method", ["pacsum", "textrank", "kl"])
def test_max_chars_fills_a_long_limit_from_a_100k_text(
    split_hostile: dict[str, tuple[list[Sentence], str]], method: str
) -> None:
    sentences, language = split_hostile["one-word sentences"]
    chosen = summarize(sentences, language, method, Length(max_chars=20_000))
    summary = join_sentences((c.sentence.text for c in chosen), language)
    assert 19_900 < len(summary) <= 20_000


@pytest.mark.parametrize("method", [m for m in METHODS if m != "lead"])
def test_past_the_cap_the_first_sentences_are_ranked_and_the_rest_follow_in_order(
    monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    sentences = split_sentences(METRO, "en")  # a headline (0), then nine sentences
    monkeypatch.setitem(summarize_module.RANKED_SENTENCES, method, 4)
    ranking = rank(sentences, "en", method, {0})
    assert sorted(ranking[:4]) == [1, 2, 3, 4]
    assert ranking[4:] == [5, 6, 7, 8, 9]
    assert ranking[:4] == METHODS[method](sentences[:5], {0}, "en")


def joined_fit(
    sentences: Sequence[Sentence], ranking: Sequence[int], language: str, limit: int
) -> list[int]:
    """``max_chars`` as it was written first: the whole summary joined again per candidate."""
    picked: list[int] = []
    for index in ranking:
        trial = sorted([*picked, index])
        if len(join_sentences((sentences[i].text for i in trial), language)) <= limit:
            picked = trial
    return picked


@pytest.mark.parametrize(("text", "language"), [(METRO, "en"), (ZH_METRO, "zh")])
@pytest.mark.parametrize("method", ["pacsum", "lead", "reduction"])
def test_max_chars_keeps_what_joining_the_whole_summary_each_time_kept(
    text: str, language: str, method: str
) -> None:
    sentences = split_sentences(text, language)
    heads = headings(sentences)
    ranking = [*rank(sentences, language, method, heads), *sorted(heads)]
    whole = len(join_sentences((s.text for s in sentences), language))
    for limit in range(0, whole + 3):
        chosen = summarize(sentences, language, method, Length(max_chars=limit))
        assert [c.index for c in chosen] == joined_fit(sentences, ranking, language, limit)


@pytest.fixture(scope="module")
def roomy_server() -> Iterator[str]:
    """A real gunicorn with the default limits (the session's server takes 50,000 bytes)."""
    with gunicorn({"PRECIS_WORKERS": "1"}) as base:
        yield base


@pytest.mark.server
@pytest.mark.parametrize("kind", ["one-word sentences", "punctuation only"])
def test_gunicorn_summarizes_100k_hostile_characters_with_every_method(
    roomy_server: str, contract: Contract, kind: str
) -> None:
    server = roomy_server
    text, language = HOSTILE[kind]
    for method in METHODS:
        response = checked(
            contract,
            "POST",
            server,
            "/v1/summarize",
            json={"text": text, "language": language, "method": method, "sentences": 3},
        )
        assert response.status_code == 200, (method, response.text[:300])
        assert len(response.json()["sentences"]) == 3
    assert requests.get(server + "/readyz", timeout=10).status_code == 200


def test_a_long_chinese_paragraph_splits_the_same_read_in_pieces_as_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paragraph = (
        "市政府周二宣布，第五条地铁线正式开通。“这是我们的承诺！”市长说道。"
        "第一天有超过十万名乘客（其中包括学生）乘坐了这条地铁线。2030年将开通第六条线？"
        "官员表示，地铁线将把通勤时间缩短一半。"
    ) * 200
    pieces = split_sentences(paragraph, "zh")
    monkeypatch.setattr(splitter, "_PIECE_CHARS", len(paragraph) + 1)  # read whole
    assert pieces == split_sentences(paragraph, "zh")
    assert len(pieces) == 1000
