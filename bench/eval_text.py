"""Measure the service's text processing on the shared evaluation data.

Run from the project root (data is read from ``../shared/eval/``; without it the script says so
and exits 0)::

    python bench/eval_text.py [--part split|detect|summaries|latency|all] [--limit N]

Parts (each prints plain markdown tables to stdout):

* ``split``: sentence-boundary precision / recall / F1 on FLORES dev (en, uk, ru, zh). Paragraphs
  are 5 consecutive lines joined with a space (nothing for zh); the joins are the gold
  boundaries. Compares ``split_sentences`` with raw sentencex, pysbd (Russian rules for
  Ukrainian), blingfire and a naive regex, with time per splitter, and shows examples of our
  splitter's errors.
* ``detect``: language-ID accuracy on every FLORES dev line, on lines under 40 characters and on
  20-character prefixes, for ``LanguageDetector``, py3langid (all languages, and restricted to
  ours without the service's guards) and lingua (restricted to ours); ``und`` counted apart.
  Then German and French sentences: how often each detector says ``und`` or claims English,
  and what the foreign-text guard alone catches and costs at other cut-offs.
* ``summaries``: every method in ``METHODS`` and a Lead-N baseline on the BBC dev set, at the
  reference's length: ROUGE-1/2/L F1 against the reference, sentence precision / recall against
  ``reference_sentences``, and time per article.
* ``latency``: summary latency of ``sample/news-en.txt`` (3 sentences, default method)
  in-process, through the Flask test client, and over HTTP to a real gunicorn started on a
  free local port.

``--limit N`` keeps the first N items of each data set (FLORES lines, BBC articles).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import blingfire
import py3langid
import pysbd
import sentencex
from lingua import Language, LanguageDetectorBuilder
from py3langid.langid import MODEL_FILE, LanguageIdentifier
from rouge_score.rouge_scorer import RougeScorer

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
EVAL = SHARED / "eval"
sys.path.insert(0, str(PROJECT_ROOT))  # the service is not an installed package

# ruff: isort: off
import service.text.detect as detect_module  # noqa: E402
import service.summarize as summarize_module  # noqa: E402
from service.summarize import DEFAULT_METHOD, METHODS, Chosen, Length, summarize  # noqa: E402
from service.text.detect import LanguageDetector  # noqa: E402
from service.text.languages import SUPPORTED_CODES, UNDETERMINED  # noqa: E402
from service.text.splitter import Sentence, split_sentences  # noqa: E402
# ruff: isort: on

FLORES = {"en": "eng_Latn", "uk": "ukr_Cyrl", "ru": "rus_Cyrl", "zh": "zho_Hans"}
JOINER = {"en": " ", "uk": " ", "ru": " ", "zh": ""}
LINES_PER_PARAGRAPH = 5
SHORT_LINE = 40
PREFIX_CHARS = 20
EXAMPLES = 3

# Written for this benchmark: everyday German and French, none of it in the service's languages.
GERMAN = [
    "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen.",
    "Die Preise für Energie sind im Winter stark gestiegen.",
    "Wir treffen uns morgen um acht Uhr am Bahnhof.",
    "Die Regierung will die Steuern für Familien senken.",
    "Das Wetter in Berlin bleibt bis zum Wochenende kalt.",
    "Der Zug nach München hat zwanzig Minuten Verspätung.",
    "Kinder brauchen mehr Zeit zum Spielen im Freien.",
    "Die Polizei sucht nach Zeugen des Unfalls.",
    "Unsere Firma hat im letzten Jahr mehr Gewinn gemacht.",
    "Ich habe das Buch gestern Abend zu Ende gelesen.",
    "Die Verhandlungen über den Waffenstillstand gehen weiter.",
    "Viele Menschen arbeiten inzwischen von zu Hause aus.",
    "Der Trainer ist mit der Leistung seiner Mannschaft zufrieden.",
    "Die Universität bietet neue Kurse für Informatik an.",
    "Im Sommer fahren wir mit dem Fahrrad an die Ostsee.",
    "Die Inflation ist im März leicht zurückgegangen.",
    "Er hat seinen Schlüssel im Büro vergessen.",
    "Die Ausstellung ist bis Juni geöffnet.",
    "Der Minister wies die Vorwürfe zurück.",
    "Bitte schließen Sie das Fenster.",
]
FRENCH = [
    "Le gouvernement a présenté son budget mercredi matin.",
    "Les prix de l'énergie ont fortement augmenté cet hiver.",
    "Nous nous retrouvons demain à huit heures devant la gare.",
    "La ville de Lyon accueille un grand festival de musique.",
    "Le train pour Marseille a vingt minutes de retard.",
    "Les enfants ont besoin de jouer davantage en plein air.",
    "La police recherche des témoins de l'accident.",
    "Notre entreprise a réalisé plus de bénéfices l'an dernier.",
    "J'ai fini de lire ce livre hier soir.",
    "Les négociations sur le cessez-le-feu se poursuivent.",
    "Beaucoup de gens travaillent désormais depuis chez eux.",
    "L'entraîneur est satisfait de la performance de son équipe.",
    "L'université propose de nouveaux cours d'informatique.",
    "Cet été, nous irons à vélo jusqu'à la mer.",
    "L'inflation a légèrement reculé au mois de mars.",
    "Il a encore oublié ses clés au bureau.",
    "L'exposition reste ouverte jusqu'en juin.",
    "Le ministre a rejeté ces accusations.",
    "Fermez la fenêtre, s'il vous plaît.",
    "Les élections auront lieu au printemps.",
]


# --- output ---------------------------------------------------------------------------------


def print_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Print a markdown table with aligned columns."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [_row(row, widths) for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print("\n".join(lines))
    print()


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"


def _cell(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def heading(title: str) -> None:
    print(f"\n## {title}\n")


def read_flores(lang: str, limit: int | None) -> list[str]:
    lines = (EVAL / "flores" / f"{FLORES[lang]}.dev").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()][:limit]


# --- split ----------------------------------------------------------------------------------

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
        return (sum(len(f & g) for f, g in pairs), sum(len(f - g) for f, g in pairs),
                sum(len(g - f) for f, g in pairs))


def run_splitter(splitter: Callable[[str, str], list[str]],
                 paras: Sequence[tuple[str, set[int]]], lang: str) -> SplitRun:
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
            rows.append((lang, name, len(paras), tp, fp, fn, *prf(tp, fp, fn),
                         f"{1000 * run.seconds / len(paras):.2f}", run.altered))
        errors[lang] = our_errors(paras, runs)
    print_table(("lang", "splitter", "paras", "TP", "FP", "FN", "P", "R", "F1",
                 "ms/para", "text altered"), rows)
    print("F1 by language:\n")
    print_table(("splitter", *FLORES),
                [(name, *(f1s[lang, name] for lang in FLORES)) for name in SPLITTERS])
    print("Notes: a FLORES line occasionally holds 2 sentences; a correct split inside such a "
          "line counts as a false positive, so precision is capped below 1 for every splitter. "
          "pysbd has no Ukrainian rules: Russian ones are used for uk. 'text altered' counts "
          "paragraphs whose non-space characters the splitter changed (boundaries are counted "
          "in non-space characters). ms/para excludes a warm-up call.\n")
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
    print(f"Our splitter's errors. 'shared' = no other splitter does better there (for FP: "
          f"most likely a 2-sentence FLORES line; for FN: a line that does not end a sentence, "
          f"or a quotation sentencex keeps whole). Examples: the errors most of the other "
          f"{others} splitters avoid first (‖ marks the boundary, [k/{others}] = others right).\n")
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


# --- detect ---------------------------------------------------------------------------------


def detectors() -> dict[str, Callable[[str], str]]:
    """Each detector as text -> ISO 639-1 code, ``und`` when it gives no answer."""
    ours = LanguageDetector()
    restricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    restricted.set_languages(list(SUPPORTED_CODES))
    lingua = LanguageDetectorBuilder.from_languages(
        Language.ENGLISH, Language.UKRAINIAN, Language.RUSSIAN, Language.CHINESE
    ).with_preloaded_language_models().build()

    def lingua_code(text: str) -> str:
        found = lingua.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else UNDETERMINED

    return {
        "ours (LanguageDetector)": lambda text: ours.detect(text).language,
        "py3langid, all languages": lambda text: py3langid.classify(text)[0],
        "py3langid, 4 langs, no guards": lambda text: restricted.classify(text)[0],
        "lingua, 4 langs": lingua_code,
    }


def prefix(text: str, lang: str) -> str:
    """At most PREFIX_CHARS characters of ``text``, cut at a word boundary where there is one."""
    if len(text) <= PREFIX_CHARS:
        return text
    cut = text[:PREFIX_CHARS]
    if lang != "zh" and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut


def accuracy(detect: Callable[[str], str], texts: Sequence[str], lang: str) -> str:
    """'accuracy / und share' of ``texts`` whose language is ``lang``."""
    if not texts:
        return "-"
    answers = [detect(text) for text in texts]
    right = sum(a == lang for a in answers) / len(answers)
    undetermined = sum(a == "und" for a in answers) / len(answers)
    return f"{right:.3f} / {undetermined:.3f}"


def part_detect(limit: int | None) -> None:
    heading("Language identification: FLORES dev lines (cells: accuracy / share und)")
    found = detectors()
    for detect in found.values():
        detect("warm-up")  # models load on first use
    rows = []
    for lang in FLORES:
        lines = read_flores(lang, limit)
        short = [line for line in lines if len(line) < SHORT_LINE]
        prefixes = [prefix(line, lang) for line in lines]
        for name, detect in found.items():
            started = time.perf_counter()
            everything = accuracy(detect, lines, lang)
            us = 1e6 * (time.perf_counter() - started) / len(lines)
            rows.append((lang, name, len(lines), everything, len(short),
                         accuracy(detect, short, lang), accuracy(detect, prefixes, lang),
                         f"{us:.0f}"))
    print_table(("lang", "detector", "n", "all lines", "n short", f"lines < {SHORT_LINE} chars",
                 f"prefixes <= {PREFIX_CHARS} chars", "µs/line"), rows)
    print(f"Prefixes: the first {PREFIX_CHARS} characters of every line, cut back to a word "
          "boundary (zh: no cut). Wrong answers = 1 - accuracy - und.\n")
    _foreign(found)
    _guard_sweep(limit)


def _foreign(found: dict[str, Callable[[str], str]]) -> None:
    heading(f"Foreign text: {len(GERMAN)} German + {len(FRENCH)} French sentences (shares)")
    rows = []
    for name, detect in found.items():
        for label, texts in (("de", GERMAN), ("fr", FRENCH)):
            answers = [detect(text) for text in texts]
            share = {key: sum(a == key for a in answers) / len(answers) for key in FLORES}
            und = sum(a == "und" for a in answers) / len(answers)
            own = sum(a == label for a in answers) / len(answers)
            rows.append((name, label, und, share["en"], share["uk"] + share["ru"] + share["zh"],
                         own, 1 - und - own - sum(share.values())))
    print_table(("detector", "text", "und", "claims en", "claims uk/ru/zh", "says de/fr",
                 "other code"), rows)
    print("For the service, 'und' is the right answer; 'says de/fr' is only possible for "
          "unrestricted py3langid.\n")


#: cut-offs for the foreign-text guard: "und when unrestricted py3langid gives all our
#: languages together less than this probability"
GUARD_CUTOFFS = (0.01, 0.05, 0.1, 0.2, 0.3, 0.5)


def _guard_sweep(limit: int | None) -> None:
    """What the foreign-text guard alone turns into ``und``, at several cut-offs."""
    heading("Foreign-text guard alone, at other cut-offs (shares turned into und)")
    lines = {lang: read_flores(lang, limit) for lang in FLORES}
    texts = {
        "de": GERMAN,
        "fr": FRENCH,
        "FLORES lines": [line for lang in FLORES for line in lines[lang]],
        f"FLORES prefixes <= {PREFIX_CHARS}": [prefix(line, lang) for lang in FLORES
                                               for line in lines[lang]],
    }
    shares = {name: [our_share(text) for text in group] for name, group in texts.items()}
    current = getattr(detect_module, "_FOREIGN_MAX_SHARE", None)
    rows = [(f"{cutoff}" + (" (current)" if cutoff == current else ""),
             *(sum(share < cutoff for share in values) / len(values) for values in shares.values()))
            for cutoff in GUARD_CUTOFFS]
    print_table(("our languages' share <", *(f"{name} -> und" for name in texts)), rows)
    print("The guard: und when the unrestricted 97-language py3langid gives en+uk+ru+zh together "
          "less than the cut-off. de/fr columns: higher is better; FLORES: lower is better. "
          "(The detector's other rules, script and min_confidence, are not applied here.)\n")


@cache
def _open_identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def our_share(text: str) -> float:
    """Probability unrestricted py3langid gives the service's languages together."""
    return sum(float(p) for code, p in _open_identifier().rank(text) if code in SUPPORTED_CODES)


# --- summaries ------------------------------------------------------------------------------


def read_bbc(limit: int | None) -> list[dict[str, Any]]:
    path = EVAL / "summaries" / "bbc" / "dev.jsonl"
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines][:limit]


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


def score_item(scorer: RougeScorer, summary: Sequence[str],
               references: Sequence[str]) -> list[float]:
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
    rows = [(m + (" (default)" if m == DEFAULT_METHOD else ""),
             *(t / len(items) for t in totals[m]), f"{1000 * seconds[m] / len(items):.1f}")
            for m in sorted(methods, key=lambda m: -totals[m][0])]
    print_table(("method", "ROUGE-1 F", "ROUGE-2 F", "ROUGE-L F", "sent P", "sent R",
                 "ms/article"), rows)
    print(f"{len(items)} articles scored (items without reference_sentences skipped). The "
          f"`article` field carries no title line (the title is its own field): {dropped} "
          "title lines dropped. Reference text = reference_sentences joined with spaces. "
          f"Splitting: {1000 * split_seconds / len(items):.1f} ms/article, not in the times "
          f"above. {reachable}/{wanted} ({reachable / wanted:.1%}) reference sentences are "
          "exactly one of our split sentences (after case/space normalization): the ceiling "
          "on sentence recall.\n")


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
                chosen = (summarize(sentences, "en", method, Length(sentences=count)) if rule
                          else _without_heading_rule(sentences, method, count))
                summary = [c.sentence.text for c in chosen]
                with_title += any(c.index == 0 for c in chosen)
                scores = score_item(scorer, summary, item["reference_sentences"])
                rouge = [a + b for a, b in zip(rouge, scores[:3], strict=True)]
            cells += [*(r / len(items) for r in rouge), f"{with_title / len(items):.1%}"]
        rows.append(cells)
    print_table(("method", "R-1 on", "R-2 on", "R-L on", "title in summary, on",
                 "R-1 off", "R-2 off", "R-L off", "title in summary, off"), rows)
    print(f"{len(items)} articles; references never contain the title.\n")


def _without_heading_rule(sentences: Sequence[Sentence], method: str,
                          count: int) -> list[Chosen]:
    original = summarize_module.headings
    summarize_module.headings = lambda _sentences: set()  # type: ignore[assignment]
    try:
        return summarize(sentences, "en", method, Length(sentences=count))
    finally:
        summarize_module.headings = original


# --- latency --------------------------------------------------------------------------------

SUMMARY_SENTENCES = 3
HTTP_OK = 200


def timings(call: Callable[[], object], calls: int) -> tuple[float, float]:
    """Median and p90 of ``calls`` calls, in milliseconds, after one warm-up call."""
    call()
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        samples.append(1000 * (time.perf_counter() - started))
    return statistics.median(samples), statistics.quantiles(samples, n=10, method="inclusive")[8]


def request_body(text: str) -> dict[str, Any]:
    return {"text": text, "language": "auto", "sentences": SUMMARY_SENTENCES}


def part_latency(calls: int) -> None:
    heading(f"Latency: sample/news-en.txt, {SUMMARY_SENTENCES} sentences, {calls} calls")
    text = (EVAL / "sample" / "news-en.txt").read_text(encoding="utf-8")
    rows = [_in_process(text, calls), _in_process(text, calls, detect=True)]
    for measure in (_flask, _gunicorn):
        row = measure(text, calls)
        if row:
            rows.append(row)
    print_table(("path", "median ms", "p90 ms"), rows)


def _in_process(text: str, calls: int, detect: bool = False) -> tuple[str, float, float]:
    detector = LanguageDetector()

    def call() -> object:
        language = detector.detect(text).language if detect else "en"
        return summarize(split_sentences(text, language), language, DEFAULT_METHOD,
                         Length(sentences=SUMMARY_SENTENCES))

    label = "detect + split + summarize" if detect else "split + summarize"
    return (f"in-process: {label} ({DEFAULT_METHOD})", *timings(call, calls))


def _flask(text: str, calls: int) -> tuple[str, float, float] | None:
    try:
        from service import create_app  # imported here: without the app, only this part skips
    except ImportError as exc:
        print(f"Skipped Flask test client: cannot import service.create_app ({exc}).\n")
        return None
    client = create_app().test_client()
    body = request_body(text)
    response = client.post("/v1/summarize", json=body)
    if response.status_code != HTTP_OK:
        print(f"Skipped Flask test client: POST /v1/summarize -> {response.status_code} "
              f"{response.get_data(as_text=True)[:300]}\n")
        return None

    def call() -> object:
        return client.post("/v1/summarize", json=body)

    return ("Flask test client: POST /v1/summarize", *timings(call, calls))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _http(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _gunicorn(text: str, calls: int) -> tuple[str, float, float] | None:
    config = PROJECT_ROOT / "gunicorn.conf.py"
    if not config.exists():
        print(f"Skipped gunicorn: {config} does not exist.\n")
        return None
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", str(config),
               "--bind", f"127.0.0.1:{port}", "service:create_app()"]
    env = {**os.environ, "PRECIS_BIND": f"127.0.0.1:{port}"}
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
        try:
            if not _wait_ready(server, port):
                log.seek(0)
                tail = log.read().decode(errors="replace")[-1500:]
                print(f"Skipped gunicorn: /readyz never answered 200.\n```\n{tail}\n```\n")
                return None
            return _time_http(port, text, calls)
        finally:
            _stop(server)


def _wait_ready(server: subprocess.Popen[bytes], port: int, timeout: float = 90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if _http(port, "GET", "/readyz")[0] == HTTP_OK:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def _time_http(port: int, text: str, calls: int) -> tuple[str, float, float] | None:
    body = json.dumps(request_body(text)).encode()
    status, answer = _http(port, "POST", "/v1/summarize", body)
    if status != HTTP_OK:
        print(f"Skipped gunicorn: POST /v1/summarize -> {status} {answer[:300]!r}\n")
        return None
    return ("gunicorn over HTTP: POST /v1/summarize (new connection per call)",
            *timings(lambda: _http(port, "POST", "/v1/summarize", body), calls))


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- main -----------------------------------------------------------------------------------

PARTS = ("split", "detect", "summaries", "headlines", "latency")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=(*PARTS, "all"), default="all")
    parser.add_argument("--limit", type=int, default=None,
                        help="first N items of each data set (default: all)")
    parser.add_argument("--calls", type=int, default=50, help="latency samples per path")
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"Skipped: no evaluation data at {EVAL} (a fresh clone has no ../shared/).")
        return 0
    run = {
        "split": lambda: part_split(args.limit),
        "detect": lambda: part_detect(args.limit),
        "summaries": lambda: part_summaries(args.limit),
        "headlines": lambda: part_headlines(args.limit),
        "latency": lambda: part_latency(args.calls),
    }
    for part in PARTS if args.part == "all" else (args.part,):
        run[part]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
