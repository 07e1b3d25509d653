"""Language identification on FLORES dev, and the foreign-text guard, against other detectors.

Run from the project root (data is read from ``../shared/eval/``; without it the script says so
and exits 0)::

    python bench/eval_detect.py [--limit N]

Prints markdown tables to stdout: language-ID accuracy on every FLORES dev line, on lines under
40 characters and on 20-character prefixes, for ``LanguageDetector``, py3langid (all languages,
and restricted to ours without the service's guards) and lingua (restricted to ours); ``und``
counted apart. Then German and French sentences: how often each detector says ``und`` or claims
English, and what the foreign-text guard alone catches and costs at other cut-offs.

``--limit N`` keeps the first N FLORES lines of each language.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from functools import cache

import py3langid
from evaldata import FLORES, eval_data_missing, heading, print_table, read_flores
from lingua import Language, LanguageDetectorBuilder
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from service.text.detect import FOREIGN_MAX_SHARE, LanguageDetector
from service.text.languages import SUPPORTED_CODES, UNDETERMINED

SHORT_LINE = 40
PREFIX_CHARS = 20

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


def detectors() -> dict[str, Callable[[str], str]]:
    """Each detector as text -> ISO 639-1 code, ``und`` when it gives no answer."""
    ours = LanguageDetector()
    restricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    restricted.set_languages(list(SUPPORTED_CODES))
    lingua = (
        LanguageDetectorBuilder.from_languages(
            Language.ENGLISH, Language.UKRAINIAN, Language.RUSSIAN, Language.CHINESE
        )
        .with_preloaded_language_models()
        .build()
    )

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
            rows.append(
                (
                    lang,
                    name,
                    len(lines),
                    everything,
                    len(short),
                    accuracy(detect, short, lang),
                    accuracy(detect, prefixes, lang),
                    f"{us:.0f}",
                )
            )
    print_table(
        (
            "lang",
            "detector",
            "n",
            "all lines",
            "n short",
            f"lines < {SHORT_LINE} chars",
            f"prefixes <= {PREFIX_CHARS} chars",
            "µs/line",
        ),
        rows,
    )
    print(
        f"Prefixes: the first {PREFIX_CHARS} characters of every line, cut back to a word "
        "boundary (zh: no cut). Wrong answers = 1 - accuracy - und.\n"
    )
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
            rows.append(
                (
                    name,
                    label,
                    und,
                    share["en"],
                    share["uk"] + share["ru"] + share["zh"],
                    own,
                    1 - und - own - sum(share.values()),
                )
            )
    print_table(
        ("detector", "text", "und", "claims en", "claims uk/ru/zh", "says de/fr", "other code"),
        rows,
    )
    print(
        "For the service, 'und' is the right answer; 'says de/fr' is only possible for "
        "unrestricted py3langid.\n"
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
    args = parser.parse_args(argv)
    if eval_data_missing():
        return 0
    part_detect(args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
