"""Admission lanes (``service.admission``): slots, a bounded queue, refusals at once; and the
app's use of them (``service.api.admission``): which routes take which lane, what a refused
request gets on each API dialect, and that probes are never refused. Real gunicorn:
``test_overload.py``."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask

from service import create_app
from service.admission import Lane, Lanes, QueueLimits
from service.errors import Overloaded

from .conftest import CheckedClient
from .contract import Contract
from .fakes import FakeClock, fake_runtime


def test_a_lane_admits_up_to_its_slots_at_once() -> None:
    lane = Lane("translation", slots=2, waiting=0, max_wait=5)
    first, second = lane.enter(), lane.enter()
    assert lane.running == 2
    lane.leave(first)
    lane.leave(second)
    assert lane.running == 0


def test_with_its_slots_taken_and_no_queue_a_lane_refuses_at_once_saying_when_to_retry() -> None:
    lane = Lane("translation", slots=1, waiting=0, max_wait=5)
    lane.enter()
    started = time.monotonic()
    with pytest.raises(Overloaded, match="busy with translation requests") as refused:
        lane.enter()
    assert time.monotonic() - started < 0.5
    assert refused.value.retry_after is not None
    assert refused.value.retry_after >= 1
    assert lane.refused == 1


def test_a_queued_request_gets_the_slot_given_back() -> None:
    lane = Lane("translation", slots=1, waiting=1, max_wait=30)
    held = lane.enter()
    got = threading.Event()

    def wait_for_a_slot() -> None:
        lane.enter()
        got.set()

    waiter = threading.Thread(target=wait_for_a_slot)
    waiter.start()
    while lane.queued == 0:
        time.sleep(0.01)
    assert not got.is_set()
    lane.leave(held)
    waiter.join(10)
    assert got.is_set()
    assert lane.running == 1
    assert lane.queued == 0


def test_beyond_its_queue_a_lane_refuses_at_once() -> None:
    lane = Lane("translation", slots=1, waiting=1, max_wait=30)
    held = lane.enter()
    waiter = threading.Thread(target=lane.enter)
    waiter.start()
    while lane.queued == 0:
        time.sleep(0.01)
    started = time.monotonic()
    with pytest.raises(Overloaded, match="1 requests wait already"):
        lane.enter()
    assert time.monotonic() - started < 0.5
    lane.leave(held)
    waiter.join(10)
    assert lane.running == 1


def test_a_queued_request_is_refused_when_no_slot_comes_within_max_wait() -> None:
    lane = Lane("translation", slots=1, waiting=4, max_wait=0.2)
    lane.enter()
    with pytest.raises(Overloaded, match=r"none came free in 0\.2 s"):
        lane.enter()
    assert lane.queued == 0


def test_a_request_waits_no_longer_than_its_deadline_leaves_it() -> None:
    lane = Lane("translation", slots=1, waiting=4, max_wait=30)
    lane.enter()
    started = time.monotonic()
    with pytest.raises(Overloaded, match=r"in 0\.1 s"):
        lane.enter(patience=0.1)
    assert time.monotonic() - started < 5


def test_a_request_expected_to_wait_longer_than_max_wait_is_refused_at_once() -> None:
    clock = FakeClock()
    lane = Lane("translation", slots=1, waiting=10, max_wait=5, clock=clock)
    ticket = lane.enter()
    clock.advance(8)  # requests hold the slot 8 s
    lane.leave(ticket)
    lane.enter()
    lane.queued = 1  # one request waits already: 8 s expected, over the 5 s it may wait
    with pytest.raises(Overloaded) as refused:
        lane.enter()
    assert refused.value.retry_after == 8
    assert lane.queued == 1


def test_the_lanes_are_independent() -> None:
    limits = QueueLimits(heavy=1, light=1, heavy_waiting=0, light_waiting=0, max_wait=1)
    lanes = Lanes.from_limits(limits)
    lanes.heavy.enter()
    with pytest.raises(Overloaded):
        lanes.heavy.enter()
    lanes.light.enter()  # a summary still has its slot


def test_threads_needed_cover_every_slot_and_queue_place_plus_a_spare() -> None:
    limits = QueueLimits(heavy=2, light=2, heavy_waiting=4, light_waiting=16)
    assert limits.threads_needed() == 25


# --- the app ----------------------------------------------------------------------------


@pytest.fixture
def app() -> Flask:
    """An app of fake models whose lanes have one slot each and no queue."""
    limits = QueueLimits(heavy=1, light=1, heavy_waiting=0, light_waiting=0, max_wait=1)
    return create_app({"queue": limits}, runtime=fake_runtime("zh-en"))


@pytest.fixture
def client(app: Flask, contract: Contract) -> CheckedClient:
    return CheckedClient(app.test_client(), contract)


@pytest.fixture
def heavy_lane_full(app: Flask) -> Iterator[Lanes]:
    lanes: Lanes = app.extensions["precis.lanes"]
    ticket = lanes.heavy.enter()
    yield lanes
    lanes.heavy.leave(ticket)


TRANSLATE = {"text": "你好。", "source": "zh", "target": "en"}


def test_with_the_heavy_lane_full_a_translation_is_a_503_problem_with_retry_after(
    client: CheckedClient, heavy_lane_full: Lanes
) -> None:
    response = client.post("/v1/translate", json=TRANSLATE)
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["type"] == "urn:precis:problem:overloaded"
    assert int(response.headers["Retry-After"]) >= 1


def test_with_the_heavy_lane_full_summaries_detection_and_probes_are_served(
    client: CheckedClient, heavy_lane_full: Lanes
) -> None:
    text = "The first sentence is here. The second one follows. A third ends it."
    assert client.post("/v1/summarize", json={"text": text}).status_code == 200
    assert client.post("/v1/detect", json={"text": text}).status_code == 200
    assert client.post("/v1/articles", json={"text": text}).status_code == 200
    for probe in ("/healthz", "/readyz", "/openapi.yaml"):
        assert client.get(probe).status_code == 200


def test_an_article_with_targets_takes_the_heavy_lane(
    client: CheckedClient, heavy_lane_full: Lanes
) -> None:
    response = client.post("/v1/articles", json={"text": "你好。", "targets": ["en"]})
    assert response.status_code == 503


def test_with_the_light_lane_full_probes_are_still_served(
    app: Flask, client: CheckedClient
) -> None:
    lanes: Lanes = app.extensions["precis.lanes"]
    ticket = lanes.light.enter()
    try:
        assert client.post("/v1/detect", json={"text": "Hello there."}).status_code == 503
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
    finally:
        lanes.light.leave(ticket)


def test_libretranslate_and_deepl_refuse_in_their_own_shape_with_retry_after(
    client: CheckedClient, heavy_lane_full: Lanes
) -> None:
    lt = client.post("/translate", json={"q": "你好。", "source": "zh", "target": "en"})
    assert lt.status_code == 503
    assert "busy" in lt.get_json()["error"]
    deepl = client.post("/v2/translate", json={"text": ["你好。"], "target_lang": "EN"})
    assert deepl.status_code == 503
    assert "busy" in deepl.get_json()["message"]
    assert int(lt.headers["Retry-After"]) >= 1
    assert int(deepl.headers["Retry-After"]) >= 1


def test_a_served_request_gives_its_slot_back(app: Flask, client: CheckedClient) -> None:
    lanes: Lanes = app.extensions["precis.lanes"]
    for _ in range(3):  # one slot, no queue: each would be refused if the last kept it
        assert client.post("/v1/translate", json=TRANSLATE).status_code == 200
    assert lanes.heavy.running == 0
