"""sumy's pairwise summarizers (reduction, TextRank, LexRank) computed over a sparse term matrix.

sumy compares every pair of sentences in pure Python, word by word, so a 100,000-character text
of short sentences took it a minute and more. These rankers compute sumy's own formulas from one
sentence x term count matrix (scipy sparse): its product with its own transpose gives the shared
words of every pair at once, at the cost of the pairs that do share a word. The words, stop words
and stems are the ones sumy is given (``SumyRanker``), sumy's power methods are reused as they
are, and the ranking keeps sumy's rules: ties in document order, and sentences of the same text
share one rating, as they share one key in sumy's rating dict (reduction adds their ratings up,
TextRank and LexRank keep the last one's). tests/test_rankers.py compares each with sumy's
summarizer on the test articles.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from .text.splitter import Sentence
from .text.words import WordTokenizer, stemmer, stop_words


@dataclass(frozen=True)
class Terms:
    """The stemmed content words of some sentences, as sumy's ``_to_words_set`` lists them."""

    counts: csr_matrix  # sentence x term: how often the sentence has the term
    lengths: np.ndarray  # content words per sentence, repeats counted
    keys: list[str]  # a sentence's identity in sumy's rating dicts: its stripped text


def sentence_terms(texts: Sequence[str], language: str) -> Terms:
    tokenizer = WordTokenizer(language)
    stem = stemmer(language)
    stops = {word.lower() for word in stop_words(language)}
    stems: dict[str, int] = {}  # term -> column; a word's stem is looked up once per call
    column_of: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    lengths = np.zeros(len(texts))
    for row, text in enumerate(texts):
        words = [w.lower() for w in tokenizer.to_words(text)]
        content = [w for w in words if w not in stops]
        for word in content:
            column = column_of.get(word)
            if column is None:
                column = stems.setdefault(stem(word), len(stems))
                column_of[word] = column
            rows.append(row)
            columns.append(column)
        lengths[row] = len(content)
    counts = csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(texts), max(len(stems), 1))
    )
    counts.sum_duplicates()
    return Terms(counts, lengths, [text.strip() for text in texts])


def shared_words(terms: Terms) -> np.ndarray:
    """For every pair of sentences, ``sum(words2.count(w) for w in words1)``: sumy's overlap."""
    return np.asarray((terms.counts @ terms.counts.T).toarray())


def log_lengths(terms: Terms) -> np.ndarray:
    # math.log, as sumy calls it, so that every edge weight is sumy's to the last bit
    return np.array([math.log(n) if n > 0 else 0.0 for n in terms.lengths])


def reduction_ratings(terms: Terms) -> list[float]:
    """Reduction: a sentence's shared words with each other sentence over the sum of the logs of
    their lengths (0 when both have one word), added up."""
    overlap = shared_words(terms)
    logs = log_lengths(terms)
    norm = logs[:, None] + logs[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        edges = np.where((overlap > 0) & (norm != 0), overlap / norm, 0.0)
    np.fill_diagonal(edges, 0.0)
    # cumsum adds left to right, as sumy's loop does; the total is its last column
    per_sentence = np.cumsum(edges, axis=1)[:, -1]
    totals: dict[str, float] = {}
    for key, rating in zip(terms.keys, per_sentence.tolist(), strict=True):
        totals[key] = totals.get(key, 0.0) + rating
    return [totals[key] for key in terms.keys]


def textrank_ratings(terms: Terms) -> list[float]:
    """TextRank: PageRank (damping 0.85) over the same edges as reduction, where two one-word
    sentences that share their word weigh 1."""
    overlap = shared_words(terms)
    logs = log_lengths(terms)
    norm = logs[:, None] + logs[None, :]
    near_zero = np.isclose(norm, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        weights = np.where(overlap > 0, np.where(near_zero, overlap, overlap / norm), 0.0)
    summarizer = TextRankSummarizer
    weights /= weights.sum(axis=1)[:, np.newaxis] + summarizer._ZERO_DIVISION_PREVENTION
    # sumy's full((n, n), (1 - damping) / n) + damping * weights, computed in place (the same
    # floats: IEEE addition commutes) to hold one n x n matrix fewer
    weights *= summarizer.damping
    weights += (1.0 - summarizer.damping) / len(weights)
    ranks = summarizer.power_method(weights, summarizer.epsilon)
    return _last_of_each_text(terms.keys, ranks)


def lexrank_ratings(terms: Terms) -> list[float]:
    """LexRank: the stationary distribution of the graph of pairs whose IDF-modified cosine is
    above 0.1, term frequencies divided by the sentence's most frequent term's."""
    counts = terms.counts
    count = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.array([math.log(count / (1 + n)) for n in df.tolist()])
    row_max = counts.max(axis=1).toarray().ravel()
    row_of_entry = np.repeat(np.arange(count), np.diff(counts.indptr))
    weighted = csr_matrix(
        (counts.data / row_max[row_of_entry] * idf[counts.indices], counts.indices, counts.indptr),
        shape=counts.shape,
    )
    numerator = np.asarray((weighted @ weighted.T).toarray())
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = np.where(
            (norms[:, None] > 0) & (norms[None, :] > 0), numerator / np.outer(norms, norms), 0.0
        )
    summarizer = LexRankSummarizer
    matrix = (cosine > summarizer.threshold).astype(float)
    degrees = matrix.sum(axis=1)
    matrix /= np.where(degrees == 0, 1.0, degrees)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):  # sumy's 0/0 on a graph of no edges
        scores = summarizer.power_method(matrix, summarizer.epsilon)
    return _last_of_each_text(terms.keys, scores)


def _last_of_each_text(keys: Sequence[str], ratings: np.ndarray) -> list[float]:
    last = dict(zip(keys, ratings.tolist(), strict=True))
    return [last[key] for key in keys]


class MatrixRanker:
    """A ``Ranker`` from one of the rating functions above: the sentences that are not headings,
    rated, best first, ties in document order (as ``SumyRanker`` ranks sumy's ratings)."""

    def __init__(self, ratings: Callable[[Terms], list[float]]) -> None:
        self.ratings = ratings

    def __call__(self, sentences: Sequence[Sentence], heads: Set[int], language: str) -> list[int]:
        body = [i for i in range(len(sentences)) if i not in heads]
        if not body:
            return []
        ratings = self.ratings(sentence_terms([sentences[i].text for i in body], language))
        order = sorted(range(len(body)), key=lambda k: ratings[k], reverse=True)
        return [body[k] for k in order]
