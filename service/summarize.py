"""Extractive summaries over the service's own sentence splitter and tokenizer.

A method is a ``Ranker``: it ranks the sentences, best first, and ``summarize`` takes the
ranking's head (a count of sentences) or fits it into a character limit. The methods (``METHODS``)
are Lead-N, PacSum (Zheng and Lapata, 2019: position-aware centrality over TF-IDF similarities,
its edges to later and earlier sentences weighted apart; as measured best here, the article's
lede, its first two sentences, ranks first and the rest by undirected centrality) and sumy's
extractive summarizers that need no extra word lists (Edmundson needs bonus/stigma words, so it
is left out), adapted by ``SumyRanker``. The text is split once, by ``split_sentences``; the
methods only rank those sentences, so every chosen sentence maps back to its index and span in
the input.

sumy's methods run rewritten for long texts, with sumy's results: the pairwise ones (reduction,
TextRank, LexRank) over sparse term matrices in ``rankers.py``, the others as sumy's classes
with their hot loops replaced (``sumy_fast.py``). A method whose cost grows with the square of
the sentences ranks only a text's first ``RANKED_SENTENCES`` (README, "Summary cost").

A paragraph that is one sentence without closing punctuation is a heading (a headline, a
subheading, a byline): the methods rank only the other sentences, so a summary is made of
sentences and does not repeat the title. Headings are used only when the text has too few other
sentences.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence, Set
from dataclasses import dataclass
from functools import cache
from math import ceil
from typing import Any, Protocol

import numpy as np
from scipy.sparse import csr_matrix
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers._summarizer import AbstractSummarizer

from .rankers import MatrixRanker, lexrank_ratings, reduction_ratings, textrank_ratings
from .sumy_fast import (
    FastKLSummarizer,
    FastLsaSummarizer,
    FastLuhnSummarizer,
    FastSumBasicSummarizer,
)
from .text.languages import is_closed, sentence_joiner
from .text.splitter import Sentence
from .text.words import WordTokenizer, stemmer, stop_words


class Ranker(Protocol):
    """A summary method: the sentences that are not headings, best first."""

    def __call__(
        self, sentences: Sequence[Sentence], heads: Set[int], language: str
    ) -> list[int]: ...


class SumyRanker:
    """One of sumy's summarizers as a ``Ranker``. Every sumy summarizer rates all sentences and
    hands the ratings to ``_get_best_sentences``; the adapter catches them there and ranks every
    sentence (ties in document order, as sumy breaks them), so its first N are sumy's N."""

    def __init__(self, summarizer: type[AbstractSummarizer]) -> None:
        self.summarizer = summarizer

    def __call__(self, sentences: Sequence[Sentence], heads: Set[int], language: str) -> list[int]:
        tokenizer = WordTokenizer(language)
        sumy_sentences = [
            SumySentence(s.text, tokenizer, is_heading=i in heads) for i, s in enumerate(sentences)
        ]
        document = ObjectDocumentModel(_paragraphs(sentences, sumy_sentences))
        summarizer = self.summarizer(cache(stemmer(language)))  # a text repeats its words
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


def lead(sentences: Sequence[Sentence], heads: Set[int], language: str) -> list[int]:
    """Lead-N: the first sentences, in document order (the classic news baseline)."""
    return [i for i in range(len(sentences)) if i not in heads]


#: PacSum's weights: lambda1 for a sentence's edges to the sentences after it, lambda2 for those
#: before it, the edge threshold ``beta`` (a share of the range of the similarities), and the
#: lede: how many first sentences (headings aside) rank before the others, in their order, as a
#: news article's opening states what it is about. Chosen on BBC dev and SummEval together, the
#: best worst case of ROUGE-1 against the better of lead and reduction over both sets and both
#: length modes (bench/eval_summaries.py --part pacsum-grid, the even-numbered articles; then
#: checked on the odd ones): lede 2, lambda2 = 1, beta = 0, worst -0.027 (odd: -0.037), where
#: the earlier lede 0, lambda2 = 0.5 had -0.040 (odd: -0.047). With the lede pinned the edges'
#: direction no longer helps (lambda2 1.25 or 0.9: within 0.001); a lede of 1 keeps BBC within
#: 0.012 of reduction but falls 0.049 behind Lead-3 on SummEval in sentences. The paper's penalty
#: on backward edges (lambda2 < 0) comes near Lead-3 on SummEval and loses 0.12-0.22 on BBC.
PACSUM_LAMBDA1 = 1.0
PACSUM_LAMBDA2 = 1.0
PACSUM_BETA = 0.0
PACSUM_LEDE = 2


def similarities(sentences: Sequence[Sentence], language: str) -> np.ndarray:
    """TF-IDF cosine similarity of every pair of sentences, over the same words, stems and stop
    words as the sumy methods (1 on the diagonal of a sentence with words, 0 otherwise)."""
    tokenizer = WordTokenizer(language)
    stem = stemmer(language)
    stops = stop_words(language)
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, sentence in enumerate(sentences):
        for token in tokenizer.to_words(sentence.text):
            word = token.lower()
            if word not in stops:
                rows.append(row)
                columns.append(vocabulary.setdefault(stem(word), len(vocabulary)))
    # sparse: a dense sentence x term matrix of a long text of distinct words would not fit
    counts = csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(sentences), max(len(vocabulary), 1))
    )
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    weights = counts.multiply(np.log((1 + len(sentences)) / (1 + df)) + 1).tocsr()  # smoothed IDF
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    unit = csr_matrix(weights.multiply(1 / np.where(norms > 0, norms, 1.0)[:, None]))
    return np.asarray((unit @ unit.T).toarray())


def pacsum_scores(
    similarity: np.ndarray, lambda1: float, lambda2: float, beta: float
) -> np.ndarray:
    """Directed centrality (Zheng and Lapata, 2019): edges above ``min + beta * (max - min)`` of
    the off-diagonal similarities, by how much; a sentence's edges to later sentences weigh
    ``lambda1``, to earlier ones ``lambda2``."""
    n = len(similarity)
    if n < 2:
        return np.zeros(n)
    off = similarity[~np.eye(n, dtype=bool)]
    low, high = float(off.min()), float(off.max())
    edges = np.clip(similarity - (low + beta * (high - low)), 0.0, None)
    after = np.triu(edges, 1).sum(axis=1)
    before = np.tril(edges, -1).sum(axis=1)
    return np.asarray(lambda1 * after + lambda2 * before)


def pacsum(sentences: Sequence[Sentence], heads: Set[int], language: str) -> list[int]:
    """PacSum over TF-IDF similarities between the sentences that are not headings, the lede
    (their first ``PACSUM_LEDE``) first."""
    body = [i for i in range(len(sentences)) if i not in heads]
    similarity = similarities([sentences[i] for i in body], language)
    scores = pacsum_scores(similarity, PACSUM_LAMBDA1, PACSUM_LAMBDA2, PACSUM_BETA)
    return [body[k] for k in lede_first(scores, PACSUM_LEDE)]


def lede_first(scores: np.ndarray, lede: int) -> list[int]:
    """The indexes of ``scores``: the first ``lede`` in order, then the others best first
    (ties in order)."""
    rest = sorted(range(lede, len(scores)), key=lambda k: (-scores[k], k))
    return [*range(min(lede, len(scores))), *rest]


METHODS: dict[str, Ranker] = {
    "lead": lead,
    "pacsum": pacsum,
    "lexrank": MatrixRanker(lexrank_ratings),
    "textrank": MatrixRanker(textrank_ratings),
    "lsa": SumyRanker(FastLsaSummarizer),
    "luhn": SumyRanker(FastLuhnSummarizer),
    "kl": SumyRanker(FastKLSummarizer),
    "sumbasic": SumyRanker(FastSumBasicSummarizer),
    "reduction": MatrixRanker(reduction_ratings),
}
#: The most sentences (besides headings) a method ranks; a longer text's first ones are ranked and
#: the rest follow them in document order (a news text says what matters first). Graph methods
#: hold a sentence x sentence matrix (2,000 sentences: 32 MB) and the greedy ones (kl, sumbasic)
#: make a pass over the sentences per sentence they pick: their cost grows with the square of
#: the sentences; lsa and luhn are linear but tokenize and stem each sentence more than once.
#: The caps keep every method near a second or less on a 100,000-character text of any kind
#: (``bench/summary_scale.py``); no article of BBC dev (at most 93 sentences) or SummEval (24)
#: comes near them (a 100,000-character English news text has about 900 sentences).
RANKED_SENTENCES: dict[str, int] = {
    **dict.fromkeys(
        ("pacsum", "lexrank", "textrank", "reduction", "sumbasic", "lsa", "luhn"), 2000
    ),
    "kl": 1000,
}
#: the best worst case across BBC dev and SummEval at equal length in sentences and in words
#: (``python bench/eval_summaries.py --part summaries``): ROUGE-1 at most 0.031 behind the best
#: method of each of the four tables (BBC 0.797 / 0.794 against reduction's 0.827 / 0.820;
#: SummEval 0.308 / 0.351 against Lead-3's 0.339 / 0.351), where reduction's worst is -0.070
#: (SummEval) and lead's -0.186 (BBC). Measured with PacSum's lede of two sentences.
DEFAULT_METHOD = "pacsum"


@dataclass(frozen=True)
class Length:
    """How long a summary is: a sentence count, a ratio of the input's sentences, or a limit in
    characters on the joined summary (``max_chars``; whole sentences only)."""

    sentences: int | None = None
    ratio: float | None = None
    max_chars: int | None = None

    def count(self, available: int) -> int:
        if self.ratio is not None:
            # rounded first: 0.28 * 25 is 7.000000000000001, which must not become 8
            return max(1, ceil(round(self.ratio * available, 9)))
        return min(self.sentences or 1, available)


@dataclass(frozen=True)
class Chosen:
    index: int
    sentence: Sentence


def summarize(
    sentences: Sequence[Sentence],
    language: str,
    method: str,
    length: Length,
    *,
    heading_rule: bool = True,
    heading_paragraphs: Collection[int] = (),
) -> list[Chosen]:
    """Pick the summary sentences from ``sentences`` (already split), in document order.
    ``heading_rule=False`` treats headings as sentences (a benchmark's baseline);
    ``heading_paragraphs`` are paragraphs known to be headings (HTML's ``h1``-``h6``).

    With ``length.max_chars``, the method's ranking is taken in rank order, each sentence kept
    when the summary (``join_sentences``) still fits and skipped when it would not; the headings
    come last. When no sentence fits, the summary is empty."""
    heads = headings(sentences) if heading_rule else set()
    heads |= {i for i, s in enumerate(sentences) if s.paragraph in heading_paragraphs}
    if length.max_chars is not None:
        ranking = rank(sentences, language, method, heads) if sentences else []
        return _fit(sentences, [*ranking, *sorted(heads)], language, length.max_chars)
    count = min(length.count(len(sentences)), len(sentences))
    body = len(sentences) - len(heads)
    if count >= body:
        # Every sentence, and the first headings if that is still too few.
        extra = set(sorted(heads)[: count - body])
        return [Chosen(i, s) for i, s in enumerate(sentences) if i not in heads or i in extra]
    picked = sorted(rank(sentences, language, method, heads)[:count])
    return [Chosen(i, sentences[i]) for i in picked]


def rank(
    sentences: Sequence[Sentence], language: str, method: str, heads: Set[int] = frozenset()
) -> list[int]:
    """The indexes of the sentences that are not in ``heads``, best first by ``method``. Past
    the method's cap (``RANKED_SENTENCES``), the rest follow the ranked ones in document order."""
    cap = RANKED_SENTENCES.get(method)
    body = [i for i in range(len(sentences)) if i not in heads]
    if cap is None or len(body) <= cap:
        return METHODS[method](sentences, heads, language)
    end = body[cap]  # the first sentence left unranked; the method sees none after it either
    ranked = METHODS[method](sentences[:end], {h for h in heads if h < end}, language)
    return [*ranked, *body[cap:]]


def _fit(
    sentences: Sequence[Sentence], ranking: Sequence[int], language: str, limit: int
) -> list[Chosen]:
    # The joined length (``join_sentences``) kept up to date as sentences go in, rather than
    # joined again for each candidate: that was quadratic in the sentences of a long text.
    joiner = len(sentence_joiner(language))

    def after(index: int) -> int:  # what join_sentences puts after this sentence, if any follows
        return joiner if is_closed(sentences[index].text) else 1

    picked: list[int] = []
    length = 0
    for index in ranking:
        place = bisect_left(picked, index)
        added = len(sentences[index].text)
        if place < len(picked):
            added += after(index)
        elif picked:
            added += after(picked[-1])
        if length + added <= limit:
            picked.insert(place, index)
            length += added
    return [Chosen(i, sentences[i]) for i in picked]


def headings(sentences: Sequence[Sentence]) -> set[int]:
    """Indexes of the headings: alone in their paragraph, no closing punctuation. None when
    every sentence looks like one (a list of phrases is summarized as it is)."""
    per_paragraph: dict[int, int] = {}
    for sentence in sentences:
        per_paragraph[sentence.paragraph] = per_paragraph.get(sentence.paragraph, 0) + 1
    found = {
        i
        for i, s in enumerate(sentences)
        if per_paragraph[s.paragraph] == 1 and not is_closed(s.text)
    }
    return found if len(found) < len(sentences) else set()


def _paragraphs(
    sentences: Sequence[Sentence], sumy_sentences: Sequence[SumySentence]
) -> list[Paragraph]:
    groups: dict[int, list[SumySentence]] = {}
    for ours, theirs in zip(sentences, sumy_sentences, strict=True):
        groups.setdefault(ours.paragraph, []).append(theirs)
    return [Paragraph(group) for group in groups.values()]
