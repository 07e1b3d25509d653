"""The service's summary path against sumy called directly with the same tokenizer.

For each BBC dev article (and the sample news article), interleaved in one loop:
  sumy:    PlaintextParser.from_string(text, tokenizer) + the summarizer (what a sumy user
           writes; the tokenizer gives it our sentence splitter and word tokenizer)
  service: split_sentences once + summarize() (sumy ranks our sentences; indexes kept)
  request: the same plus language detection, i.e. all the domain work of POST /v1/summarize
Prints total time per path and the ratios (goal: service within 10% of sumy).

    .venv/bin/python bench/summary_bench.py [--limit 300] [--method reduction]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sumy.parsers.plaintext import PlaintextParser  # noqa: E402

from service.summarize import METHODS, Length, summarize  # noqa: E402
from service.text.detect import LanguageDetector  # noqa: E402
from service.text.splitter import split_sentences  # noqa: E402
from service.text.words import WordTokenizer, stemmer, stop_words, warm_up  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"


class SumyTokenizer(WordTokenizer):
    """What sumy's parsers ask of a tokenizer: our words, and sentences from our splitter (the
    service itself never needs ``to_sentences``: it hands sumy sentences already split)."""

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s.text for s in split_sentences(paragraph, self.language))


def sumy_direct(text: str, method: str, count: int) -> object:
    parser = PlaintextParser.from_string(text, SumyTokenizer("en"))
    summarizer = METHODS[method](stemmer("en"))
    summarizer.stop_words = stop_words("en")
    return summarizer(parser.document, count)


def service_path(text: str, method: str, count: int) -> object:
    return summarize(split_sentences(text, "en"), "en", method, Length(sentences=count))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--method", default="reduction", choices=METHODS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bbc = SHARED / "summaries" / "bbc" / "dev.jsonl"
    if not bbc.exists():
        print(f"skipped: {bbc} is absent (../shared/ exists on the team's machines)")
        return 0
    texts = [json.loads(line)["article"] for line in bbc.read_text().splitlines()][: args.limit]
    sample = SHARED / "sample" / "news-en.txt"
    if sample.exists():
        texts.append(sample.read_text(encoding="utf-8"))
    warm_up()
    detector = LanguageDetector()

    def request_path(text: str, method: str, count: int) -> object:
        detector.detect(text)
        return service_path(text, method, count)

    paths: dict[str, Callable[[str, str, int], object]] = {
        "sumy direct": sumy_direct,
        "service": service_path,
        "request (+detect)": request_path,
    }
    totals = dict.fromkeys(paths, 0.0)
    for _ in range(args.repeat):
        for text in texts:
            for name, path in paths.items():  # interleaved: the machine's noise hits all alike
                started = time.perf_counter()
                path(text, args.method, 3)
                totals[name] += time.perf_counter() - started
    runs = args.repeat * len(texts)
    print(f"{len(texts)} articles x {args.repeat}, method {args.method}, 3 sentences\n")
    print("| path | ms/article | vs sumy direct |\n|---|---|---|")
    for name, total in totals.items():
        print(f"| {name} | {1000 * total / runs:.2f} | {total / totals['sumy direct']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
