"""Summary cost on long and hostile texts, every method, before and after issue 11 (part 3).

Run from the project root (FLORES dev is read from ``../shared/eval/``; without it the script
says so and exits 0)::

    python bench/summary_scale.py [--part time|rouge|all] [--sizes 10000,50000,100000]
                                  [--kinds prose,words,punct,short,giant] [--languages en]
                                  [--old-timeout 5] [--limit N]

Parts (markdown tables on stdout):

* ``time``: seconds to rank a text's sentences and pick 3 (``summarize``; splitting excluded,
  its time is printed per text) for every method, text kind, size and language: the old
  implementation (``bench/summary_baseline.py``: sumy's summarizers, dense PacSum, no caps) and
  the current one (``service.summarize``) side by side in one run, each call in a forked child.
  An old call past ``--old-timeout`` seconds is stopped and shown as ``> T``; that method is then
  not run on the larger sizes of the kind (also ``> T``).
* ``rouge``: ROUGE-1 F of every method on BBC dev and SummEval, old and new implementation, at
  the reference's length in sentences (``bench/eval_summaries.py``'s scoring), and how many
  articles get the same sentences from both; ``--limit N`` keeps the first N of each set.

Text kinds, from FLORES dev lines of the language cut to the size in characters: ``prose``
(paragraphs of 5 lines), ``words`` (one word per line, punctuation removed: every line a
heading), ``punct`` (sentences of punctuation only), ``short`` (one-word sentences),
``giant`` (sentences of 5,000 characters: the words joined, no other sentence end).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as gunicorn.conf.py: before numpy loads

from evaldata import FLORES, eval_data_missing, heading, print_table, read_flores
from summary_baseline import OLD_METHODS

from service.summarize import METHODS, Length, Ranker, headings, summarize
from service.text.splitter import Sentence, split_sentences
from service.text.words import warm_up

SUMMARY = Length(sentences=3)
PUNCTUATION = ".,!?;:()\"'«»“”„—–-…，。！？；：、（）《》"


def _fill(parts: Sequence[str], size: int, separator: str) -> str:
    out: list[str] = []
    total = 0
    while total < size:
        part = parts[len(out) % len(parts)]
        out.append(part)
        total += len(part) + len(separator)
    return separator.join(out)[:size]


def _words(language: str) -> list[str]:
    lines = read_flores(language, None)
    if language == "zh":  # no spaces: one character per "word"
        return [c for line in lines for c in line if c not in PUNCTUATION and not c.isspace()]
    words = (w.strip(PUNCTUATION) for line in lines for w in line.split())
    return [w for w in words if w.isalpha()]


def make_text(kind: str, language: str, size: int) -> str:
    """``size`` characters of ``kind`` in ``language`` (see the module docstring)."""
    joiner = "" if language == "zh" else " "
    stop = "。" if language == "zh" else "."
    comma = "，" if language == "zh" else " "
    if kind == "prose":
        lines = read_flores(language, None)
        paragraphs = [joiner.join(lines[i : i + 5]) for i in range(0, len(lines), 5)]
        return _fill(paragraphs, size, "\n\n")
    if kind == "words":
        return _fill(_words(language), size, "\n")
    if kind == "punct":
        return _fill(["!", "?", ".", "...", "?!"], size, " ")
    if kind == "short":
        return _fill([w + stop for w in _words(language)], size, joiner)
    if kind == "giant":
        words = _words(language)
        per_sentence = 5_000 // (len(comma) + sum(map(len, words)) // len(words))
        sentences = [
            comma.join(words[i : i + per_sentence]) + stop
            for i in range(0, len(words), per_sentence)
        ]
        return _fill(sentences, size, joiner)
    raise ValueError(kind)


def _timed(
    rankers: dict[str, Ranker], method: str, sentences: Sequence[Sentence], language: str
) -> float:
    """Seconds of ``summarize`` with ``rankers`` (run in a child: it changes the module)."""
    import service.summarize as summarize_module

    summarize_module.METHODS[method] = rankers[method]
    if rankers is OLD_METHODS:
        summarize_module.RANKED_SENTENCES = {}  # the old code ranked every sentence
    started = time.perf_counter()
    summarize(sentences, language, method, SUMMARY)
    return time.perf_counter() - started


def _child(send: Connection, call: Callable[[], float]) -> None:
    send.send(call())


def in_child(call: Callable[[], float], timeout: float | None) -> float | None:
    """``call()`` in a forked process (so that a stuck one can be stopped); None past timeout."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, call))
    process.start()
    ready = receive.poll(timeout)
    result = receive.recv() if ready else None
    if not ready:
        process.kill()
    process.join()
    return result


def part_time(
    sizes: Sequence[int], kinds: Sequence[str], languages: Sequence[str], old_timeout: float
) -> None:
    warm_up()
    new = dict(METHODS)
    for language in languages:
        heading(
            f"Summary time, {language}: seconds for 3 sentences (splitting excluded), "
            f"old (sumy, no caps; > {old_timeout:g} = stopped) / new"
        )
        rows = []
        for kind in kinds:
            stopped: set[str] = set()
            for size in sizes:
                text = make_text(kind, language, size)
                started = time.perf_counter()
                sentences = split_sentences(text, language)
                split = time.perf_counter() - started
                ranked = len(sentences) - len(headings(sentences))
                cells: list[object] = [kind, size, len(sentences), ranked, f"{split:.2f}"]
                for method in new:
                    old_time = None
                    if method not in stopped:
                        old_time = in_child(
                            lambda m=method, s=sentences, lang=language: _timed(
                                OLD_METHODS, m, s, lang
                            ),
                            old_timeout,
                        )
                    if old_time is None:
                        stopped.add(method)
                    new_time = in_child(
                        lambda m=method, s=sentences, lang=language: _timed(new, m, s, lang), None
                    )
                    old_cell = f"{old_time:.2f}" if old_time is not None else f"> {old_timeout:g}"
                    cells.append(f"{old_cell} / {new_time:.2f}")
                rows.append(cells)
                print(" | ".join(str(c) for c in cells), file=sys.stderr, flush=True)
        print_table(("kind", "chars", "sentences", "ranked", "split s", *new), rows)
    print(
        "ranked: the sentences that are not headings. Each call runs in a forked child of this "
        "process (old and new alike), on a machine shared with other work: compare within a "
        "row.\n"
    )


def part_rouge(limit: int | None) -> None:
    from eval_summaries import SETS, bbc_items, evaluate, ranking, summeval_items

    import service.summarize as summarize_module

    methods = [m for m in METHODS if m != "lead"]
    for method in methods:
        summarize_module.METHODS[f"{method} (old)"] = OLD_METHODS[method]
    rows: dict[str, list[object]] = {m: [m] for m in methods}
    for name in SETS:
        items = bbc_items(limit) if name == "bbc" else summeval_items(limit)
        means, _ = evaluate(items, [*methods, *(f"{m} (old)" for m in methods)])
        for method in methods:
            old, new = means[(f"{method} (old)", "sentences")][0], means[(method, "sentences")][0]
            same = sum(
                sorted(ranking(method, item.sentences)[: item.count])
                == sorted(ranking(f"{method} (old)", item.sentences)[: item.count])
                for item in items
            )
            rows[method] += [old, new, new - old, f"{same}/{len(items)}"]
    heading("ROUGE-1 F at the reference's length in sentences: old implementation and new")
    columns = ("old", "new", "new - old", "same summary")
    print_table(("method", *(f"{name} {col}" for name in SETS for col in columns)), rows.values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("time", "rouge", "all"), default="time")
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--kinds", default="prose,words,punct,short,giant")
    parser.add_argument("--languages", default="en", help=f"any of {','.join(FLORES)}")
    parser.add_argument("--limit", type=int, help="rouge: the first N articles of each set")
    parser.add_argument("--old-timeout", type=float, default=5.0, help="seconds per old call")
    args = parser.parse_args(argv)
    if eval_data_missing():
        return 0
    if args.part in ("time", "all"):
        part_time(
            [int(s) for s in args.sizes.split(",")],
            args.kinds.split(","),
            args.languages.split(","),
            args.old_timeout,
        )
    if args.part in ("rouge", "all"):
        part_rouge(args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
