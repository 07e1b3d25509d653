"""What a request did, as the translation engine notes it (``service.observability.context``):
sentences and tokens sent to each model, cache hits and misses, truncations. Run through tiny
random-weight packages decoded by CTranslate2, so the notes come from the real model path."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from service.observability.context import (
    close_request,
    current_request_id,
    current_work,
    note_request,
    open_request,
)
from service.observability.metrics import Metrics
from service.translate import Engine, TranslateOptions
from service.translate.cache import MemoryCache

TEXT = "Ba de fi go. Ku la me ni po. Ru sa te vi zo."


def engine(tiny_dir: Path, **options: int) -> Engine:
    return Engine.from_models_dir(
        tiny_dir, TranslateOptions(beam_size=1, **options), cache=MemoryCache(100)
    )


def test_each_hop_notes_its_sentences_tokens_and_cache_lookups(tiny_dir: Path) -> None:
    translator = engine(tiny_dir)
    uk_en = translator.models[("uk", "en")]
    tokens = sum(
        uk_en.count_tokens(s) for s in ("Ba de fi go.", "Ku la me ni po.", "Ru sa te vi zo.")
    )
    work, opened = open_request("t-1")
    try:
        translator.translate(TEXT, "uk", "zh")
        translator.translate(TEXT, "uk", "zh")
    finally:
        close_request(opened)
    # the second hop gets what the first made of the three: random noise, maybe alike
    second_hop = work.translated_sentences["en-zh"]
    assert work.translated_sentences == {"uk-en": 3, "en-zh": second_hop}
    assert 1 <= second_hop <= 3
    assert work.translated_tokens["uk-en"] == tokens
    assert work.translated_tokens["en-zh"] > 0
    # each hop looks its three sentences up: the first request misses them all, the second
    # finds them all
    assert (work.cache_misses, work.cache_hits) == (6, 6)
    assert current_work() is None


def test_truncated_translations_are_noted_per_pair(tiny_dir: Path) -> None:
    translator = engine(tiny_dir, max_decoding_length=2)
    work, opened = open_request("t-2")
    try:
        result = translator.translate(TEXT, "uk", "en")
    finally:
        close_request(opened)
    assert work.truncated_sentences["uk-en"] == sum(s.truncated for s in result.sentences) > 0
    assert work.truncated


def test_outside_a_request_nothing_is_noted(tiny_dir: Path) -> None:
    note_request(characters=10)
    engine(tiny_dir).translate(TEXT, "uk", "en")
    assert current_work() is None


def test_a_requests_work_becomes_metrics(tiny_dir: Path) -> None:
    translator = engine(tiny_dir, max_decoding_length=2)
    work, opened = open_request("t-3")
    try:
        note_request(route="/v1/translate", characters=len(TEXT), sentences=3)
        translator.translate(TEXT, "uk", "en")
    finally:
        close_request(opened)
    metrics = Metrics()
    metrics.record(work, "POST", 200, 0.02)
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(metrics.exposition().decode())
        for s in family.samples
    }
    route = (("method", "POST"), ("route", "/v1/translate"), ("status", "200"))
    assert samples[("precis_requests_total", route)] == 1
    assert samples[("precis_request_duration_seconds_count", (("route", "/v1/translate"),))] == 1
    assert samples[("precis_sentences_translated_total", (("pair", "uk-en"),))] == 3
    assert samples[("precis_truncated_sentences_total", (("pair", "uk-en"),))] == sum(
        work.truncated_sentences.values()
    )
    assert samples[("precis_cache_misses_total", ())] == 3


def test_nothing_of_a_request_outlives_it_on_the_thread(app: Flask) -> None:
    # Flask's test client never closes the body here: the context must be closed anyway
    response = app.test_client().post("/v1/detect", json={"text": "The minister spoke."})
    assert response.status_code == 200
    assert current_work() is None
    assert current_request_id() is None
