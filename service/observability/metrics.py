"""The service's Prometheus metrics, and their exposition at ``/metrics``.

Under gunicorn every worker is a process with its own counters, so the metrics are kept in
prometheus-client's multiprocess mode: each process writes its values to files in
``PROMETHEUS_MULTIPROC_DIR`` (gunicorn's master sets it before forking and cleans it up,
``service.observability.gunicorn_hooks``) and ``/metrics``, whichever worker answers, adds up every
process's files. Without that variable (the Flask test client, ``flask run``) the metrics live
in this process and an app's own registry.

prometheus-client picks its value store when it is first imported, from that variable: nothing
here is built at import time, and the metrics of an app are made by ``create_app``.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.multiprocess import MultiProcessCollector

from .context import RequestWork

MULTIPROC_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"  # read by prometheus-client itself
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
#: the route label of a request no URL rule matched (a 404 probe): one value, whatever the path
UNMATCHED = "unmatched"
#: seconds; a cached sentence takes milliseconds, a long article through English a minute
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


def multiprocess() -> bool:
    return MULTIPROC_DIR_VARIABLE in os.environ


class Metrics:
    """One process's metrics. ``record`` adds a finished request."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self.requests = Counter(
            "precis_requests",
            "Requests answered, by URL rule, method and status.",
            ["route", "method", "status"],
            registry=registry,
        )
        self.duration = Histogram(
            "precis_request_duration_seconds",
            "Time from a request's arrival in the app to the end of its response body.",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.in_flight = Gauge(
            "precis_requests_in_flight",
            "Requests being served, summed over the live workers.",
            multiprocess_mode="livesum",
            registry=registry,
        )
        self.sentences = Counter(
            "precis_sentences_translated",
            "Sentences sent to a translation model (cache hits not counted), by package pair.",
            ["pair"],
            registry=registry,
        )
        self.tokens = Counter(
            "precis_tokens_translated",
            "Source tokens of the sentences sent to a translation model, by package pair.",
            ["pair"],
            registry=registry,
        )
        self.truncations = Counter(
            "precis_truncated_sentences",
            "Translations cut by the decoding-length or input-length cap, by package pair.",
            ["pair"],
            registry=registry,
        )
        self.cache_hits = Counter(
            "precis_cache_hits",
            "Sentence translations answered from the translation cache.",
            registry=registry,
        )
        self.cache_misses = Counter(
            "precis_cache_misses",
            "Sentence translations looked up in the translation cache and not found.",
            registry=registry,
        )
        self.models_loaded = Gauge(
            "precis_models_loaded",
            "Translation packages loaded (each live worker loads them all).",
            multiprocess_mode="livemax",
            registry=registry,
        )

    def record(self, work: RequestWork, method: str, status: int, seconds: float) -> None:
        route = work.route or UNMATCHED
        self.requests.labels(route, method, str(status)).inc()
        self.duration.labels(route).observe(seconds)
        for pair, count in work.translated_sentences.items():
            self.sentences.labels(pair).inc(count)
        for pair, count in work.translated_tokens.items():
            self.tokens.labels(pair).inc(count)
        for pair, count in work.truncated_sentences.items():
            if count:
                self.truncations.labels(pair).inc(count)
        if work.cache_hits:
            self.cache_hits.inc(work.cache_hits)
        if work.cache_misses:
            self.cache_misses.inc(work.cache_misses)

    def exposition(self) -> bytes:
        """The text format: every worker's values added up in multiprocess mode."""
        if multiprocess():
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry)
        return generate_latest(self.registry)
