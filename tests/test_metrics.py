"""/metrics from a real two-worker gunicorn, parsed with Prometheus' own parser: what both
workers served adds up in one scrape, whichever worker answers it. Plus the single-process
mode of the Flask test client."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from testkit.servers import gunicorn

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
DETECT = ("precis_requests_total", {"route": "/v1/detect", "method": "POST", "status": "200"})


def parse(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, labels: dict[str, str] | None = None) -> float:
    return samples.get((name, frozenset((labels or {}).items())), 0.0)


class Served:
    def __init__(self, base: str, log: Path) -> None:
        self.base = base
        self.log = log

    def scrape(self) -> Samples:
        response = requests.get(f"{self.base}/metrics", timeout=30)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        return parse(response.text)

    def pids_of(self, request_ids: set[str]) -> set[int]:
        """The worker pids whose access lines carry one of ``request_ids``."""
        pids = set()
        for line in self.log.read_text().splitlines():
            record = json.loads(line)
            if record["logger"] == "gunicorn.access" and record.get("request_id") in request_ids:
                pids.add(record["pid"])
        return pids


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    log = tmp_path_factory.mktemp("metrics") / "gunicorn.log"
    with gunicorn({"PRECIS_WORKERS": "2"}, log) as base:
        yield Served(base, log)


@pytest.mark.server
def test_requests_served_by_both_workers_add_up_in_one_scrape(served: Served) -> None:
    before = served.scrape()
    sent: set[str] = set()
    # new connections each time, until the access log shows both workers served some
    while len(sent) < 200 and (len(sent) < 10 or len(served.pids_of(sent)) < 2):
        request_id = f"count-{len(sent)}"
        response = requests.post(
            f"{served.base}/v1/detect",
            json={"text": "The minister spoke in Kyiv on Tuesday."},
            headers={"X-Request-ID": request_id, "Connection": "close"},
            timeout=30,
        )
        assert response.status_code == 200
        sent.add(request_id)
        time.sleep(0.05)
    assert len(served.pids_of(sent)) == 2, "one worker served every request"
    after = served.scrape()
    name, labels = DETECT
    assert value(after, name, labels) - value(before, name, labels) == len(sent)
    count = "precis_request_duration_seconds_count"
    route = {"route": "/v1/detect"}
    assert value(after, count, route) - value(before, count, route) == len(sent)
    # the scrape itself is the one request in flight, summed over both live workers
    assert value(after, "precis_requests_in_flight") == 1


@pytest.mark.server
def test_models_loaded_is_the_installed_packages(served: Served) -> None:
    pairs = requests.get(f"{served.base}/v1/languages", timeout=30).json()["pairs"]
    direct = [pair for pair in pairs if pair["via"] is None]
    assert value(served.scrape(), "precis_models_loaded") == len(direct)


@pytest.mark.server
def test_translated_sentences_tokens_and_cache_lookups_per_pair(served: Served) -> None:
    pairs = requests.get(f"{served.base}/v1/languages", timeout=30).json()["pairs"]
    if not any(p["source"] == "zh" and p["target"] == "en" for p in pairs):
        pytest.skip("zh-en is not installed in the default models folder")
    before = served.scrape()
    # new to either worker's cache; sent twice, the second may land on either worker
    text = f"今天基辅下雨了。部长说第{uuid.uuid4().int % 100000}号计划已经完成。"
    for _ in range(2):
        response = requests.post(
            f"{served.base}/v1/translate", json={"text": text, "target": "en"}, timeout=60
        )
        assert response.status_code == 200, response.text
    after = served.scrape()

    def delta(name: str, labels: dict[str, str] | None = None) -> float:
        return value(after, name, labels) - value(before, name, labels)

    zh_en = {"pair": "zh-en"}
    translated = delta("precis_sentences_translated_total", zh_en)
    # two sentences each time, looked up once each: a miss is translated, a hit is not
    assert delta("precis_cache_hits_total") + delta("precis_cache_misses_total") == 4
    assert translated == delta("precis_cache_misses_total")
    assert 2 <= translated <= 4
    assert delta("precis_tokens_translated_total", zh_en) > translated


@pytest.mark.server
def test_unmatched_paths_share_one_route_label(served: Served) -> None:
    before = served.scrape()
    probes = [f"/probe-{uuid.uuid4().hex}" for _ in range(5)]
    for path in probes:
        assert requests.get(f"{served.base}{path}", timeout=30).status_code == 404
    after = served.scrape()
    labels = {"route": "unmatched", "method": "GET", "status": "404"}
    assert value(after, "precis_requests_total", labels) - value(
        before, "precis_requests_total", labels
    ) == len(probes)
    routes = {dict(labels).get("route") for _, labels in after}
    assert not [path for path in probes if path in routes]


def test_single_process_metrics_count_the_apps_requests(app: Flask) -> None:
    client = app.test_client()
    before = parse(client.get("/metrics", buffered=True).get_data(as_text=True))
    for _ in range(3):
        # buffered: the test client then closes the body, as a server does, which ends the
        # request's record
        assert client.get("/healthz", buffered=True).status_code == 200
    after = parse(client.get("/metrics", buffered=True).get_data(as_text=True))
    labels = {"route": "/healthz", "method": "GET", "status": "200"}
    assert (
        value(after, "precis_requests_total", labels)
        - value(before, "precis_requests_total", labels)
        == 3
    )
