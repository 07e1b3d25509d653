"""Configuration: every setting, its environment variable (prefix ``PRECIS_``) and its default.

This is the one place settings are read. ``create_app(test_config)`` overrides them by name
(lower-case field names), which is how the tests configure an app.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

PREFIX = "PRECIS_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    #: largest request body accepted, in bytes (larger: 413)
    max_body_bytes: int = 1_000_000
    #: longest ``text`` accepted, in characters (longer: 413)
    max_text_chars: int = 100_000
    #: below this confidence, ``language: auto`` answers "und" instead of guessing
    detect_min_confidence: float = 0.5
    #: summary length when a request gives neither ``sentences`` nor ``ratio``
    default_summary_sentences: int = 3
    #: largest ``sentences`` a request may ask for
    max_summary_sentences: int = 100
    #: where installed translation packages live (one folder per package)
    models_dir: Path = PROJECT_ROOT / "var" / "models"
    #: CTranslate2 compute type ("default" keeps the package's own, int8 for Argos packages)
    translate_compute_type: str = "default"
    #: CTranslate2 batches decoded at once per model (each on its own thread)
    translate_inter_threads: int = 2
    #: CTranslate2 threads inside one batch (0: CTranslate2 chooses; more measured slower here)
    translate_intra_threads: int = 1
    #: beam width (4: as argostranslate and LibreTranslate)
    translate_beam_size: int = 4
    #: source tokens in one CTranslate2 batch
    translate_batch_tokens: int = 1024
    #: concurrent requests to one model share CTranslate2 calls (1) or call it each (0)
    translate_cross_request_batching: bool = False
    #: most source tokens one shared call gathers
    translate_queue_tokens: int = 4096
    #: milliseconds a shared call waits for more requests (0: takes only what is queued)
    translate_batch_window_ms: float = 0.0
    #: most strings in one ``text`` list of /v1/translate
    max_texts: int = 100
    #: sentence translations kept in each worker's in-process LRU cache (0: no cache), so a
    #: re-posted, edited article costs only its changed sentences
    cache_entries: int = 20000
    #: Redis URL (e.g. ``redis://127.0.0.1:6379/0``) of a cache shared by every worker and
    #: replica, used instead of the in-process one; "" for none. Unreachable: served uncached
    cache_url: str = ""
    #: seconds a sentence translation stays in the Redis cache (one week)
    cache_ttl: int = 604800
    #: log level of the service's own logger
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        return cls(**_from_env(cls, environ))

    def override(self, values: Mapping[str, Any]) -> Settings:
        return replace(self, **values)


@dataclass(frozen=True)
class ServerSettings:
    """gunicorn's settings (read by ``gunicorn.conf.py``), from the same ``PRECIS_`` variables."""

    #: address gunicorn listens on; the container sets 0.0.0.0:8000
    bind: str = "127.0.0.1:8000"
    #: worker processes; each loads its own copy of every model
    workers: int = 2
    #: threads per worker (requests served at once by one worker); 4 measured 1.3x the
    #: translation throughput of 2 at 16 clients on 2 cores (bench/concurrency_bench.py)
    threads: int = 4
    #: seconds a worker may stop answering gunicorn's heartbeat before it is restarted. It does
    #: not cut long requests: with gthread workers the heartbeat goes on while CTranslate2
    #: works (a 9 s translation finished with a 3 s timeout); bound request time at the gateway
    timeout: int = 120
    #: a worker is replaced after this many requests (0: never), plus up to 10% jitter
    max_requests: int = 0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServerSettings:
        return cls(**_from_env(cls, environ))


def _from_env(cls: type, environ: Mapping[str, str] | None) -> dict[str, Any]:
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for field in fields(cls):
        raw = environ.get(PREFIX + field.name.upper())
        if raw is not None and raw != "":
            values[field.name] = _parse(field.type, raw, field.name)
    return values


def _parse(kind: Any, raw: str, name: str) -> Any:
    kind = str(kind)
    if kind == "bool":
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"{PREFIX}{name.upper()}={raw!r}: expected 1/0, true/false, yes/no")
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "Path":
            return Path(raw)
    except ValueError as exc:
        raise ValueError(f"{PREFIX}{name.upper()}={raw!r}: expected {kind}") from exc
    return raw
