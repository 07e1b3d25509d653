"""Summary quality on two kinds of reference: every method (Lead-N is ``lead``) on BBC News
Summary dev (near-extractive references) and SummEval (abstractive references), at equal length
in sentences and in words.

Run from the project root (data is read from ``../shared/eval/``; without it the script says so
and exits 0)::

    python bench/eval_summaries.py [--part summaries|headlines|pacsum-grid|all] [--limit N]
        [--half all|even|odd]

Parts (each prints plain markdown tables to stdout):

* ``summaries``: every method in ``METHODS`` on each set, with two lengths: the reference's
  length in sentences (SummEval: 3, Lead-3's) and in words (``in_words``: sentences in rank
  order until the reference's word count is reached, the last one cut there, so every method
  has exactly that many words). ROUGE-1/2/L F1 (stemmed; SummEval: the mean over its 11
  references), BBC's sentence precision / recall against ``reference_sentences``, time per
  article; then each method's worst case across the two sets (how ``DEFAULT_METHOD`` is chosen).
* ``headlines``: the BBC articles with their title as the first line, as a CMS may send them
  (the default method and pacsum first, then reduction, textrank, lexrank, luhn):
  ROUGE and how often the title lands in the summary, with the heading rule of
  ``service.summarize`` and without it.
* ``pacsum-grid``: PacSum's lambda2, beta and lede on both sets at once (not in ``all``: it is
  slow); ``--half even`` to choose on the even-numbered articles, ``--half odd`` to check.

``--limit N`` keeps the first N articles of each set.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from evaldata import eval_data_missing, heading, print_table, read_bbc, read_summeval
from nltk.stem import porter
from rouge_score import tokenize, tokenizers
from rouge_score.rouge_scorer import RougeScorer

from service.summarize import (
    DEFAULT_METHOD,
    METHODS,
    Length,
    headings,
    lede_first,
    pacsum_scores,
    rank,
    similarities,
    summarize,
)
from service.text.splitter import Sentence, split_sentences


def article_body(item: dict[str, Any]) -> tuple[str, bool]:
    """The article without its title line, and whether a title line was there to drop."""
    first, _, rest = item["article"].partition("\n")
    if first.strip() == item["title"].strip():
        return rest.lstrip("\n"), True
    return item["article"], False


def normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def detokenize(text: str) -> str:
    """SummEval's tokenised text back to plain text, simply, for the sentence splitter."""
    text = re.sub(r" ([.,!?;:%)\]])", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'m|'d)\b", r"\1", text)
    return re.sub(r"([(\[$]) ", r"\1", text)


@dataclass(frozen=True)
class Item:
    sentences: list[Sentence]
    #: scored against each; the item's score is the mean
    references: list[str]
    #: BBC's reference as article sentences (sentence precision / recall), else None
    reference_sentences: list[str] | None
    #: summary length in sentences and in words (``WORD``)
    count: int
    words: int


WORD = re.compile(r"\w+")


def bbc_items(limit: int | None) -> list[Item]:
    items = []
    for item in read_bbc(limit):
        if not item["reference_sentences"]:
            continue
        reference = " ".join(item["reference_sentences"])
        items.append(
            Item(
                split_sentences(article_body(item)[0], "en"),
                [reference],
                item["reference_sentences"],
                len(item["reference_sentences"]),
                len(WORD.findall(reference)),
            )
        )
    return items


def summeval_items(limit: int | None) -> list[Item]:
    items = []
    for item in read_summeval(limit):
        references = item["references"]
        words = round(sum(len(WORD.findall(r)) for r in references) / len(references))
        sentences = split_sentences(detokenize(item["article"]), "en")
        items.append(Item(sentences, references, None, SUMMEVAL_SENTENCES, words))
    return items


#: SummEval's length in sentences: Lead-3's (its highlights have 3-4 sentences)
SUMMEVAL_SENTENCES = 3


def ranking(method: str, sentences: Sequence[Sentence]) -> list[int]:
    """Every sentence, best first, as ``summarize`` takes them (headings last)."""
    heads = headings(sentences)
    return [*rank(sentences, "en", method, heads), *sorted(heads)]


def in_sentences(sentences: Sequence[Sentence], ranked: Sequence[int], count: int) -> list[str]:
    """The first ``count`` of the ranking, in document order: ``summarize``'s summary."""
    return [sentences[i].text for i in sorted(ranked[:count])]


def in_words(sentences: Sequence[Sentence], ranked: Sequence[int], words: int) -> list[str]:
    """Sentences in rank order until ``words`` words are reached, in document order, the last
    one then cut at ``words`` words (so every method has exactly the reference's length)."""
    picked: list[int] = []
    total = 0
    for index in ranked:
        if total >= words:
            break
        picked.append(index)
        total += len(WORD.findall(sentences[index].text))
    chosen = [sentences[i].text for i in sorted(picked)]
    text = " ".join(chosen)
    found = list(WORD.finditer(text))
    return [text[: found[words - 1].end()]] if len(found) > words else chosen


class CachedTokenizer(tokenizers.Tokenizer):
    """rouge_score's default tokenizer (Porter stems) with each text's and word's stems kept:
    the same tokens, without stemming the references again for every method."""

    def __init__(self) -> None:
        self._stemmer = porter.PorterStemmer()
        self._stems: dict[str, str] = {}
        self._texts: dict[str, list[str]] = {}

    def tokenize(self, text: str) -> list[str]:
        tokens = self._texts.get(text)
        if tokens is None:
            tokens = tokenize.tokenize(text, _Stems(self._stemmer, self._stems))
            if len(self._texts) > 100_000:
                self._texts.clear()
            self._texts[text] = tokens
        return tokens


class _Stems:
    def __init__(self, stemmer: Any, stems: dict[str, str]) -> None:
        self._stemmer = stemmer
        self._stems = stems

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = self._stemmer.stem(word)
        return stem


def make_scorer(types: Sequence[str]) -> RougeScorer:
    return RougeScorer(list(types), tokenizer=CachedTokenizer())


def rouge(scorer: RougeScorer, summary: Sequence[str], references: Sequence[str]) -> list[float]:
    """ROUGE F1 (each of the scorer's types), the mean over the references."""
    summed = [0.0] * len(scorer.rouge_types)
    for reference in references:
        scores = scorer.score(reference, " ".join(summary))
        summed = [a + scores[k].fmeasure for a, k in zip(summed, scorer.rouge_types, strict=True)]
    return [x / len(references) for x in summed]


def sentence_scores(summary: Sequence[str], references: Sequence[str]) -> list[float]:
    """Sentence precision / recall of one summary against reference sentences."""
    wanted = {normalize(r) for r in references}
    picked = [normalize(s) for s in summary]
    precision = sum(p in wanted for p in picked) / len(picked) if picked else 0.0
    recall = len(wanted & set(picked)) / len(wanted)
    return [precision, recall]


SETS = {
    "bbc": "BBC News Summary dev (near-extractive references, 1 each)",
    "summeval": "SummEval (CNN/DM, abstractive references, 11 each)",
}
MODES = ("sentences", "words")


def evaluate(
    items: Sequence[Item], methods: Sequence[str]
) -> tuple[dict[tuple[str, str], list[float]], dict[str, float]]:
    """Mean scores per (method, mode) -- ROUGE-1/2/L, plus sentence P/R where the items have
    reference sentences -- and ms per article of each method's ranking."""
    scorer = make_scorer(["rouge1", "rouge2", "rougeL"])
    totals: dict[tuple[str, str], list[float]] = {}
    seconds = dict.fromkeys(methods, 0.0)
    for item in items:
        for method in methods:
            started = time.perf_counter()
            ranked = ranking(method, item.sentences)
            seconds[method] += time.perf_counter() - started
            for mode in MODES:
                if mode == "sentences":
                    summary = in_sentences(item.sentences, ranked, item.count)
                else:
                    summary = in_words(item.sentences, ranked, item.words)
                scores = rouge(scorer, summary, item.references)
                if mode == "sentences" and item.reference_sentences is not None:
                    scores += sentence_scores(summary, item.reference_sentences)
                old = totals.get((method, mode), [0.0] * len(scores))
                totals[(method, mode)] = [a + b for a, b in zip(old, scores, strict=True)]
    means = {key: [t / len(items) for t in total] for key, total in totals.items()}
    return means, {m: 1000 * seconds[m] / len(items) for m in methods}


def part_summaries(limit: int | None) -> None:
    """Every method (``lead`` is Lead-N) on both sets, at the reference's length in sentences
    and in words; then each method's worst case across the two sets."""
    methods = list(METHODS)
    results: dict[str, dict[tuple[str, str], list[float]]] = {}
    for name, title in SETS.items():
        items = bbc_items(limit) if name == "bbc" else summeval_items(limit)
        means, ms = evaluate(items, methods)
        results[name] = means
        for mode in MODES:
            what = (
                (
                    "sentences: the reference's count"
                    if name == "bbc"
                    else f"sentences: {SUMMEVAL_SENTENCES}"
                )
                if mode == "sentences"
                else "words: the reference's count"
            )
            heading(f"{title}; length in {what}")
            extra = ("sent P", "sent R") if name == "bbc" and mode == "sentences" else ()
            rows = [
                (
                    m + (" (default)" if m == DEFAULT_METHOD else ""),
                    *means[(m, mode)],
                    f"{ms[m]:.1f}",
                )
                for m in sorted(methods, key=lambda m: -means[(m, mode)][0])
            ]
            print_table(
                ("method", "ROUGE-1 F", "ROUGE-2 F", "ROUGE-L F", *extra, "ms/article"), rows
            )
        print(f"{len(items)} articles. " + NOTES[name] + "\n")
    heading("Worst case across the two sets: ROUGE-1 behind the best method of each table")
    columns = [(name, mode) for name in SETS for mode in MODES]
    best = {c: max(results[c[0]][(m, c[1])][0] for m in methods) for c in columns}
    gaps = {m: [results[c[0]][(m, c[1])][0] - best[c] for c in columns] for m in methods}
    rows = [
        (m + (" (default)" if m == DEFAULT_METHOD else ""), *gaps[m], min(gaps[m]))
        for m in sorted(methods, key=lambda m: -min(gaps[m]))
    ]
    print_table(("method", *(f"{n} {mode}" for n, mode in columns), "worst"), rows)
    print(
        "Each cell: the method's ROUGE-1 F minus the best ROUGE-1 F of any method in that table "
        "(0 = the best). The default is the method with the best (highest) worst case.\n"
    )


NOTES = {
    "bbc": (
        "The `article` field has no title line. Reference = reference_sentences joined with "
        "spaces (items without them skipped). ms/article: the ranking, splitting excluded."
    ),
    "summeval": (
        "Articles detokenised simply (no space before punctuation and 's/n't) for the splitter; "
        "references scored as they are (ROUGE's tokenizer drops punctuation either way). Each "
        "summary is scored against all 11 references, the mean F1 (the first is the original "
        "highlights). Length in words: the mean word count of the 11 references."
    ),
}


PACSUM_GRID = {
    "lambda2": (1.25, 1.0, 0.5, 0.0, -0.5),
    "beta": (0.0, 0.2),
    "lede": (0, 1, 2),
}


def pick(item: Item, ranked: Sequence[int], mode: str) -> list[str]:
    if mode == "sentences":
        return in_sentences(item.sentences, ranked, item.count)
    return in_words(item.sentences, ranked, item.words)


def part_pacsum_grid(limit: int | None, half: str = "all") -> None:
    """PacSum's lambda2 (lambda1 = 1: only their ratio matters), beta and lede on both sets at
    once: ROUGE-1 behind the better of Lead-N and reduction in each set x length mode; the
    parameters with the best worst case are the ones to choose. ``half`` ``even`` keeps the
    even-numbered articles of each set (choose there), ``odd`` the others (check there)."""
    heading(
        "PacSum grid (lambda1 = 1): ROUGE-1 F on both sets, in sentences and in words"
        + ("" if half == "all" else f" ({half}-numbered articles)")
    )
    scorer = make_scorer(["rouge1", "rouge2"])
    columns = [(name, mode) for name in SETS for mode in MODES]
    grid = [
        (l2, beta, lede)
        for l2 in PACSUM_GRID["lambda2"]
        for beta in PACSUM_GRID["beta"]
        for lede in PACSUM_GRID["lede"]
    ]
    sums: dict[object, dict[tuple[str, str], list[float]]] = {}
    for name in SETS:
        items = bbc_items(limit) if name == "bbc" else summeval_items(limit)
        if half != "all":
            items = items[half == "odd" :: 2]
        for item in items:
            heads = headings(item.sentences)
            body = [i for i in range(len(item.sentences)) if i not in heads]
            similarity = similarities([item.sentences[i] for i in body], "en")
            candidates: dict[object, list[int]] = {
                m: ranking(m, item.sentences) for m in ("lead", "reduction")
            }
            for lambda2, beta, lede in grid:
                scores = pacsum_scores(similarity, 1.0, lambda2, beta)
                order = lede_first(scores, lede)
                candidates[(lambda2, beta, lede)] = [body[k] for k in order] + sorted(heads)
            for label, ranked in candidates.items():
                for mode in MODES:
                    r1, r2 = rouge(scorer, pick(item, ranked, mode), item.references)
                    total = sums.setdefault(label, {}).setdefault((name, mode), [0.0, 0.0])
                    total[0] += r1 / len(items)
                    total[1] += r2 / len(items)
    baseline = {c: max(sums["lead"][c][0], sums["reduction"][c][0]) for c in columns}

    def worst(label: object) -> float:
        return min(sums[label][c][0] - baseline[c] for c in columns)

    rows = [
        (
            str(label),
            *(sums[label][c][0] for c in columns),
            sums[label][("summeval", "words")][1],
            worst(label),
        )
        for label in sorted(sums, key=lambda label: -worst(label))
    ]
    print_table(
        (
            "lambda2, beta, lede",
            *(f"{n} {mode} R-1" for n, mode in columns),
            "summeval words R-2",
            "worst vs max(lead, reduction)",
        ),
        rows,
    )
    print(
        "Rows are (lambda2, beta, lede) with lambda1 = 1, and the lead and reduction baselines. "
        "'worst': the lowest, over the four columns, of R-1 minus the better of lead and "
        "reduction in that column.\n"
    )


def part_headlines(limit: int | None) -> None:
    """The same articles with their title as the first line, as a CMS may send them: the
    headline is a heading (service.summarize), against the same code with no heading rule."""
    heading("Summaries with the title as the first line (heading rule on / off)")
    items = [item for item in read_bbc(limit) if item["reference_sentences"]]
    scorer = make_scorer(["rouge1", "rouge2", "rougeL"])
    rows = []
    for method in dict.fromkeys(
        (DEFAULT_METHOD, "pacsum", "reduction", "textrank", "lexrank", "luhn")
    ):
        cells: list[object] = [method]
        for rule in (True, False):
            totals = [0.0, 0.0, 0.0]
            with_title = 0
            for item in items:
                text = item["title"].strip() + "\n\n" + article_body(item)[0]
                sentences = split_sentences(text, "en")
                count = len(item["reference_sentences"])
                chosen = summarize(
                    sentences, "en", method, Length(sentences=count), heading_rule=rule
                )
                summary = [c.sentence.text for c in chosen]
                with_title += any(c.index == 0 for c in chosen)
                scores = rouge(scorer, summary, [" ".join(item["reference_sentences"])])
                totals = [a + b for a, b in zip(totals, scores, strict=True)]
            cells += [*(r / len(items) for r in totals), f"{with_title / len(items):.1%}"]
        rows.append(cells)
    print_table(
        (
            "method",
            "R-1 on",
            "R-2 on",
            "R-L on",
            "title in summary, on",
            "R-1 off",
            "R-2 off",
            "R-L off",
            "title in summary, off",
        ),
        rows,
    )
    print(f"{len(items)} articles; references never contain the title.\n")


PARTS = ("summaries", "headlines", "pacsum-grid")
#: what ``all`` runs: the grid (about 10 minutes on 2 cores) only when asked for
ALL = ("summaries", "headlines")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=(*PARTS, "all"), default="all")
    parser.add_argument(
        "--limit", type=int, default=None, help="first N BBC articles (default: all)"
    )
    parser.add_argument(
        "--half",
        choices=("all", "even", "odd"),
        default="all",
        help="pacsum-grid: the even-numbered articles (to choose) or the odd ones (to check)",
    )
    args = parser.parse_args(argv)
    if eval_data_missing():
        return 0
    run = {
        "summaries": part_summaries,
        "headlines": part_headlines,
        "pacsum-grid": lambda limit: part_pacsum_grid(limit, args.half),
    }
    for part in ALL if args.part == "all" else (args.part,):
        run[part](args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
