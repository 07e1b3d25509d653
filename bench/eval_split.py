"""Sentence splitting on FLORES dev (en, uk, ru, zh): ours against other splitters.

Run from the project root (data is read from ``../shared/eval/``; without it the script says so
and exits 0)::

    python bench/eval_split.py [--limit N]

Paragraphs are 5 consecutive lines joined with a space (nothing for zh); the joins are the gold
boundaries. Prints markdown tables to stdout: sentence-boundary precision / recall / F1 of
``split_sentences``, raw sentencex, pysbd (Russian rules for Ukrainian), blingfire and a naive
regex, with time per splitter, and examples of our splitter's errors.

``--limit N`` keeps the first N FLORES lines of each language.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import blingfire
import pysbd
import sentencex
from evaldata import FLORES, eval_data_missing, heading, print_table, read_flores

from service.text.splitter import split_sentences

JOINER = {"en": " ", "uk": " ", "ru": " ", "zh": ""}
LINES_PER_PARAGRAPH = 5
EXAMPLES = 3


_SPACE = re.compile(r"\s+")
_NAIVE = re.compile(r"(?<=[.!?])\s+|(?<=[\u3002\uff01\uff1f])\s*")


def naive_split(text: str, lang: str) -> list[str]:
    """Break after . ! ? followed by a space, and after Chinese full stops."""
    return _NAIVE.split(text)


def ours_split(text: str, lang: str) -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


def sentencex_split(text: str, lang: str) -> list[str]:
    return list(sentencex.segment(lang, text))


@cache
def _pysbd(lang: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language="ru" if lang == "uk" else lang, clean=False)


def pysbd_split(text: str, lang: str) -> list[str]:
    return [str(piece) for piece in _pysbd(lang).segment(text)]


def blingfire_split(text: str, lang: str) -> list[str]:
    return str(blingfire.text_to_sentences(text)).split("\n")


SPLITTERS: dict[str, Callable[[str, str], list[str]]] = {
    "ours (split_sentences)": ours_split,
    "sentencex": sentencex_split,
    "pysbd (uk: ru rules)": pysbd_split,
    "blingfire": blingfire_split,
    "naive regex": naive_split,
}
OURS = "ours (split_sentences)"


def boundaries(pieces: Iterable[str]) -> tuple[set[int], int]:
    """Boundaries as counts of non-space characters before them, and the total count.

    Counting non-space characters makes splitters that trim or re-space the text comparable.
    """
    marks: list[int] = []
    total = 0
    for piece in pieces:
        size = len(_SPACE.sub("", piece))
        if size:
            total += size
            marks.append(total)
    return set(marks[:-1]), total


def paragraphs(lines: Sequence[str], lang: str) -> list[tuple[str, set[int]]]:
    """Paragraphs of consecutive lines, each with its gold boundaries."""
    result = []
    for i in range(0, len(lines), LINES_PER_PARAGRAPH):
        group = lines[i : i + LINES_PER_PARAGRAPH]
        result.append((JOINER[lang].join(group), boundaries(group)[0]))
    return result


@dataclass
class SplitRun:
    """One splitter's boundaries for each paragraph of one language, and its time."""

    found: list[set[int]]
    seconds: float
    altered: int

    def counts(self, paras: Sequence[tuple[str, set[int]]]) -> tuple[int, int, int]:
        """True positives, false positives, false negatives."""
        pairs = list(zip(self.found, (gold for _, gold in paras), strict=True))
        return (
            sum(len(f & g) for f, g in pairs),
            sum(len(f - g) for f, g in pairs),
            sum(len(g - f) for f, g in pairs),
        )


def run_splitter(
    splitter: Callable[[str, str], list[str]], paras: Sequence[tuple[str, set[int]]], lang: str
) -> SplitRun:
    splitter(paras[0][0], lang)  # warm-up: rule tables load on first use
    started = time.perf_counter()
    predicted = [splitter(text, lang) for text, _ in paras]
    elapsed = time.perf_counter() - started
    found, altered = [], 0
    for (text, _), pieces in zip(paras, predicted, strict=True):
        marks, total = boundaries(pieces)
        found.append(marks)
        altered += total != len(_SPACE.sub("", text))
    return SplitRun(found, elapsed, altered)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def context(text: str, boundary: int, width: int = 45) -> str:
    """The text around a boundary given in non-space characters, the boundary shown as ‖."""
    seen = 0
    for position, char in enumerate(text):
        if not char.isspace():
            seen += 1
        if seen == boundary:
            cut = position + 1
            left, right = text[max(0, cut - width) : cut], text[cut : cut + width].lstrip()
            return f"…{left}‖{right}…".replace("\n", " ")
    return text[-width:]


def part_split(limit: int | None) -> None:
    heading("Sentence splitting: FLORES dev, paragraphs of 5 lines, gold = line joins")
    rows, f1s = [], {}
    errors: dict[str, list[Error]] = {}
    for lang in FLORES:
        paras = paragraphs(read_flores(lang, limit), lang)
        runs = {name: run_splitter(splitter, paras, lang) for name, splitter in SPLITTERS.items()}
        for name, run in runs.items():
            tp, fp, fn = run.counts(paras)
            f1s[lang, name] = prf(tp, fp, fn)[2]
            rows.append(
                (
                    lang,
                    name,
                    len(paras),
                    tp,
                    fp,
                    fn,
                    *prf(tp, fp, fn),
                    f"{1000 * run.seconds / len(paras):.2f}",
                    run.altered,
                )
            )
        errors[lang] = our_errors(paras, runs)
    print_table(
        ("lang", "splitter", "paras", "TP", "FP", "FN", "P", "R", "F1", "ms/para", "text altered"),
        rows,
    )
    print("F1 by language:\n")
    print_table(
        ("splitter", *FLORES), [(name, *(f1s[lang, name] for lang in FLORES)) for name in SPLITTERS]
    )
    print(
        "Notes: a FLORES line occasionally holds 2 sentences; a correct split inside such a "
        "line counts as a false positive, so precision is capped below 1 for every splitter. "
        "pysbd has no Ukrainian rules: Russian ones are used for uk. 'text altered' counts "
        "paragraphs whose non-space characters the splitter changed (boundaries are counted "
        "in non-space characters). ms/para excludes a warm-up call.\n"
    )
    _print_errors(errors)


#: kind ("FP"/"FN"), paragraph, boundary, how many other splitters got that boundary right
Error = tuple[str, str, int, int]


def our_errors(paras: Sequence[tuple[str, set[int]]], runs: dict[str, SplitRun]) -> list[Error]:
    """Our splitter's errors, each with the number of other splitters that got it right."""
    ours, others = runs[OURS], [run for name, run in runs.items() if name != OURS]
    errors: list[Error] = []
    for i, (text, gold) in enumerate(paras):
        for mark in sorted(ours.found[i] - gold):
            errors.append(("FP", text, mark, sum(mark not in r.found[i] for r in others)))
        for mark in sorted(gold - ours.found[i]):
            errors.append(("FN", text, mark, sum(mark in r.found[i] for r in others)))
    return errors


def _print_errors(errors: dict[str, list[Error]]) -> None:
    others = len(SPLITTERS) - 1
    print(
        f"Our splitter's errors. 'shared' = no other splitter does better there (for FP: "
        f"most likely a 2-sentence FLORES line; for FN: a line that does not end a sentence, "
        f"or a quotation sentencex keeps whole). Examples: the errors most of the other "
        f"{others} splitters avoid first (‖ marks the boundary, [k/{others}] = others right).\n"
    )
    rows = []
    for lang, found in errors.items():
        for kind in ("FP", "FN"):
            mine = [e for e in found if e[0] == kind]
            rows.append((lang, kind, len(mine), sum(e[3] == 0 for e in mine)))
    print_table(("lang", "kind", "errors", "shared"), rows)
    for lang, found in errors.items():
        for kind in ("FP", "FN"):
            mine = sorted((e for e in found if e[0] == kind), key=lambda e: -e[3])
            for _, text, mark, right in mine[:EXAMPLES]:
                print(f"- {lang} {kind} [{right}/{others}]: {context(text, mark)}")
    print()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="first N FLORES lines of each language (default: all)",
    )
    args = parser.parse_args(argv)
    if eval_data_missing():
        return 0
    part_split(args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
