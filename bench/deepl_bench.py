"""What the DeepL dialect costs: /v2/translate against /v1/translate on the same texts, over real
HTTP to one gunicorn with the real zh→en model.

    .venv/bin/python bench/deepl_bench.py                # 40 rounds, sentence cache off
    .venv/bin/python bench/deepl_bench.py --rounds 10 --cache

Each round posts one Chinese text (the sentences of ``tests/data/article-zh.txt`` in turn, and
the whole article) to both routes, the order alternating between rounds, and checks that both
answer the same translation. With the cache off (the default) every request runs the model, as
a first post does; with ``--cache`` every text after the first round is cached, so a request
costs little besides HTTP and the dialect's own work: the worst case for the ratio. Prints the
median and p90 latency of each route and the ratio of the medians (the target: at most 1.05).
Exits 0, saying why, without the zh→en package.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the service is not an installed package

from testkit.packages import find_zhen_package  # noqa: E402
from testkit.servers import gunicorn  # noqa: E402

ARTICLE = ROOT / "tests" / "data" / "article-zh.txt"
WARM_UP = 3


def texts() -> list[str]:
    article = ARTICLE.read_text(encoding="utf-8").strip()
    sentences = [s + "。" for line in article.splitlines() for s in line.split("。") if s.strip()]
    return [*sentences, article]


def native(session: requests.Session, base: str, text: str) -> str:
    body = {"text": text, "source": "zh", "target": "en"}
    answer = _post(session, f"{base}/v1/translate", body)
    translated: str = answer["translations"][0]["text"]
    return translated


def deepl(session: requests.Session, base: str, text: str) -> str:
    body = {"text": [text], "source_lang": "ZH", "target_lang": "EN-US"}
    answer = _post(session, f"{base}/v2/translate", body)
    translated: str = answer["translations"][0]["text"]
    return translated


def _post(session: requests.Session, url: str, body: dict[str, Any]) -> Any:
    response = session.post(url, json=body, timeout=600)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.text[:200]}")
    return response.json()


def measure(base: str, rounds: int) -> dict[str, list[float]]:
    """Seconds per request of each route, rounds interleaved."""
    session = requests.Session()
    samples = texts()
    for text in samples[:WARM_UP]:
        native(session, base, text)
        deepl(session, base, text)
    timings: dict[str, list[float]] = {"/v1/translate": [], "/v2/translate": []}
    routes = [("/v1/translate", native), ("/v2/translate", deepl)]
    for index in range(rounds):
        text = samples[index % len(samples)]
        outputs = []
        for name, call in routes if index % 2 == 0 else routes[::-1]:
            started = time.perf_counter()
            outputs.append(call(session, base, text))
            timings[name].append(time.perf_counter() - started)
        if outputs[0] != outputs[1]:
            raise RuntimeError(f"the routes translated {text!r} differently: {outputs}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=40, help="texts posted to each route")
    parser.add_argument("--cache", action="store_true", help="keep the sentence cache on")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="deepl-bench-") as scratch_name:
        scratch = Path(scratch_name)
        package = find_zhen_package(scratch / "zhen")
        if isinstance(package, str):
            print(f"deepl_bench: {package}")
            return
        models = scratch / "models"
        models.mkdir()
        (models / package.name).symlink_to(package.resolve(), target_is_directory=True)
        env = {
            "PRECIS_MODELS_DIR": str(models),
            "PRECIS_WORKERS": "1",
            "PRECIS_CACHE_ENTRIES": "20000" if args.cache else "0",
        }
        with gunicorn(env) as base:
            timings = measure(base, args.rounds)
    cache = "on" if args.cache else "off"
    print(
        f"{args.rounds} requests per route, interleaved, one gunicorn worker, real zh→en model, "
        f"sentence cache {cache}\n"
    )
    print("| route | median | p90 |")
    print("| --- | --- | --- |")
    medians = {}
    for name, seconds in timings.items():
        medians[name] = statistics.median(seconds)
        p90 = statistics.quantiles(seconds, n=10)[-1] if len(seconds) > 1 else seconds[0]
        print(f"| `{name}` | {medians[name] * 1000:.1f} ms | {p90 * 1000:.1f} ms |")
    ratio = medians["/v2/translate"] / medians["/v1/translate"]
    print(f"\n/v2 / /v1 median: {ratio:.3f} (target: at most 1.05)")


if __name__ == "__main__":
    main()
