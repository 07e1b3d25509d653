"""Measure the translation engine against argostranslate on the real zh→en package.

Run from the project root (FLORES is read from ``../shared/eval/flores/``; without it the script
says so and exits 0)::

    python bench/translate_bench.py [--limit N]
        [--part quality|speed|threads|split|concurrent|all]
        [--compute-types default,int8,float32] [--inter-threads 2] [--intra-threads 1] [--beam 4]

* ``quality``: sacreBLEU BLEU and chrF on FLORES dev zho_Hans → eng_Latn, line by line (each
  line is a sentence), for our engine at each compute type (and with CTranslate2's
  anti-repetition options) and for argostranslate's own translate path on the same package,
  with the same beam size and thread settings. argostranslate would download a sentence
  splitter (minisbd) at run time; its splitter is replaced by ours, and any network access
  raises, so it runs offline.
* ``speed``: the FLORES lines grouped into articles of 50 sentences (paragraphs of 5 sentences,
  joined without spaces as Chinese is written); wall time to translate the articles one after
  another with our engine, with argostranslate, and with a bare
  ``ctranslate2.Translator.translate_batch`` per article over sentences split and tokenized
  beforehand with the same decoding options (the floor). The three run interleaved, article by
  article, in rotating order, so that the noise of a shared 2-core machine falls on all alike.
* ``threads``: our engine under several ``inter_threads`` x ``intra_threads`` settings, run
  interleaved the same way, on the articles and on short texts (one 5-sentence paragraph each,
  from the first 100 lines).
* ``split``: calls of 3, 10 and 48 sentences from 1 and 4 client threads, with a call that fits
  one batch cut into ``inter_threads`` parallel parts (the default) and without (one batch, so
  one CTranslate2 thread works); both models run in alternating rounds.
* ``concurrent``: 10-sentence texts (``--concurrent-sentences``) from 1, 4 and 16 threads at
  once into one engine (with its cross-request batching), into one argostranslate translation
  object, and into one bare Translator (a translate_batch per text): the lead under load.

* ``length-penalty``: FLORES dev zh → en line by line (as ``quality``) at each
  ``--length-penalties`` value: BLEU, chrF, and the output length against the reference (BLEU's
  system/reference length ratio, and the mean per-line ratio of characters).
* ``long``: long single "sentences": k consecutive FLORES zh lines (k in ``--joins``) made one
  by putting "，" for each line's final "。", each unit sent to the model as one sentence and
  scored (chrF) against the k English lines joined by spaces; chrF by unit length in source
  tokens, whole and cut at clause boundaries at each ``--cut-limits`` value (units within the
  limit are the same either way, so they are translated once).

``--limit N`` keeps the first N FLORES lines (quick runs). The package is taken from
``--package``, else found as the tests find it (``testkit/packages.py``).
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

import ctranslate2
import sacrebleu
import sentencepiece

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FLORES = PROJECT_ROOT.parent / "shared" / "eval" / "flores"
ARTICLE_SENTENCES = 50
PARAGRAPH_SENTENCES = 5

sys.path.insert(0, str(PROJECT_ROOT))  # the service is not an installed package

from service.text.splitter import split_sentences  # noqa: E402
from service.translate import Engine, LoadedModel, TranslateOptions  # noqa: E402
from service.translate.engine import translate_cut  # noqa: E402
from testkit.packages import find_zhen_package  # noqa: E402


@dataclass
class Timer:
    seconds: float = 0.0

    def run(self, work: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = work()
        self.seconds += time.perf_counter() - start
        return result


def _offline(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise RuntimeError("the benchmark runs offline: network access attempted")


def argos_translator(package_dir: Path, scratch: Path, options: TranslateOptions) -> Any:
    """argostranslate's own zh→en translation (``CachedTranslation(PackageTranslation)``, as
    ``argostranslate.translate.translate`` uses), with our splitter instead of minisbd."""
    packages = scratch / "packages"
    packages.mkdir(parents=True, exist_ok=True)
    link = packages / package_dir.name
    if not link.exists():
        link.symlink_to(package_dir.resolve(), target_is_directory=True)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(scratch / name.lower())
    os.environ.update(
        {
            "ARGOS_PACKAGES_DIR": str(packages),
            "ARGOS_DEVICE_TYPE": "cpu",
            "ARGOS_INTER_THREADS": str(options.inter_threads),
            "ARGOS_INTRA_THREADS": str(options.intra_threads),
            "ARGOS_BEAM_SIZE": str(options.beam_size),
            "ARGOS_COMPUTE_TYPE": "auto"
            if options.compute_type == "default"
            else options.compute_type,
            "ARGOS_CHUNK_TYPE": "MINISBD",
        }
    )
    urllib.request.urlopen = _offline  # type: ignore[assignment]

    from argostranslate import networking, sbd
    from argostranslate import translate as argos

    networking.get = _offline
    networking.get_from = _offline

    class OurSentencizer(sbd.ISentenceBoundaryDetectionModel):  # type: ignore[misc]
        def __init__(self, pkg: Any) -> None:
            self.pkg = pkg

        def split_sentences(self, text: str) -> list[str]:
            return [sentence.text for sentence in split_sentences(text, self.pkg.from_code)]

    argos.MiniSBDSentencizer = OurSentencizer
    argos.get_installed_languages.cache_clear()
    return argos.get_translation_from_codes("zh", "en")


def raw_floor(package_dir: Path, options: TranslateOptions) -> Callable[[str], None]:
    """The bare CTranslate2 call per article: splitting and tokenizing done before timing."""
    translator = ctranslate2.Translator(
        str(package_dir / "model"),
        device="cpu",
        compute_type=options.compute_type,
        inter_threads=options.inter_threads,
        intra_threads=options.intra_threads,
    )
    tokenizer = sentencepiece.SentencePieceProcessor(
        model_file=str(package_dir / "sentencepiece.model")
    )
    prepared: dict[str, list[list[str]]] = {}

    def prepare(article: str) -> None:
        prepared[article] = [
            tokenizer.encode(s.text, out_type=str) for s in split_sentences(article, "zh")
        ]

    def translate(article: str) -> None:
        translator.translate_batch(
            prepared[article],
            max_batch_size=options.batch_tokens,
            batch_type="tokens",
            beam_size=options.beam_size,
            length_penalty=options.length_penalty,
            replace_unknowns=options.replace_unknowns,
        )

    translate.prepare = prepare  # type: ignore[attr-defined]
    return translate


def scores(hypotheses: Sequence[str], references: Sequence[str]) -> tuple[float, float]:
    bleu = sacrebleu.corpus_bleu(list(hypotheses), [list(references)])
    chrf = sacrebleu.corpus_chrf(list(hypotheses), [list(references)])
    return bleu.score, chrf.score


def quality(
    package_dir: Path,
    zh: list[str],
    en: list[str],
    *,
    options: TranslateOptions,
    compute_types: list[str],
    argos: Any,
) -> None:
    print(
        f"## Quality: FLORES dev zho_Hans → eng_Latn, {len(zh)} lines, "
        f"beam {options.beam_size}, threads {options.inter_threads}x{options.intra_threads}\n"
    )
    print("| system | BLEU | chrF | truncated | seconds |")
    print("|---|---:|---:|---:|---:|")
    variants = [(f"ours {ct}", replace(options, compute_type=ct)) for ct in compute_types]
    variants.append(
        (
            f"ours {compute_types[0]} no_repeat_ngram_size=4",
            replace(options, compute_type=compute_types[0], no_repeat_ngram_size=4),
        )
    )
    variants.append(
        (
            f"ours {compute_types[0]} repetition_penalty=1.1",
            replace(options, compute_type=compute_types[0], repetition_penalty=1.1),
        )
    )
    for label, variant in variants:
        engine = Engine([LoadedModel(package_dir, variant)])
        timer = Timer()
        results = timer.run(lambda engine=engine: engine.translate(zh, "zh", "en"))
        bleu, chrf = scores([r.text for r in results], en)
        truncated = sum(r.truncated for r in results)
        print(
            f"| {label} | {bleu:.2f} | {chrf:.2f} | {truncated} | {timer.seconds:.1f} |", flush=True
        )
    timer = Timer()
    hypotheses = timer.run(lambda: [argos.translate(line) for line in zh])
    bleu, chrf = scores(hypotheses, en)
    print(
        f"| argostranslate (our splitter) | {bleu:.2f} | {chrf:.2f} | – | {timer.seconds:.1f} |\n",
        flush=True,
    )


def length_penalty(
    package_dir: Path, zh: list[str], en: list[str], options: TranslateOptions, values: list[float]
) -> None:
    print(
        f"## length_penalty: FLORES dev zho_Hans → eng_Latn, {len(zh)} lines, "
        f"beam {options.beam_size}\n"
    )
    print("| length_penalty | BLEU | chrF | sys/ref length (BLEU) | mean chars ratio | seconds |")
    print("|---:|---:|---:|---:|---:|---:|")
    for value in values:
        engine = Engine([LoadedModel(package_dir, replace(options, length_penalty=value))])
        timer = Timer()
        results = timer.run(lambda engine=engine: engine.translate(zh, "zh", "en"))
        hypotheses = [r.text for r in results]
        bleu = sacrebleu.corpus_bleu(hypotheses, [en])
        chrf = sacrebleu.corpus_chrf(hypotheses, [en])
        ratio = sum(len(h) / max(1, len(r)) for h, r in zip(hypotheses, en, strict=True)) / len(en)
        print(
            f"| {value} | {bleu.score:.2f} | {chrf.score:.2f} | {bleu.sys_len / bleu.ref_len:.3f} "
            f"| {ratio:.3f} | {timer.seconds:.1f} |",
            flush=True,
        )
    print()


LONG_BUCKETS = (0, 32, 48, 64, 96, 128, 192, 100000)


def joined_units(zh: list[str], en: list[str], k: int) -> list[tuple[str, str]]:
    """k consecutive lines as one unit: each zh line's final "。" made "，" (but the last)."""
    units = []
    for start in range(0, len(zh) - k + 1, k):
        lines = zh[start : start + k]
        body = [line[:-1] + "，" if line.endswith("。") else line for line in lines[:-1]]
        units.append(("".join([*body, lines[-1]]), " ".join(en[start : start + k])))
    return units


def long_units(
    package_dir: Path,
    zh: list[str],
    en: list[str],
    options: TranslateOptions,
    *,
    joins: list[int],
    limits: list[int],
) -> None:
    model = LoadedModel(package_dir, options)
    rows: list[tuple[int, int, str, dict[int, str]]] = []  # k, tokens, reference, outputs
    print(
        f"## Long units: k FLORES dev lines joined into one sentence ({len(zh)} lines per k), "
        f"chrF whole and cut above N source tokens\n"
    )
    header = "| k | units | mean tokens | whole | " + " | ".join(f"cut N={n}" for n in limits)
    print(header + " | truncated whole | seconds whole / cut |")
    print("|---:|---:|---:|---:|" + "---:|" * len(limits) + "---:|---:|")
    for k in joins:
        units = joined_units(zh, en, k)
        sources = [unit for unit, _ in units]
        references = [reference for _, reference in units]
        tokens = [model.count_tokens(unit) for unit in sources]
        timer = Timer()
        whole = timer.run(lambda sources=sources: model.translate_sentences(sources))
        outputs: dict[int, list[str]] = {0: [r.text for r in whole]}
        cut_timer = Timer()
        for limit in limits:
            over = [i for i, n in enumerate(tokens) if n > limit]
            texts = list(outputs[0])
            if over:
                cut = cut_timer.run(
                    lambda over=over, limit=limit, sources=sources: translate_cut(
                        model, [sources[i] for i in over], limit
                    )
                )
                for i, result in zip(over, cut, strict=True):
                    texts[i] = result.text
            outputs[limit] = texts
        for i in range(len(units)):
            rows.append((k, tokens[i], references[i], {n: outputs[n][i] for n in outputs}))
        chrfs = [sacrebleu.corpus_chrf(outputs[n], [references]).score for n in [0, *limits]]
        print(
            f"| {k} | {len(units)} | {sum(tokens) / len(tokens):.0f} | "
            + " | ".join(f"{c:.2f}" for c in chrfs)
            + f" | {sum(r.truncated for r in whole)} "
            + f"| {timer.seconds:.0f} / {cut_timer.seconds:.0f} |",
            flush=True,
        )
    print("\nBy unit length (all k pooled), corpus chrF in each bucket:\n")
    print("| source tokens | units | whole | " + " | ".join(f"cut N={n}" for n in limits) + " |")
    print("|---|---:|---:|" + "---:|" * len(limits))
    for low, high in itertools.pairwise(LONG_BUCKETS):
        bucket = [row for row in rows if low < row[1] <= high]
        if not bucket:
            continue
        refs = [row[2] for row in bucket]
        chrfs = [
            sacrebleu.corpus_chrf([row[3][n] for row in bucket], [refs]).score for n in [0, *limits]
        ]
        label = f"{low + 1}-{high}" if high < LONG_BUCKETS[-1] else f"> {low}"
        print(f"| {label} | {len(bucket)} | " + " | ".join(f"{c:.2f}" for c in chrfs) + " |")
    print(flush=True)


def articles_of(zh: list[str]) -> list[str]:
    articles = []
    for start in range(0, len(zh), ARTICLE_SENTENCES):
        lines = zh[start : start + ARTICLE_SENTENCES]
        paragraphs = [
            "".join(lines[i : i + PARAGRAPH_SENTENCES])
            for i in range(0, len(lines), PARAGRAPH_SENTENCES)
        ]
        articles.append("\n".join(paragraphs))
    return articles


def speed(package_dir: Path, zh: list[str], options: TranslateOptions, argos: Any) -> None:
    articles = articles_of(zh)
    sentences = sum(len(split_sentences(a, "zh")) for a in articles)
    print(
        f"## Speed: {len(articles)} articles of up to {ARTICLE_SENTENCES} FLORES lines "
        f"({sentences} sentences by our splitter), one after another, "
        f"compute_type {options.compute_type}, beam {options.beam_size}, "
        f"threads {options.inter_threads}x{options.intra_threads}\n"
    )
    engine = Engine([LoadedModel(package_dir, options)])
    raw = raw_floor(package_dir, options)
    warm = articles[0][: len(zh[0])]
    for article in [warm, *articles]:
        raw.prepare(article)  # type: ignore[attr-defined]
    systems: list[tuple[str, Callable[[str], Any]]] = [
        ("ours", lambda text: engine.translate(text, "zh", "en")),
        ("argostranslate", argos.translate),
        ("raw ctranslate2", raw),
    ]
    for _, work in systems:  # load lazily built parts (argos builds its translator late)
        work(warm)
    seconds = interleaved(systems, articles)
    print("| system | seconds | sentences/s |")
    print("|---|---:|---:|")
    for name, spent in seconds.items():
        print(f"| {name} | {spent:.1f} | {sentences / spent:.1f} |")
    ours, argos_s, floor = (seconds[name] for name, _ in systems)
    print(
        f"\nours / raw = {ours / floor:.2f}; argostranslate / ours = {argos_s / ours:.2f}\n",
        flush=True,
    )


THREAD_SETTINGS = [(1, 1), (1, 2), (2, 1), (1, 0)]


def interleaved(
    systems: Sequence[tuple[str, Callable[[str], Any]]], texts: Sequence[str]
) -> dict[str, float]:
    """Seconds each system spends on ``texts``, run text by text in rotating order."""
    timers = {name: Timer() for name, _ in systems}
    for index, text in enumerate(texts):
        shift = index % len(systems)
        for name, work in [*systems[shift:], *systems[:shift]]:
            timers[name].run(lambda work=work, text=text: work(text))
    return {name: timer.seconds for name, timer in timers.items()}


def threads(package_dir: Path, zh: list[str], options: TranslateOptions) -> None:
    short = [
        "".join(zh[i : i + PARAGRAPH_SENTENCES])
        for i in range(0, min(len(zh), 100), PARAGRAPH_SENTENCES)
    ]
    sets = {
        f"{len(short)} texts of {PARAGRAPH_SENTENCES} sentences": short,
        f"{len(articles_of(zh))} articles of {ARTICLE_SENTENCES}": articles_of(zh),
    }
    print(
        f"## Threads: inter_threads x intra_threads (0: CTranslate2 chooses), compute_type "
        f"{options.compute_type}, beam {options.beam_size}\n"
    )
    engines = {
        f"{inter}x{intra}": Engine(
            [LoadedModel(package_dir, replace(options, inter_threads=inter, intra_threads=intra))]
        )
        for inter, intra in THREAD_SETTINGS
    }
    systems = [
        (name, lambda text, engine=engine: engine.translate(text, "zh", "en"))
        for name, engine in engines.items()
    ]
    for _, work in systems:
        work(short[0])
    print("| text set | " + " | ".join(engines) + " |")
    print("|---|" + "---:|" * len(engines))
    for label, texts in sets.items():
        seconds = interleaved(systems, texts)
        print(
            f"| {label} | " + " | ".join(f"{seconds[name]:.1f} s" for name in engines) + " |",
            flush=True,
        )
    print()


SPLIT_SIZES = (3, 10, 48)
SPLIT_CLIENTS = (1, 4)
SPLIT_LINES = 240
SPLIT_ROUNDS = 2


def split(package_dir: Path, zh: list[str], options: TranslateOptions) -> None:
    lines = zh[:SPLIT_LINES]
    models = {
        "even parts": LoadedModel(package_dir, replace(options, split_small_calls=True)),
        "one batch": LoadedModel(package_dir, replace(options, split_small_calls=False)),
    }
    for model in models.values():
        model.translate_sentences(lines[:3])
    print(
        f"## Small calls: {len(lines)} FLORES sentences in calls of n sentences, from c "
        f"client threads, inter_threads {options.inter_threads}; sentences/s\n"
    )
    print("| n | c | " + " | ".join(models) + " | ratio |")
    print("|---:|---:|" + "---:|" * (len(models) + 1))
    for size in SPLIT_SIZES:
        for clients in SPLIT_CLIENTS:
            calls = [lines[i : i + size] for i in range(0, len(lines), size)]
            seconds = dict.fromkeys(models, 0.0)
            for round_ in range(SPLIT_ROUNDS):
                order = list(models) if round_ % 2 == 0 else list(reversed(models))
                for name in order:
                    seconds[name] += _timed_calls(models[name].translate_sentences, calls, clients)
            rate = {name: SPLIT_ROUNDS * len(lines) / spent for name, spent in seconds.items()}
            first, second = rate.values()
            print(
                f"| {size} | {clients} | "
                + " | ".join(f"{r:.1f}" for r in rate.values())
                + f" | {first / second:.2f} |",
                flush=True,
            )
    print()


def _timed_calls(work: Callable[[Any], Any], calls: Sequence[Any], clients: int) -> float:
    """Seconds for ``clients`` threads to run ``work`` over ``calls``."""
    with ThreadPoolExecutor(clients) as pool:
        start = time.perf_counter()
        list(pool.map(work, calls))
        return time.perf_counter() - start


CONCURRENT_CLIENTS = (1, 4, 16)
CONCURRENT_SENTENCES = 10


def concurrent(
    package_dir: Path,
    zh: list[str],
    options: TranslateOptions,
    argos: Any,
    size: int = CONCURRENT_SENTENCES,
) -> None:
    lines = zh[: max(SPLIT_LINES, 20 * size)]
    texts = ["".join(lines[i : i + size]) for i in range(0, len(lines), size)]
    engine = Engine([LoadedModel(package_dir, options)])
    raw = raw_floor(package_dir, options)
    for text in [texts[0][:20], *texts]:
        raw.prepare(text)  # type: ignore[attr-defined]
    systems: dict[str, Callable[[str], Any]] = {
        "ours": lambda text: engine.translate(text, "zh", "en"),
        "argostranslate": argos.translate,
        "raw ctranslate2": raw,
    }
    for work in systems.values():
        work(texts[0][:20])
    print(
        f"## Concurrent clients: {len(texts)} texts of {size} FLORES lines "
        f"from c threads at once, one engine / one argostranslate translation each "
        f"(what a gunicorn worker or LibreTranslate shares between its threads), "
        f"inter_threads {options.inter_threads}; sentences/s\n"
    )
    print("| c | ours | argostranslate | raw ctranslate2 | argostranslate / ours | ours / raw |")
    print("|---:|---:|---:|---:|---:|---:|")
    for clients in CONCURRENT_CLIENTS:
        seconds = {name: _timed_calls(work, texts, clients) for name, work in systems.items()}
        ours, theirs, floor = seconds.values()
        print(
            f"| {clients} | {len(lines) / ours:.1f} | {len(lines) / theirs:.1f} "
            f"| {len(lines) / floor:.1f} | {theirs / ours:.2f} | {ours / floor:.2f} |",
            flush=True,
        )
    print(
        "(seconds ratios; raw: one translate_batch per text over pre-tokenized sentences, "
        "the threads calling one Translator)\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--part",
        default="all",
        choices=[
            "quality",
            "speed",
            "threads",
            "split",
            "concurrent",
            "length-penalty",
            "long",
            "all",
        ],
    )
    parser.add_argument("--package", type=Path, default=None)
    parser.add_argument(
        "--compute-types",
        default="default,int8,float32",
        help="comma-separated; the first is used for speed",
    )
    defaults = TranslateOptions()
    parser.add_argument("--inter-threads", type=int, default=defaults.inter_threads)
    parser.add_argument("--intra-threads", type=int, default=defaults.intra_threads)
    parser.add_argument("--beam", type=int, default=defaults.beam_size)
    parser.add_argument(
        "--concurrent-sentences",
        type=int,
        default=CONCURRENT_SENTENCES,
        help="sentences per text in --part concurrent",
    )
    parser.add_argument("--length-penalties", default="0.2,0.6,1.0")
    parser.add_argument("--joins", default="1,2,3,4,6", help="lines per unit in --part long")
    parser.add_argument(
        "--cut-limits", default="64,96", help="source-token limits compared in --part long"
    )
    args = parser.parse_args()

    source, reference = FLORES / "zho_Hans.dev", FLORES / "eng_Latn.dev"
    if not (source.is_file() and reference.is_file()):
        print(
            f"skipped: {source} or {reference} is absent (../shared/ exists only on the "
            "team's machines)"
        )
        return 0
    zh = source.read_text(encoding="utf-8").splitlines()[: args.limit]
    en = reference.read_text(encoding="utf-8").splitlines()[: args.limit]

    with tempfile.TemporaryDirectory(prefix="translate-bench-") as scratch:
        return run(args, zh, en, Path(scratch))


def run(args: argparse.Namespace, zh: list[str], en: list[str], scratch: Path) -> int:
    package_dir = args.package or find_zhen_package(scratch / "zhen")
    if isinstance(package_dir, str):
        print(f"skipped: {package_dir}")
        return 0
    compute_types = args.compute_types.split(",")
    options = TranslateOptions(
        compute_type=compute_types[0],
        inter_threads=args.inter_threads,
        intra_threads=args.intra_threads,
        beam_size=args.beam,
    )
    print(
        f"package: {package_dir}; ctranslate2 {ctranslate2.__version__}; "
        f"{os.cpu_count()} CPUs; stored/default compute type: "
        f"{ctranslate2.Translator(str(package_dir / 'model')).compute_type}\n"
    )
    argos = (
        argos_translator(package_dir, scratch / "argos", options)
        if args.part in ("quality", "speed", "concurrent", "all")
        else None
    )
    if args.part in ("quality", "all"):
        quality(package_dir, zh, en, options=options, compute_types=compute_types, argos=argos)
    if args.part in ("speed", "all"):
        speed(package_dir, zh, options, argos)
    if args.part in ("threads", "all"):
        threads(package_dir, zh, options)
    if args.part in ("split", "all"):
        split(package_dir, zh, options)
    if args.part in ("concurrent", "all"):
        concurrent(package_dir, zh, options, argos, args.concurrent_sentences)
    if args.part in ("length-penalty", "all"):
        values = [float(value) for value in args.length_penalties.split(",")]
        length_penalty(package_dir, zh, en, options, values)
    if args.part in ("long", "all"):
        joins = [int(value) for value in args.joins.split(",")]
        limits = [int(value) for value in args.cut_limits.split(",")]
        long_units(package_dir, zh, en, options, joins=joins, limits=limits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
