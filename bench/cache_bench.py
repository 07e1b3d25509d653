"""What the sentence cache saves when a CMS re-posts an edited article (real zh→en package).

Run from the project root (FLORES is read from ``../shared/eval/flores/``; without it, or
without the zh→en package, the script says so and exits 0)::

    python bench/cache_bench.py [--rounds 3] [--no-flask]

The article is 50 FLORES dev lines in 10 paragraphs of 5, joined without spaces as Chinese is
written; the edit replaces one paragraph with 5 other lines. For each cache (none, the in-process
LRU, Redis on a ``redis-server`` started here on a free port) and each round, a fresh cache
sees: the first post, the re-post with one paragraph changed, and the same text again. Printed:
the median wall time of each, the sentences sent to the model, and the re-post/first ratio.
Through the Flask test client the same runs go through ``POST /v1/translate``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FLORES = PROJECT_ROOT.parent / "shared" / "eval" / "flores" / "zho_Hans.dev"
PARAGRAPHS, PARAGRAPH_LINES = 10, 5
EDITED_PARAGRAPH = 4

sys.path.insert(0, str(PROJECT_ROOT))  # the service is not an installed package

from service import create_app  # noqa: E402
from service.runtime import EXTENSION_KEY, Runtime  # noqa: E402
from service.translate import Engine, LoadedModel, TranslateOptions  # noqa: E402
from service.translate.cache import MemoryCache, RedisCache, SentenceCache  # noqa: E402
from testkit.packages import find_zhen_package  # noqa: E402
from testkit.redis_server import redis_server  # noqa: E402

#: a fresh cache for round i (None: no cache)
CacheFactory = Callable[[int], SentenceCache | None]
#: a translate function over a fresh cache, and the models it translates with
Round = tuple[Callable[[str], Any], list[LoadedModel]]


def sentences_sent(models: Iterable[LoadedModel]) -> int:
    """Sentences these models have sent to CTranslate2 so far."""
    return sum(model.sentences_translated for model in models)


def articles(lines: list[str]) -> tuple[str, str]:
    """The article and its edit (one paragraph replaced by the next FLORES lines)."""
    size = PARAGRAPHS * PARAGRAPH_LINES
    paragraphs = [lines[i : i + PARAGRAPH_LINES] for i in range(0, size, PARAGRAPH_LINES)]
    edited = list(paragraphs)
    edited[EDITED_PARAGRAPH] = lines[size : size + PARAGRAPH_LINES]
    return ("\n\n".join("".join(p) for p in paragraphs), "\n\n".join("".join(p) for p in edited))


def timed(
    models: Sequence[LoadedModel], translate: Callable[[str], Any], text: str
) -> tuple[float, int]:
    """Seconds to translate ``text``, and the sentences the models sent to CTranslate2 for it."""
    before = sentences_sent(models)
    start = time.perf_counter()
    translate(text)
    return time.perf_counter() - start, sentences_sent(models) - before


def run(
    name: str, translate_for_round: Callable[[int], Round], texts: tuple[str, str], rounds: int
) -> None:
    """``translate_for_round(i)`` gives a translate function over a fresh cache, and its
    models."""
    first, edited = texts
    times: dict[str, list[float]] = {"first": [], "edited": [], "same": []}
    counts: dict[str, int] = {}
    for round_index in range(rounds):
        translate, models = translate_for_round(round_index)
        for label, text in [("first", first), ("edited", edited), ("same", edited)]:
            seconds, sentences = timed(models, translate, text)
            times[label].append(seconds)
            counts[label] = sentences
    medians = {label: statistics.median(values) for label, values in times.items()}
    print(
        f"| {name} | {medians['first']:.2f} s ({counts['first']}) "
        f"| {medians['edited']:.2f} s ({counts['edited']}) "
        f"| {medians['same']:.3f} s ({counts['same']}) "
        f"| {medians['edited'] / medians['first']:.2f} |",
        flush=True,
    )


def engine_runs(
    package_dir: Path, caches: list[tuple[str, CacheFactory]], texts: tuple[str, str], rounds: int
) -> None:
    model = LoadedModel(package_dir, TranslateOptions())
    model.translate_sentences(["预热一下。"])  # the first CTranslate2 call allocates

    for name, make_cache in caches:

        def for_round(index: int, make_cache: CacheFactory = make_cache) -> Round:
            engine = Engine([model], cache=make_cache(index))
            return (lambda text: engine.translate(text, "zh", "en")), [model]

        run(f"Engine, {name}", for_round, texts, rounds)


def flask_runs(
    package_dir: Path,
    configs: list[tuple[str, dict[str, Any]]],
    texts: tuple[str, str],
    rounds: int,
    *,
    scratch: Path,
) -> None:
    models_dir = scratch / "models"
    models_dir.mkdir()
    (models_dir / package_dir.name).symlink_to(package_dir.resolve(), target_is_directory=True)
    for name, config in configs:

        def for_round(index: int, config: dict[str, Any] = config) -> Round:
            if config.get("cache_url"):
                _flush(config["cache_url"])
            app = create_app({"models_dir": models_dir, **config})
            client = app.test_client()
            _post(client, "预热一下。")
            runtime: Runtime = app.extensions[EXTENSION_KEY]
            return (lambda text: _post(client, text)), list(runtime.engine.models.values())

        run(f"POST /v1/translate, {name}", for_round, texts, rounds)


def _post(client: Any, text: str) -> Any:
    response = client.post("/v1/translate", json={"text": text, "source": "zh", "target": "en"})
    if response.status_code != 200:
        raise RuntimeError(f"/v1/translate answered {response.status_code}: {response.json}")
    return response


def _flush(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-flask", action="store_true", help="in-process Engine only")
    args = parser.parse_args()
    if not FLORES.is_file():
        print(f"cache_bench: {FLORES} is absent; nothing to measure")
        return
    scratch_dir = tempfile.TemporaryDirectory(prefix="cache-bench-")
    scratch = Path(scratch_dir.name)
    package_dir = find_zhen_package(scratch / "zhen")
    if isinstance(package_dir, str):
        print(f"cache_bench: {package_dir}")
        return
    lines = FLORES.read_text(encoding="utf-8").splitlines()
    texts = articles(lines)
    has_redis = shutil.which("redis-server") is not None
    redis_context: AbstractContextManager[str | None] = (
        redis_server() if has_redis else nullcontext(None)
    )

    print(
        f"article: {PARAGRAPHS} paragraphs of {PARAGRAPH_LINES} FLORES lines, paragraph "
        f"{EDITED_PARAGRAPH + 1} replaced in the edit; median of {args.rounds} rounds, each "
        "with a fresh cache; (n) = sentences sent to the model\n"
    )
    print(
        "| path, cache | first post | re-post, 1 paragraph edited | same text again "
        "| re-post / first |"
    )
    print("| --- | --- | --- | --- | --- |")
    with redis_context as url:
        caches: list[tuple[str, CacheFactory]] = [
            ("no cache", lambda _i: None),
            ("MemoryCache", lambda _i: MemoryCache(20000)),
        ]
        configs: list[tuple[str, dict[str, Any]]] = [
            ("no cache", {"cache_entries": 0}),
            ("MemoryCache", {"cache_entries": 20000}),
        ]
        if url is not None:
            caches.append(("RedisCache", lambda i: RedisCache(url, 600, f"bench:{i}:")))
            configs.append(("RedisCache", {"cache_url": url, "cache_ttl": 600}))
        engine_runs(package_dir, caches, texts, args.rounds)
        if not args.no_flask:
            flask_runs(package_dir, configs, texts, args.rounds, scratch=scratch)
    if url is None:
        print("\nRedisCache skipped: redis-server is not installed")
    scratch_dir.cleanup()


if __name__ == "__main__":
    main()
