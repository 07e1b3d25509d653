"""The rewritten sumy methods rank as sumy's own summarizers do: ``service/rankers.py``
(reduction, TextRank, LexRank over sparse term matrices) and ``service/sumy_fast.py`` (KL,
SumBasic, LSA, Luhn), compared with sumy's classes run through ``SumyRanker`` on the test
articles in four languages. LSA's ranks are sumy's SVD ranks to rounding (its exact ties were
broken by the SVD's noise), so LSA is compared by value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from sumy.models.dom import ObjectDocumentModel
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from service.summarize import METHODS, SumyRanker, _paragraphs, headings, similarities
from service.sumy_fast import FastLsaSummarizer
from service.text.splitter import Sentence, split_sentences
from service.text.words import WordTokenizer, stemmer, stop_words

from .conftest import article
from .test_summarize import METRO, ZH_METRO

SUMY = {
    "reduction": ReductionSummarizer,
    "textrank": TextRankSummarizer,
    "lexrank": LexRankSummarizer,
    "kl": KLSummarizer,
    "sumbasic": SumBasicSummarizer,
    "luhn": LuhnSummarizer,
}
# Repeats a sentence, has a one-word sentence, a sentence of stop words only and a heading: the
# cases where sumy's rating dicts (a text is one key) and its divisions by log lengths matter.
EDGES = (
    "Rain expected\n\n"
    "Rain is expected on Friday. Rain is expected on Friday. Rain.\n"
    "It is what it is. The storm will reach the coast on Friday evening, forecasters said.\n"
    "Coastal towns prepared sandbags. The storm is the third this month.\n"
)
# The repeated sentence ranks first only when both copies' ratings are added up, as sumy's
# reduction does (each copy alone rates below the first sentence).
REPEATED = (
    "Storm rain floods coast towns on Friday. Storm hits coast. Rain floods towns. "
    "Sandbags ready. Sandbags ready.\n"
)


def texts() -> list[tuple[str, str]]:
    return [
        (METRO, "en"),
        (EDGES, "en"),
        (REPEATED, "en"),
        (ZH_METRO, "zh"),
        (article("article-ru.txt"), "ru"),
        (article("article-uk.txt"), "uk"),
        (article("article-zh.txt"), "zh"),
    ]


def split(text: str, language: str) -> tuple[list[Sentence], set[int]]:
    sentences = split_sentences(text, language)
    return sentences, headings(sentences)


@pytest.mark.parametrize("method", list(SUMY))
@pytest.mark.parametrize(("text", "language"), texts())
def test_each_rewritten_method_ranks_as_sumys_summarizer(
    method: str, text: str, language: str
) -> None:
    sentences, heads = split(text, language)
    expected = SumyRanker(SUMY[method])(sentences, heads, language)
    assert METHODS[method](sentences, heads, language) == expected


@pytest.mark.parametrize("method", list(SUMY))
def test_each_rewritten_method_ranks_the_sample_news_as_sumy(method: str, sample_news: str) -> None:
    sentences, heads = split(sample_news, "en")
    expected = SumyRanker(SUMY[method])(sentences, heads, "en")
    assert METHODS[method](sentences, heads, "en") == expected


def ratings(summarizer: type[Any], sentences: Sequence[Sentence], language: str) -> list[float]:
    """The ratings a sumy summarizer hands to ``_get_best_sentences``, in document order."""
    tokenizer = WordTokenizer(language)
    theirs = [SumySentence(s.text, tokenizer) for s in sentences]
    instance = summarizer(stemmer(language))
    instance.stop_words = stop_words(language)
    caught: list[float] = []

    def catch(rated: Any, count: Any, rating: Any) -> tuple[()]:
        caught.extend(rating(s) for s in rated)
        return ()

    instance._get_best_sentences = catch
    instance(ObjectDocumentModel(_paragraphs(sentences, theirs)), 1)
    return caught


@pytest.mark.parametrize(("text", "language"), texts())
def test_lsa_ranks_are_sumys_svd_ranks_to_rounding(text: str, language: str) -> None:
    sentences, _ = split(text, language)
    ours = ratings(FastLsaSummarizer, sentences, language)
    assert len(ours) == len(sentences)
    assert np.allclose(ours, ratings(LsaSummarizer, sentences, language), rtol=1e-9, atol=1e-12)


def tfidf_cosine(sentences: Sequence[Sentence], language: str) -> np.ndarray:
    """PacSum's similarity written out with dicts, pair by pair."""
    tokenizer, stem, stops = WordTokenizer(language), stemmer(language), stop_words(language)
    bags = []
    for sentence in sentences:
        bag: dict[str, int] = {}
        for word in (t.lower() for t in tokenizer.to_words(sentence.text)):
            if word not in stops:
                bag[stem(word)] = bag.get(stem(word), 0) + 1
        bags.append(bag)
    df: dict[str, int] = {}
    for bag in bags:
        for term in bag:
            df[term] = df.get(term, 0) + 1
    idf = {t: np.log((1 + len(bags)) / (1 + n)) + 1 for t, n in df.items()}
    vectors = [{t: c * idf[t] for t, c in bag.items()} for bag in bags]
    norms = [np.sqrt(sum(v * v for v in vector.values())) for vector in vectors]
    out = np.zeros((len(bags), len(bags)))
    for i, a in enumerate(vectors):
        for j, b in enumerate(vectors):
            if norms[i] and norms[j]:
                out[i, j] = sum(a[t] * b.get(t, 0.0) for t in a) / (norms[i] * norms[j])
    return out


@pytest.mark.parametrize(("text", "language"), texts())
def test_pacsum_similarity_is_the_tfidf_cosine_of_every_pair(text: str, language: str) -> None:
    sentences, _ = split(text, language)
    assert np.allclose(similarities(sentences, language), tfidf_cosine(sentences, language))
