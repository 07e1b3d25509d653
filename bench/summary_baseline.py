"""The summary methods as they were before issue 11 (part 3): the baseline of
``bench/summary_scale.py``, kept importable for the benchmarks only.

sumy's own summarizers, adapted as ``service.summarize.SumyRanker`` did (without its stem
cache), and PacSum over the dense TF-IDF similarity it used then. ``OLD_METHODS`` has no
sentence caps: every sentence is ranked.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from typing import Any

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from service.summarize import (
    PACSUM_BETA,
    PACSUM_LAMBDA1,
    PACSUM_LAMBDA2,
    Ranker,
    SumyRanker,
    lead,
    pacsum_scores,
)
from service.text.splitter import Sentence
from service.text.words import WordTokenizer, stemmer, stop_words


class OldSumyRanker(SumyRanker):
    """``SumyRanker`` as it was: sumy's summarizer on every sentence, stemming each word it
    meets again."""

    def __call__(self, sentences: Sequence[Sentence], heads: Set[int], language: str) -> list[int]:
        tokenizer = WordTokenizer(language)
        sumy_sentences = [
            SumySentence(s.text, tokenizer, is_heading=i in heads) for i, s in enumerate(sentences)
        ]
        groups: dict[int, list[SumySentence]] = {}
        for ours, theirs in zip(sentences, sumy_sentences, strict=True):
            groups.setdefault(ours.paragraph, []).append(theirs)
        document = ObjectDocumentModel([Paragraph(group) for group in groups.values()])
        summarizer = self.summarizer(stemmer(language))
        summarizer.stop_words = stop_words(language)
        ranked: list[Any] = []

        def catch(rated: Any, count: Any, rating: Any, *args: Any, **kwargs: Any) -> tuple[()]:
            rate = rating.__getitem__ if isinstance(rating, dict) else rating
            ratings = [rate(s, *args, **kwargs) for s in rated]
            order = sorted(range(len(ratings)), key=lambda k: ratings[k], reverse=True)
            ranked.extend(rated[k] for k in order)
            return ()

        summarizer._get_best_sentences = catch
        summarizer(document, 1)
        position = {id(s): i for i, s in enumerate(sumy_sentences)}
        return [position[id(s)] for s in ranked]


def dense_similarities(sentences: Sequence[Sentence], language: str) -> np.ndarray:
    """PacSum's TF-IDF cosine similarity over a dense sentence x term matrix (the old code)."""
    tokenizer = WordTokenizer(language)
    stem = stemmer(language)
    stops = stop_words(language)
    bags: list[dict[str, int]] = []
    for sentence in sentences:
        bag: dict[str, int] = {}
        for token in tokenizer.to_words(sentence.text):
            word = token.lower()
            if word not in stops:
                term = stem(word)
                bag[term] = bag.get(term, 0) + 1
        bags.append(bag)
    vocabulary = {term: k for k, term in enumerate({t for bag in bags for t in bag})}
    counts = np.zeros((len(bags), len(vocabulary)))
    for row, bag in enumerate(bags):
        for term, n in bag.items():
            counts[row, vocabulary[term]] = n
    df = (counts > 0).sum(axis=0)
    weights = counts * (np.log((1 + len(bags)) / (1 + df)) + 1)
    norms = np.linalg.norm(weights, axis=1)
    unit = weights / np.where(norms > 0, norms, 1.0)[:, None]
    return np.asarray(unit @ unit.T)


def dense_pacsum(sentences: Sequence[Sentence], heads: Set[int], language: str) -> list[int]:
    body = [i for i in range(len(sentences)) if i not in heads]
    similarity = dense_similarities([sentences[i] for i in body], language)
    scores = pacsum_scores(similarity, PACSUM_LAMBDA1, PACSUM_LAMBDA2, PACSUM_BETA)
    order = sorted(range(len(body)), key=lambda k: (-scores[k], k))
    return [body[k] for k in order]


OLD_METHODS: dict[str, Ranker] = {
    "lead": lead,
    "pacsum": dense_pacsum,
    "lexrank": OldSumyRanker(LexRankSummarizer),
    "textrank": OldSumyRanker(TextRankSummarizer),
    "lsa": OldSumyRanker(LsaSummarizer),
    "luhn": OldSumyRanker(LuhnSummarizer),
    "kl": OldSumyRanker(KLSummarizer),
    "sumbasic": OldSumyRanker(SumBasicSummarizer),
    "reduction": OldSumyRanker(ReductionSummarizer),
}
