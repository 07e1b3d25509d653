"""Summary quality on the BBC News Summary dev set: every method against Lead-N.

Run from the project root (data is read from ``../shared/eval/``; without it the script says so
and exits 0)::

    python bench/eval_summaries.py [--part summaries|headlines|all] [--limit N]

Parts (each prints plain markdown tables to stdout):

* ``summaries``: every method in ``METHODS`` and a Lead-N baseline, at the reference's length:
  ROUGE-1/2/L F1 against the reference, sentence precision / recall against
  ``reference_sentences``, and time per article.
* ``headlines``: the same articles with their title as the first line, as a CMS may send them:
  ROUGE and how often the title lands in the summary, with the heading rule of
  ``service.summarize`` and without it.

``--limit N`` keeps the first N BBC articles.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections.abc import Sequence
from typing import Any

from evaldata import eval_data_missing, heading, print_table, read_bbc
from rouge_score.rouge_scorer import RougeScorer

from service.summarize import DEFAULT_METHOD, METHODS, Length, summarize
from service.text.splitter import Sentence, split_sentences


def article_body(item: dict[str, Any]) -> tuple[str, bool]:
    """The article without its title line, and whether a title line was there to drop."""
    first, _, rest = item["article"].partition("\n")
    if first.strip() == item["title"].strip():
        return rest.lstrip("\n"), True
    return item["article"], False


def normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def choose(method: str, sentences: Sequence[Sentence], count: int) -> list[str]:
    if method == "lead":
        return [s.text for s in sentences[:count]]
    return [c.sentence.text for c in summarize(sentences, "en", method, Length(sentences=count))]


def score_item(
    scorer: RougeScorer, summary: Sequence[str], references: Sequence[str]
) -> list[float]:
    """ROUGE-1/2/L F1 and sentence precision / recall of one summary."""
    scores = scorer.score(" ".join(references), " ".join(summary))
    wanted = {normalize(r) for r in references}
    picked = [normalize(s) for s in summary]
    precision = sum(p in wanted for p in picked) / len(picked) if picked else 0.0
    recall = len(wanted & set(picked)) / len(wanted)
    return [scores[k].fmeasure for k in ("rouge1", "rouge2", "rougeL")] + [precision, recall]


def part_summaries(limit: int | None) -> None:
    heading("Summaries: BBC News Summary dev, length = number of reference sentences")
    items = [item for item in read_bbc(limit) if item["reference_sentences"]]
    scorer = RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    methods = ["lead", *METHODS]
    totals = {m: [0.0] * 5 for m in methods}
    seconds = dict.fromkeys(methods, 0.0)
    split_seconds = 0.0
    reachable = wanted = dropped = 0
    for item in items:
        body, had_title = article_body(item)
        dropped += had_title
        started = time.perf_counter()
        sentences = split_sentences(body, "en")
        split_seconds += time.perf_counter() - started
        ours = {normalize(s.text) for s in sentences}
        references = item["reference_sentences"]
        wanted += len(references)
        reachable += sum(normalize(r) in ours for r in references)
        for method in methods:
            started = time.perf_counter()
            summary = choose(method, sentences, len(references))
            seconds[method] += time.perf_counter() - started
            scores = score_item(scorer, summary, references)
            totals[method] = [a + b for a, b in zip(totals[method], scores, strict=True)]
    rows = [
        (
            m + (" (default)" if m == DEFAULT_METHOD else ""),
            *(t / len(items) for t in totals[m]),
            f"{1000 * seconds[m] / len(items):.1f}",
        )
        for m in sorted(methods, key=lambda m: -totals[m][0])
    ]
    print_table(
        ("method", "ROUGE-1 F", "ROUGE-2 F", "ROUGE-L F", "sent P", "sent R", "ms/article"), rows
    )
    print(
        f"{len(items)} articles scored (items without reference_sentences skipped). The "
        f"`article` field carries no title line (the title is its own field): {dropped} "
        "title lines dropped. Reference text = reference_sentences joined with spaces. "
        f"Splitting: {1000 * split_seconds / len(items):.1f} ms/article, not in the times "
        f"above. {reachable}/{wanted} ({reachable / wanted:.1%}) reference sentences are "
        "exactly one of our split sentences (after case/space normalization): the ceiling "
        "on sentence recall.\n"
    )


def part_headlines(limit: int | None) -> None:
    """The same articles with their title as the first line, as a CMS may send them: the
    headline is a heading (service.summarize), against the same code with no heading rule."""
    heading("Summaries with the title as the first line (heading rule on / off)")
    items = [item for item in read_bbc(limit) if item["reference_sentences"]]
    scorer = RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    rows = []
    for method in ("reduction", "textrank", "lexrank", "luhn"):
        cells: list[object] = [method]
        for rule in (True, False):
            rouge = [0.0, 0.0, 0.0]
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
                scores = score_item(scorer, summary, item["reference_sentences"])
                rouge = [a + b for a, b in zip(rouge, scores[:3], strict=True)]
            cells += [*(r / len(items) for r in rouge), f"{with_title / len(items):.1%}"]
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


PARTS = ("summaries", "headlines")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=(*PARTS, "all"), default="all")
    parser.add_argument(
        "--limit", type=int, default=None, help="first N BBC articles (default: all)"
    )
    args = parser.parse_args(argv)
    if eval_data_missing():
        return 0
    run = {"summaries": part_summaries, "headlines": part_headlines}
    for part in PARTS if args.part == "all" else (args.part,):
        run[part](args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
