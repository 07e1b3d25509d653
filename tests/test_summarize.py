"""``summarize`` on sentences the splitter made, without HTTP: how many sentences it picks and in
which order, headings, every sumy method, Chinese words from jieba, spans back into the text."""

from __future__ import annotations

import numpy as np
import pytest

from service.summarize import (
    DEFAULT_METHOD,
    METHODS,
    Length,
    headings,
    lede_first,
    pacsum_scores,
    rank,
    summarize,
)
from service.text.languages import join_sentences
from service.text.splitter import Sentence, split_sentences

# A headline (index 0) and nine sentences in three paragraphs.
METRO = (
    "City opens its fifth metro line\n\n"
    "The city opened its fifth metro line on Tuesday after six years of construction. "
    "The new line links the eastern suburbs with the central station. "
    "It has 24 stations and runs every four minutes at peak hours.\n\n"
    "More than 100,000 passengers rode the metro line on its first day, the transport office "
    "said. Officials expect the line to carry 300,000 passengers a day by next year. "
    "Some residents complained about noise from the construction work.\n\n"
    "The project cost 2.1 billion euros, more than planned. "
    "The mayor said the metro line would cut travel times in half for many commuters. "
    "A sixth line is planned for 2030.\n"
)
# A headline (0), an off-topic sentence (1), then four sentences about the metro line (地铁线).
ZH_METRO = (
    "城市开通第五条地铁线\n"
    "天气预报说周末会下雨。\n"
    "市政府周二宣布，第五条地铁线正式开通。这条地铁线连接东部郊区和中央车站。\n"
    "第一天有超过十万名乘客乘坐了这条地铁线。市政府说，地铁线将把通勤时间缩短一半。\n"
)


@pytest.fixture(scope="module")
def metro() -> list[Sentence]:
    sentences = split_sentences(METRO, "en")
    assert len(sentences) == 10
    assert headings(sentences) == {0}
    return sentences


def indexes(
    sentences: list[Sentence], count: int, method: str = DEFAULT_METHOD, language: str = "en"
) -> list[int]:
    return [c.index for c in summarize(sentences, language, method, Length(sentences=count))]


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8])
def test_the_requested_count_is_picked_once_each_in_document_order(
    metro: list[Sentence], count: int
) -> None:
    picked = indexes(metro, count)
    assert len(picked) == count
    assert picked == sorted(set(picked))


@pytest.mark.parametrize(("ratio", "count"), [(0.25, 3), (0.3, 3), (0.5, 5), (0.01, 1)])
def test_a_ratio_of_the_sentences_rounds_up_and_is_at_least_one(
    metro: list[Sentence], ratio: float, count: int
) -> None:
    assert Length(ratio=ratio).count(len(metro)) == count
    assert len(summarize(metro, "en", DEFAULT_METHOD, Length(ratio=ratio))) == count


def test_a_ratio_that_gives_a_whole_number_is_not_rounded_up_past_it() -> None:
    assert Length(ratio=0.28).count(25) == 7


def test_a_count_above_the_number_of_sentences_returns_them_all_headings_included(
    metro: list[Sentence],
) -> None:
    assert indexes(metro, 50) == list(range(10))


def test_a_count_equal_to_the_sentences_besides_headings_leaves_the_headings_out(
    metro: list[Sentence],
) -> None:
    assert indexes(metro, 9) == list(range(1, 10))


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_method_picks_the_count_as_valid_indexes_and_no_heading(
    metro: list[Sentence], method: str
) -> None:
    for count in (1, 3, 6):
        picked = indexes(metro, count, method)
        assert len(picked) == count
        assert picked == sorted(set(picked))
        assert all(0 < index < len(metro) for index in picked)  # 0 is the headline


def test_a_headline_fills_in_when_the_text_has_too_few_other_sentences() -> None:
    sentences = split_sentences(
        "New metro line opens\nTwenty-four stations\nIt opened on Tuesday.", "en"
    )
    assert headings(sentences) == {0, 1}
    assert indexes(sentences, 1) == [2]
    assert indexes(sentences, 2) == [0, 2]  # the first heading fills in
    assert indexes(sentences, 3) == [0, 1, 2]


def test_only_lone_phrases_without_closing_punctuation_are_headings() -> None:
    sentences = split_sentences(
        "Title here\nFirst sentence. Second one\nByline\nLast sentence.", "en"
    )
    assert [s.text for s in sentences] == [
        "Title here",
        "First sentence.",
        "Second one",
        "Byline",
        "Last sentence.",
    ]
    # "Second one" shares its paragraph with a sentence: it is text, not a heading
    assert headings(sentences) == {0, 3}


def test_a_text_made_only_of_phrases_has_no_headings_and_is_summarized_as_it_is() -> None:
    sentences = split_sentences("Apples\nPears\nPlums", "en")
    assert headings(sentences) == set()
    assert len(indexes(sentences, 2)) == 2


def test_no_sentences_give_an_empty_summary() -> None:
    assert summarize([], "en", DEFAULT_METHOD, Length(sentences=3)) == []


def test_chinese_summary_ranks_jieba_words_and_picks_the_metro_sentences() -> None:
    sentences = split_sentences(ZH_METRO, "zh")
    assert len(sentences) == 6
    assert headings(sentences) == {0}
    # Ranked over jieba's words, the sentences sharing 地铁线 and 市政府 win. Were each
    # sentence one "word" (no segmentation), every sentence would tie and the off-topic first
    # one (index 1) would be picked.
    chosen = summarize(sentences, "zh", "reduction", Length(sentences=2))
    assert [c.index for c in chosen] == [2, 5]
    assert all("地铁线" in c.sentence.text for c in chosen)


@pytest.mark.parametrize(("text", "language"), [(METRO, "en"), (ZH_METRO, "zh")])
def test_each_chosen_sentence_is_the_input_sentence_at_its_index_and_span(
    text: str, language: str
) -> None:
    sentences = split_sentences(text, language)
    chosen = summarize(sentences, language, DEFAULT_METHOD, Length(sentences=3))
    assert len(chosen) == 3
    for c in chosen:
        assert c.sentence is sentences[c.index]
        assert text[c.sentence.start : c.sentence.end] == c.sentence.text


def test_the_registry_holds_lead_and_pacsum_beside_the_sumy_methods() -> None:
    assert {"lead", "pacsum", "reduction", "textrank", "lexrank"} <= set(METHODS)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_method_ranks_every_sentence_but_the_headings_once(
    metro: list[Sentence], method: str
) -> None:
    assert sorted(rank(metro, "en", method, headings(metro))) == list(range(1, 10))


def test_lead_takes_the_first_sentences_after_the_headline(metro: list[Sentence]) -> None:
    assert indexes(metro, 3, "lead") == [1, 2, 3]


def test_pacsum_counts_edges_to_later_sentences_and_penalises_edges_to_earlier_ones() -> None:
    # 0 and 2 are alike, 1 is like neither: 0 is central to what follows it, 2 to what precedes
    similarity = np.array([[1.0, 0.0, 0.8], [0.0, 1.0, 0.0], [0.8, 0.0, 1.0]])
    scores = pacsum_scores(similarity, 1.0, -0.5, 0.0)
    assert scores.tolist() == pytest.approx([0.8, 0.0, -0.4])
    # beta raises the threshold: an edge counts by how much it passes min + beta * (max - min)
    assert pacsum_scores(similarity, 1.0, 0.0, 0.5).tolist() == pytest.approx([0.4, 0.0, 0.0])


def test_pacsum_ranks_the_lede_first_then_what_the_rest_of_the_text_is_about() -> None:
    sentences = split_sentences(
        "Officials spoke on Tuesday. Crowds gathered early. The weather was mild. "
        "The city opened a metro line on Tuesday. The metro line has 24 stations. "
        "Passengers praised the metro line.",
        "en",
    )
    ranked = rank(sentences, "en", "pacsum", set())
    assert ranked[:2] == [0, 1]  # the lede, in order
    assert ranked[-1] == 2  # the weather: like none of the others
    assert indexes(sentences, 3, "pacsum") == [0, 1, 3]


def test_the_lede_ranks_first_in_order_and_the_rest_by_score() -> None:
    assert lede_first(np.array([0.1, 0.9, 0.2, 0.8, 0.5]), 2) == [0, 1, 3, 4, 2]
    assert lede_first(np.array([0.1, 0.9, 0.2]), 0) == [1, 2, 0]
    assert lede_first(np.array([0.3]), 2) == [0]


def chars(sentences: list[Sentence], limit: int, method: str = DEFAULT_METHOD) -> list[int]:
    return [c.index for c in summarize(sentences, "en", method, Length(max_chars=limit))]


def joined(sentences: list[Sentence], picked: list[int]) -> str:
    return join_sentences((sentences[i].text for i in picked), "en")


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize("limit", [70, 150, 300, 600])
def test_max_chars_keeps_whole_sentences_in_document_order_within_the_limit(
    metro: list[Sentence], method: str, limit: int
) -> None:
    picked = chars(metro, limit, method)
    assert picked == sorted(set(picked))
    assert len(joined(metro, picked)) <= limit
    # nothing else would still fit: every sentence left out was skipped for its length
    for index in set(range(len(metro))) - set(picked):
        assert len(joined(metro, sorted([*picked, index]))) > limit


def test_max_chars_takes_the_ranking_in_order_and_skips_what_does_not_fit(
    metro: list[Sentence],
) -> None:
    ranking = rank(metro, "en", "lead", headings(metro))
    first, second = (len(metro[i].text) for i in ranking[:2])
    # room for the first and not the second, which is longer than the third
    assert len(metro[2].text) > len(metro[3].text)
    limit = first + 1 + len(metro[3].text)
    assert limit < first + 1 + second
    assert chars(metro, limit, "lead") == [1, 3]


def test_max_chars_fits_the_best_sentence_exactly(metro: list[Sentence]) -> None:
    best = sorted(rank(metro, "en", DEFAULT_METHOD, headings(metro))[:1])
    limit = len(joined(metro, best))
    assert chars(metro, limit) == best
    assert len(chars(metro, limit - 1)) <= 1


def test_max_chars_below_every_sentence_gives_an_empty_summary(metro: list[Sentence]) -> None:
    assert chars(metro, min(len(s.text) for s in metro) - 1) == []


def test_max_chars_for_the_whole_text_returns_every_sentence_headline_included(
    metro: list[Sentence],
) -> None:
    assert chars(metro, len(METRO)) == list(range(10))


def test_max_chars_counts_a_chinese_summary_without_spaces() -> None:
    sentences = split_sentences(ZH_METRO, "zh")
    picked = [c.index for c in summarize(sentences, "zh", "lead", Length(max_chars=36))]
    assert picked == [1, 2]  # 11 + 19 characters, no joiner; any third one would pass 36
    assert len(joined(sentences, picked)) <= 36
