"""The sentence translation cache: the LRU itself, its keys, the engine translating only what
it has not seen (on the plain path and the HTML path), and the Redis backend against a real
``redis-server`` the tests start (and stop) themselves on a free loopback port. Without
``redis-server`` the Redis tests skip."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import redis

from service.config import Settings
from service.markup import translate_html
from service.translate import Engine, LoadedModel, Result, TranslateOptions
from service.translate.cache import (
    REDIS_PREFIX,
    CacheKey,
    MemoryCache,
    NoCache,
    RedisCache,
    SentenceCache,
    build_cache,
    cache_keys,
    options_key,
)
from service.translate.model import Aligned
from testkit.packages import install_tiny
from testkit.redis_server import redis_server

from .fakes import fake, fake_engine

# Capitalised made-up words (the splitter does not end a sentence before a lower-case word);
# "!" because some of them end in "." read as abbreviations.
WORDS = ["Ba", "de", "fi", "go", "ku", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo"]
ZH_TEXT = (
    "乌克兰总统泽连斯基周二在基辅会见了欧洲领导人。他们讨论了能源安全问题。\n\n"
    "市政府宣布新的地铁线路开通。乘客表示欢迎。"
)


def _key(sentence: str, model: str = "m:1.0", options: str = "o") -> CacheKey:
    return CacheKey(model, options, sentence)


def _sentences(count: int, salt: str = "") -> list[str]:
    """``count`` distinct made-up sentences."""
    return [
        " ".join([*WORDS[: 2 + i % 12], WORDS[(i // 12) % 14].lower(), salt]).strip() + "!"
        for i in range(count)
    ]


def _article(paragraphs: Sequence[Sequence[str]]) -> str:
    return "\n\n".join(" ".join(sentences) for sentences in paragraphs)


def _tiny_engine(tiny_dir: Path, cache: SentenceCache | None) -> Engine:
    options = TranslateOptions(max_decoding_length=12, beam_size=1, intra_threads=1)
    return Engine.from_models_dir(tiny_dir, options, cache=cache)


# --- the in-process LRU --------------------------------------------------------------------


def test_lru_holds_at_most_max_entries_and_evicts_the_least_recently_used() -> None:
    cache = MemoryCache(3)
    cache.set_many({_key(s): Result(s.upper(), False) for s in ["a", "b", "c"]})
    assert cache.get_many([_key("a")]) == {_key("a"): Result("A", False)}  # a is now newest
    cache.set_many({_key("d"): Result("D", True)})
    assert len(cache) == 3
    assert set(cache.get_many([_key(s) for s in "abcd"])) == {_key("a"), _key("c"), _key("d")}
    cache.set_many({_key("e"): Result("E", False), _key("f"): Result("F", False)})
    # the lookup above touched a, c, d in that order: a and c are the oldest now
    assert set(cache.get_many([_key(s) for s in "abcdef"])) == {_key("d"), _key("e"), _key("f")}


def test_lru_gives_back_an_aligned_entry_as_it_was_stored_and_a_plain_one_plain() -> None:
    cache = MemoryCache(10)
    aligned = Aligned("Hello world.", True, ((0, 5, 3, 9), (6, 12, 0, 3)), ((6, 12, 0, 3),))
    cache.set_many({_key("a"): aligned, _key("b"): Result("Hi.", False)})
    found = cache.get_many([_key("a"), _key("b")])
    assert found[_key("a")] == aligned
    assert isinstance(found[_key("a")], Aligned)
    assert found[_key("b")] == Result("Hi.", False)
    assert not isinstance(found[_key("b")], Aligned)


def test_lru_counts_hits_and_misses() -> None:
    cache = MemoryCache(10)
    cache.set_many({_key("a"): Result("A", False)})
    cache.get_many([_key("a"), _key("b"), _key("a")])
    assert (cache.hits, cache.misses) == (2, 1)


def test_lru_stays_consistent_under_concurrent_threads() -> None:
    cache = MemoryCache(100)
    errors: list[BaseException] = []
    rounds, threads = 500, 8

    def work(seed: int) -> None:
        try:
            for i in range(rounds):
                keys = [_key(str((seed * 7 + i * 13 + j) % 300)) for j in range(5)]
                cache.set_many({key: Result(key.sentence, False) for key in keys[:3]})
                for key, result in cache.get_many(keys).items():
                    assert result.text == key.sentence
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(seed,)) for seed in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert len(cache) == 100
    assert cache.hits + cache.misses == rounds * threads * 5


def test_zero_entries_builds_no_cache_the_default_an_lru_and_negative_entries_fail() -> None:
    assert isinstance(build_cache(Settings(cache_entries=0)), NoCache)
    default = build_cache(Settings())
    assert isinstance(default, MemoryCache)
    assert default.max_entries == 20000
    with pytest.raises(ValueError, match="PRECIS_CACHE_ENTRIES"):
        build_cache(Settings(cache_entries=-1))


# --- keys ------------------------------------------------------------------------------------


def test_key_changes_with_the_options_that_change_output_only() -> None:
    base = options_key(TranslateOptions())
    assert options_key(TranslateOptions()) == base
    for changed in [
        TranslateOptions(beam_size=2),
        TranslateOptions(length_penalty=1.0),
        TranslateOptions(compute_type="float32"),
        TranslateOptions(max_decoding_length=64),
        TranslateOptions(no_repeat_ngram_size=3),
    ]:
        assert options_key(changed) != base, changed
    for same in [
        TranslateOptions(inter_threads=2),
        TranslateOptions(intra_threads=4),
        TranslateOptions(batch_tokens=64),
    ]:
        assert options_key(same) == base, same


def test_key_changes_with_the_model_version(tmp_path: Path) -> None:
    old = LoadedModel(install_tiny(tmp_path / "old", "en", "zh", version="1.0"))
    new = LoadedModel(install_tiny(tmp_path / "new", "en", "zh", version="1.1"))
    assert cache_keys(old, ["Ba de!"]) != cache_keys(new, ["Ba de!"])
    assert cache_keys(old, ["Ba de!"]) == cache_keys(old, ["Ba de!"])


# --- the engine ------------------------------------------------------------------------------


def test_reposting_an_edited_article_translates_only_the_changed_sentences() -> None:
    engine = fake_engine("en-zh", cache=MemoryCache(1000))
    counter = fake(engine, "en", "zh")
    paragraphs = [_sentences(40)[i : i + 4] for i in range(0, 40, 4)]
    first = engine.translate(_article(paragraphs), "en", "zh")
    assert [len(call) for call in counter.take_calls()] == [40]

    edited = [list(p) for p in paragraphs]
    edited[3] = _sentences(4, salt="vi")  # one paragraph rewritten
    edited[7][1] = "Zo zo ba!"  # one sentence edited
    second = engine.translate(_article(edited), "en", "zh")
    assert counter.take_calls() == [[*edited[3], "Zo zo ba!"]]  # one call, the 5 new sentences
    assert len(second.sentences) == 40
    unchanged = [i for i in range(40) if i // 4 != 3 and i != 29]
    assert [second.sentences[i].text for i in unchanged] == [
        first.sentences[i].text for i in unchanged
    ]


def test_repeated_sentences_are_translated_once_and_both_pivot_hops_are_cached() -> None:
    engine = fake_engine("uk-en", "en-zh", cache=MemoryCache(1000))
    hops = [fake(engine, "uk", "en"), fake(engine, "en", "zh")]
    text = "Ba de fi! Go ku! Ba de fi!"
    first = engine.translate(text, "uk", "zh")
    assert hops[0].take_calls() == [["Ba de fi!", "Go ku!"]]
    assert hops[1].take_calls() == [["en(Ba de fi!)", "en(Go ku!)"]]
    assert engine.translate(text, "uk", "zh") == first
    assert [hop.take_calls() for hop in hops] == [[], []]


def test_engine_without_a_cache_translates_every_time() -> None:
    for cache in (None, NoCache()):
        engine = fake_engine("en-zh", cache=cache)
        counter = fake(engine, "en", "zh")
        engine.translate("Ba de! Fi go!", "en", "zh")
        engine.translate("Ba de! Fi go!", "en", "zh")
        assert counter.take_calls() == [["Ba de!", "Fi go!"]] * 2


def test_real_model_output_with_the_cache_equals_output_without(zhen_package: Path) -> None:
    options = TranslateOptions(intra_threads=1)
    plain = Engine([LoadedModel(zhen_package, options)])
    model = LoadedModel(zhen_package, options)
    cached = Engine([model], cache=MemoryCache(100))
    expected = plain.translate(ZH_TEXT, "zh", "en")
    assert "Ukrain" in expected.text
    assert cached.translate(ZH_TEXT, "zh", "en") == expected
    assert model.sentences_translated == 4
    assert cached.translate(ZH_TEXT, "zh", "en") == expected
    assert model.sentences_translated == 4  # the second post translates 0 sentences


# --- the HTML path ---------------------------------------------------------------------------


def test_the_html_path_is_cached_and_a_repost_translates_only_the_changed_sentences() -> None:
    engine = fake_engine("en-zh", cache=MemoryCache(1000))
    counter = fake(engine, "en", "zh")
    markup = "<p>Ba <b>de</b> fi! Go ku!</p><p>La me ni!</p>"
    [first] = translate_html(engine, [markup], "en", "zh")
    assert counter.take_calls() == [["Ba de fi!", "Go ku!", "La me ni!"]]
    [again] = translate_html(engine, [markup], "en", "zh")
    assert counter.take_calls() == []
    assert again == first
    # the same sentence in other markup: its cached alignment places the new element
    [moved] = translate_html(engine, ["<p><i>Ba de</i> fi! Go ku!</p><p>La me po!</p>"], "en", "zh")
    assert counter.take_calls() == [["La me po!"]]
    assert moved.text == "<p>zh(<i>Ba de</i> fi!)zh(Go ku!)</p><p>zh(La me po!)</p>"


def test_an_aligned_entry_serves_the_plain_path_and_a_plain_one_is_aligned_once() -> None:
    engine = fake_engine("en-zh", cache=MemoryCache(1000))
    counter = fake(engine, "en", "zh")
    translate_html(engine, ["<p>Ba de! <b>Fi</b> go!</p>"], "en", "zh")
    counter.take_calls()
    assert engine.translate("Ba de! Fi go!", "en", "zh").text == "zh(Ba de!)zh(Fi go!)"
    assert counter.take_calls() == []
    engine.translate("Ku la! Me ni!", "en", "zh")
    counter.take_calls()
    # a plain entry holds no alignment: the HTML path translates the sentence once more, aligned
    translate_html(engine, ["<p><b>Ku</b> la! Me ni!</p>"], "en", "zh")
    assert counter.take_calls() == [["Ku la!", "Me ni!"]]
    translate_html(engine, ["<p>Ku <b>la</b>! Me ni!</p>"], "en", "zh")
    assert counter.take_calls() == []


def test_both_hops_of_a_pivot_html_translation_are_cached() -> None:
    engine = fake_engine("uk-en", "en-zh", cache=MemoryCache(1000))
    hops = [fake(engine, "uk", "en"), fake(engine, "en", "zh")]
    markup = "<p>Ba <b>de</b> fi! Go ku!</p>"
    [first] = translate_html(engine, [markup], "uk", "zh")
    assert [len(hop.take_calls()) for hop in hops] == [1, 1]
    assert translate_html(engine, [markup], "uk", "zh") == [first]
    assert [hop.take_calls() for hop in hops] == [[], []]
    assert first.text == "<p>zh(en(Ba <b>de</b> fi!))zh(en(Go ku!))</p>"


def test_real_model_html_and_plain_output_with_the_cache_equal_output_without(
    zhen_package: Path,
) -> None:
    options = TranslateOptions(intra_threads=1)
    plain = Engine([LoadedModel(zhen_package, options)])
    model = LoadedModel(zhen_package, options)
    cached = Engine([model], cache=MemoryCache(100))
    markup = "<p>" + ZH_TEXT.replace("泽连斯基", "<b>泽连斯基</b>").replace("\n\n", "</p><p>")
    expected_html = translate_html(plain, [markup], "zh", "en")
    assert translate_html(cached, [markup], "zh", "en") == expected_html
    assert model.sentences_translated == 4
    assert translate_html(cached, [markup], "zh", "en") == expected_html
    # the plain path reads the HTML path's entries: nothing translated, the same text
    assert cached.translate(ZH_TEXT, "zh", "en") == plain.translate(ZH_TEXT, "zh", "en")
    assert model.sentences_translated == 4


# --- Redis -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


def test_redis_cache_is_shared_between_two_replicas_and_entries_get_the_ttl(
    tiny_dir: Path, redis_url: str
) -> None:
    prefix = "test:shared:"
    replicas = [_tiny_engine(tiny_dir, RedisCache(redis_url, 60, prefix)) for _ in range(2)]
    models = [engine.models[("en", "zh")] for engine in replicas]
    text = _article([_sentences(6)[:3], _sentences(6)[3:]])
    first = replicas[0].translate(text, "en", "zh")
    assert models[0].sentences_translated == 6
    assert replicas[1].translate(text, "en", "zh") == first
    assert models[1].sentences_translated == 0

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=prefix + "*"))
    assert len(keys) == 6
    assert all(0 < client.ttl(key) <= 60 for key in keys)
    client.close()


def test_redis_keeps_the_html_paths_alignments_for_another_replica(
    tiny_dir: Path, redis_url: str
) -> None:
    replicas = [_tiny_engine(tiny_dir, RedisCache(redis_url, 60, "test:html:")) for _ in range(2)]
    models = [engine.models[("en", "zh")] for engine in replicas]
    markup = "<p>Ba <b>de</b> fi! Go ku!</p>"
    first = translate_html(replicas[0], [markup], "en", "zh")
    assert models[0].sentences_translated == 2
    assert translate_html(replicas[1], [markup], "en", "zh") == first
    assert models[1].sentences_translated == 0
    key = cache_keys(models[1], ["Ba de fi!"])[0]
    [entry] = replicas[1].cache.get_many([key]).values()  # type: ignore[union-attr]
    assert isinstance(entry, Aligned)
    assert entry.links


def test_build_cache_uses_redis_when_a_url_is_set(redis_url: str) -> None:
    cache = build_cache(Settings(cache_url=redis_url, cache_ttl=30))
    assert isinstance(cache, RedisCache)
    assert (cache.ttl_seconds, cache.prefix) == (30, REDIS_PREFIX)


def test_redis_down_at_request_time_still_translates_and_warns_once(
    tiny_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with redis_server() as url:
        engine = _tiny_engine(tiny_dir, RedisCache(url, 60, "test:down:"))
        model = engine.models[("en", "zh")]
        first = engine.translate("Ba de! Fi go!", "en", "zh")
    caplog.set_level(logging.WARNING, logger="service.translate.cache")
    assert engine.translate("Ba de! Fi go!", "en", "zh") == first  # a miss: translated again
    assert model.sentences_translated == 2 + 2
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "unreachable" in warnings[0].getMessage()
    engine.translate("Go ku la!", "en", "zh")  # within the back-off: no new attempt, no warning
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1


def test_unreachable_redis_at_start_up_logs_a_warning_with_the_password_masked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    caplog.set_level(logging.WARNING, logger="service.translate.cache")
    cache = build_cache(Settings(cache_url=f"redis://user:secret@127.0.0.1:{port}/0"))
    assert isinstance(cache, RedisCache)
    [warning] = caplog.records
    assert f"redis://user:***@127.0.0.1:{port}/0" in warning.getMessage()
    assert "secret" not in warning.getMessage()
    assert cache.get_many([_key("a")]) == {}


def test_malformed_cache_url_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="PRECIS_CACHE_URL"):
        build_cache(Settings(cache_url="http://127.0.0.1:6379"))
