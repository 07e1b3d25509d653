"""sumy's KL, SumBasic, LSA and Luhn summarizers with their hot loops replaced, same results.

Each class below is sumy's summarizer with one method overridden; the words, stop words, stems
and rating rules are sumy's own (the overrides call sumy's helpers for them). What changes is
how the ratings are computed:

- KL and SumBasic pick sentences greedily, one per pass over every sentence left, and sumy
  rebuilds word dictionaries for every candidate in every pass (KL: cubic in the sentences; a
  10,000-character text of short sentences took it 90 s). Here a pass is a few numpy operations
  over a sparse sentence x word matrix, with the summary's counts kept up to date.
- LSA keeps every dimension (sumy's ``REDUCTION_RATIO`` is 1), so a sentence's rank
  ``sqrt(sum(sigma_i**2 * v_ij**2))`` is the length of its column of the term matrix
  (``A.T @ A = V.T @ diag(sigma**2) @ V``): computed directly, without the SVD, which cost
  O(words x sentences**2). Ranks equal to rounding, where sumy's SVD noise broke exact ties.
- Luhn looked each word up in a tuple of every significant stem; here it is a set.

tests/test_rankers.py compares each with sumy's summarizer on the test articles.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer


def _count_matrix(
    rows: Sequence[Iterable[str]], column_of: Callable[[str], int], columns: int
) -> csr_matrix:
    entries: list[int] = []
    indexes: list[int] = []
    for row, words in enumerate(rows):
        for word in words:
            entries.append(row)
            indexes.append(column_of(word))
    matrix = csr_matrix(
        (np.ones(len(entries)), (entries, indexes)), shape=(len(rows), max(columns, 1))
    )
    matrix.sum_duplicates()
    return matrix


def _ratings_in_pick_order(sentences: Sequence[Any], picked: Iterable[int]) -> dict[Any, int]:
    # sumy's own bookkeeping: the n-th pick rates -n (a later copy of a text takes its pick's)
    ratings: dict[Any, int] = {}
    for index in picked:
        ratings[sentences[index]] = -1 * len(ratings)
    return ratings


class FastKLSummarizer(KLSummarizer):  # type: ignore[misc]
    """KL-Sum: add the sentence that brings the summary's word distribution closest (KL
    divergence) to the document's. As in sumy, a candidate's words are its content words and the
    summary's are every word of its sentences."""

    def _compute_ratings(self, sentences: Sequence[Any]) -> dict[Any, int]:
        document = self.compute_tf(sentences)
        candidates = [self._get_content_words_in_sentence(s) for s in sentences]
        raw = [s.words for s in sentences]
        ids: dict[str, int] = {}
        for words in (*candidates, *raw):
            for word in words:
                ids.setdefault(word, len(ids))
        frequency = np.zeros(max(len(ids), 1))
        for word, value in document.items():
            if word in ids:
                frequency[ids[word]] = value
        candidate_counts = _count_matrix(candidates, ids.__getitem__, len(ids))
        summary_counts = _count_matrix(raw, ids.__getitem__, len(ids))
        return _ratings_in_pick_order(
            sentences, _kl_picks(frequency, candidate_counts, summary_counts)
        )


def _kl_picks(frequency: np.ndarray, candidates: csr_matrix, raw: csr_matrix) -> list[int]:
    """The greedy order. A candidate's divergence, summed over the words w of the summary with it
    that the document has (d_w > 0; c_w its count, S_w the summary's, L the words of both):
    ``d_w * (log d_w - log(c_w + S_w) + log L)``. The summary's own words are summed once per
    pass; each candidate adds its words only."""
    count = candidates.shape[0]
    d_log_d = np.zeros_like(frequency)
    present = frequency > 0
    d_log_d[present] = frequency[present] * np.log(frequency[present])
    rows = np.repeat(np.arange(count), np.diff(candidates.indptr))
    keep = frequency[candidates.indices] > 0  # words the document has not add nothing
    rows, words, counts = rows[keep], candidates.indices[keep], candidates.data[keep]
    d = frequency[words]
    candidate_lengths = np.asarray(candidates.sum(axis=1)).ravel()
    summary = np.zeros_like(frequency)
    summary_length = 0.0
    left = np.ones(count, dtype=bool)
    picked: list[int] = []
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(count):
            in_summary = present & (summary > 0)
            base = float(
                np.sum(d_log_d[in_summary] - frequency[in_summary] * np.log(summary[in_summary]))
            )
            mass = float(np.sum(frequency[in_summary]))
            s = summary[words]
            shared = s > 0
            change = np.where(
                shared, d * (np.log(s) - np.log(counts + s)), d_log_d[words] - d * np.log(counts)
            )
            added_mass = np.where(shared, 0.0, d)
            total = candidate_lengths + summary_length
            divergence = (
                base
                + np.bincount(rows, change, count)
                + (mass + np.bincount(rows, added_mass, count)) * np.log(total)
            )
            divergence[total == 0] = 0.0  # nothing at all to compare: sumy's empty sum
            divergence[~left] = np.inf
            best = int(np.argmin(divergence))  # the first of equals, as sumy's list.index
            picked.append(best)
            left[best] = False
            start, end = raw.indptr[best], raw.indptr[best + 1]
            summary[raw.indices[start:end]] += raw.data[start:end]
            summary_length += float(raw.data[start:end].sum())
    return picked


class FastSumBasicSummarizer(SumBasicSummarizer):  # type: ignore[misc]
    """SumBasic: add the sentence of the highest mean word probability, then square the
    probabilities of its words (once per occurrence, as sumy does)."""

    def _compute_ratings(self, sentences: Sequence[Any]) -> dict[Any, int]:
        probability_of = self._compute_tf(sentences)
        words = [self._get_content_words_in_sentence(s) for s in sentences]
        ids = {word: k for k, word in enumerate(probability_of)}
        probability = np.array([*probability_of.values(), 0.0])
        counts = _count_matrix(words, ids.__getitem__, len(ids) + 1)
        lengths = np.array([len(w) for w in words], dtype=float)
        left = np.ones(len(words), dtype=bool)
        picked: list[int] = []
        for _ in range(len(words)):
            with np.errstate(divide="ignore", invalid="ignore"):
                mean = np.where(lengths > 0, (counts @ probability) / lengths, 0.0)
            mean[~left] = -np.inf
            best = int(np.argmax(mean))  # the first of equals, as sumy's strict ">" scan
            picked.append(best)
            left[best] = False
            for word in words[best]:
                probability[ids[word]] *= probability[ids[word]]
        return _ratings_in_pick_order(sentences, picked)


class FastLsaSummarizer(LsaSummarizer):  # type: ignore[misc]
    """LSA with every dimension kept: a sentence's rank is the length of its column of sumy's
    smoothed term-frequency matrix (each of the dictionary's words 0.4, plus 0.6 times its count
    over the sentence's largest count; a sentence without dictionary words, 0)."""

    def __call__(self, document: Any, sentences_count: Any) -> Any:
        dictionary = self._create_dictionary(document)
        if not dictionary:
            return ()
        smooth = 0.4  # sumy's _compute_term_frequency default
        ranks = []
        for sentence in document.sentences:
            stems = (self.stem_word(word) for word in sentence.words)
            counts = Counter(stem for stem in stems if stem in dictionary)
            if not counts:
                ranks.append(0.0)
                continue
            largest = max(counts.values())
            weights = smooth + (1.0 - smooth) * (np.array(list(counts.values())) / largest)
            unused = len(dictionary) - len(counts)
            ranks.append(math.sqrt(float(np.sum(weights**2)) + unused * smooth**2))
        rank = iter(ranks)
        return self._get_best_sentences(document.sentences, sentences_count, lambda s: next(rank))


class FastLuhnSummarizer(LuhnSummarizer):  # type: ignore[misc]
    """Luhn with the significant stems in a set (sumy scanned a tuple of them for every word)."""

    def _get_significant_words(self, words: Any) -> frozenset[str]:
        return frozenset(super()._get_significant_words(words))
