"""Cross-request batching: concurrent callers share model calls and get their own outputs."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from service.translate import Engine, TranslateOptions
from service.translate.batcher import Batcher
from testkit.packages import find_zhen_package


def slow_echo(calls: list[int]) -> object:
    def run(batch: list[list[str]], cap: int) -> list[str]:
        calls.append(len(batch))
        time.sleep(0.05)
        return [" ".join(tokens) + f"/{cap}" for tokens in batch]

    return run


def run_concurrently(batcher: Batcher, jobs: list[list[list[str]]]) -> list[list[str]]:
    results: list[list[str]] = [[] for _ in jobs]

    def call(i: int) -> None:
        results[i] = batcher.translate(jobs[i], cap=10 + i)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_requests_share_calls_and_get_their_own_outputs() -> None:
    calls: list[int] = []
    batcher = Batcher(slow_echo(calls), max_tokens=1000)  # type: ignore[arg-type]
    jobs = [[[f"r{i}", f"s{j}"] for j in range(3)] for i in range(8)]
    results = run_concurrently(batcher, jobs)
    for i, result in enumerate(results):
        assert [r.split("/")[0] for r in result] == [f"r{i} s{j}" for j in range(3)]
    assert sum(calls) == 24
    assert len(calls) < 8, "every request made its own call"


def test_a_shared_call_gets_the_largest_decoding_cap() -> None:
    calls: list[int] = []
    batcher = Batcher(slow_echo(calls), max_tokens=1000, window=0.2)  # type: ignore[arg-type]
    results = run_concurrently(batcher, [[["a"]], [["b"]]])
    assert results == [["a/11"], ["b/11"]]
    assert calls == [2]


def test_the_token_budget_limits_what_one_call_takes() -> None:
    calls: list[int] = []
    batcher = Batcher(slow_echo(calls), max_tokens=4, window=0.2)  # type: ignore[arg-type]
    run_concurrently(batcher, [[["a", "b", "c"]] for _ in range(3)])
    assert calls == [1, 1, 1]


def test_an_error_reaches_every_caller_of_the_call_and_the_next_call_runs() -> None:
    calls: list[int] = []

    def fail_once(batch: list[list[str]], cap: int) -> list[str]:
        calls.append(len(batch))
        if len(calls) == 1:
            raise RuntimeError("model failed")
        return [" ".join(tokens) for tokens in batch]

    batcher = Batcher(fail_once, max_tokens=100, window=0.2)
    errors: list[BaseException] = []

    def call(token: str) -> None:
        try:
            batcher.translate([[token]], cap=5)
        except RuntimeError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(token,)) for token in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [2]  # both callers were in the one failed call
    assert [str(error) for error in errors] == ["model failed", "model failed"]
    assert batcher.translate([["c"]], cap=5) == ["c"]  # and the batcher keeps serving


def test_real_model_gives_the_same_translations_batched_or_not(tmp_path: Path) -> None:
    found = find_zhen_package(tmp_path)
    if isinstance(found, str):
        pytest.skip(found)
    texts = [
        "乌克兰总统在基辅发表讲话。",
        "中国经济增长了百分之五。",
        "市政府宣布新的地铁线路开通。",
        "天气很好。",
    ]
    plain = Engine.from_models_dir(found.parent, TranslateOptions(cross_request_batching=False))
    batched = Engine.from_models_dir(found.parent, TranslateOptions(cross_request_batching=True))
    expected = [plain.translate(text, "zh", "en").text for text in texts]
    results: list[str] = ["" for _ in texts]

    def call(i: int) -> None:
        results[i] = batched.translate(texts[i], "zh", "en").text

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected
