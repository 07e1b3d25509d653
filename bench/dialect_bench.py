"""What the LibreTranslate dialect costs over the native API: the same Chinese texts posted to
``POST /translate`` (LibreTranslate's fields, as a form like ``libretranslatepy`` and as JSON)
and to ``POST /v1/translate``, interleaved, on one real gunicorn (real zh→en package, sentence
cache off so every request decodes). Goal: the dialect within 1.05x of the native route.

Run from the project root (FLORES zh dev is read from ``../shared/eval/flores/``, else the
paragraphs of ``tests/data/article-zh.txt``; without the zh→en package the script says so and
exits 0)::

    python bench/dialect_bench.py [--texts 20] [--rounds 3] [--sentences 3]

Each text holds ``--sentences`` consecutive lines. Per round, each text goes to the three
routes in a rotating order (so none always runs first on a warm model). Printed: the median
and p90 milliseconds per request of each route and each dialect's ratio to the native one, for
zh→en and for zh→zh (target = source: no model runs, so the row is the HTTP, parsing and
rendering alone).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FLORES = PROJECT_ROOT.parent / "shared" / "eval" / "flores" / "zho_Hans.dev"
FALLBACK = PROJECT_ROOT / "tests" / "data" / "article-zh.txt"

sys.path.insert(0, str(PROJECT_ROOT))  # the service is not an installed package

from testkit.packages import find_zhen_package  # noqa: E402
from testkit.servers import gunicorn  # noqa: E402

#: posts one text from source to target, returns the translation
Post = Callable[[requests.Session, str, str, str, str], str]


def lt_form(session: requests.Session, base: str, text: str, source: str, target: str) -> str:
    data = {"q": text, "source": source, "target": target}
    response = session.post(f"{base}/translate", data=data, timeout=300)
    response.raise_for_status()
    return str(response.json()["translatedText"])


def lt_json(session: requests.Session, base: str, text: str, source: str, target: str) -> str:
    body = {"q": text, "source": source, "target": target}
    response = session.post(f"{base}/translate", json=body, timeout=300)
    response.raise_for_status()
    return str(response.json()["translatedText"])


def native(session: requests.Session, base: str, text: str, source: str, target: str) -> str:
    body = {"text": text, "source": source, "target": target}
    response = session.post(f"{base}/v1/translate", json=body, timeout=300)
    response.raise_for_status()
    return str(response.json()["translations"][0]["text"])


ROUTES: dict[str, Post] = {
    "/v1/translate (JSON)": native,
    "/translate (form)": lt_form,
    "/translate (JSON)": lt_json,
}


def texts(count: int, sentences: int) -> list[str]:
    lines = (
        FLORES.read_text(encoding="utf-8").splitlines()
        if FLORES.exists()
        else [p for p in FALLBACK.read_text(encoding="utf-8").split("\n") if p.strip()]
    )
    groups = [
        "".join(lines[i : i + sentences]) for i in range(0, len(lines) - sentences + 1, sentences)
    ]
    return groups[:count]


def measure(
    base: str, samples: list[str], rounds: int, source: str, target: str
) -> dict[str, list[float]]:
    """Milliseconds per request of each route, interleaved text by text."""
    times: dict[str, list[float]] = {name: [] for name in ROUTES}
    names = list(ROUTES)
    with requests.Session() as session:
        for name in names:  # warm-up: first calls load lazily built parts
            ROUTES[name](session, base, samples[0], source, target)
        for round_ in range(rounds):
            for index, text in enumerate(samples):
                shift = (round_ + index) % len(names)
                outputs = set()
                for name in names[shift:] + names[:shift]:
                    start = time.perf_counter()
                    outputs.add(ROUTES[name](session, base, text, source, target))
                    times[name].append((time.perf_counter() - start) * 1000)
                if len(outputs) != 1:
                    print(f"note: the routes translated text {index} differently")
    return times


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def report(title: str, times: dict[str, list[float]]) -> None:
    base = statistics.median(times["/v1/translate (JSON)"])
    print(f"\n### {title}\n")
    print("| route | requests | median ms | p90 ms | median / native |")
    print("|---|---|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"| {name} | {len(values)} | {median:.1f} | {p90(values):.1f} | {median / base:.3f} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=20, help="texts per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sentences", type=int, default=3, help="sentences per text")
    args = parser.parse_args()
    found = find_zhen_package(Path("/tmp") / "precis-dialect-bench")
    if isinstance(found, str):
        print(f"skipped: {found}")
        return 0
    samples = texts(args.texts, args.sentences)
    print(
        f"{len(samples)} texts of {args.sentences} sentences "
        f"({'FLORES zh dev' if FLORES.exists() else FALLBACK.name}), {args.rounds} rounds, "
        "1 worker, sentence cache off, one client"
    )
    env = {
        "PRECIS_MODELS_DIR": str(found.parent),
        "PRECIS_WORKERS": "1",
        "PRECIS_CACHE_ENTRIES": "0",
    }
    with gunicorn(env) as base:
        report("zh→en (the model decodes)", measure(base, samples, args.rounds, "zh", "en"))
        report(
            "zh→zh (no model: HTTP, parsing and rendering alone)",
            measure(base, samples, args.rounds, "zh", "zh"),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
