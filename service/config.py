"""Configuration: every setting, its environment variable (prefix ``PRECIS_``) and its default.

This is the one place settings are read. A field ``x`` is ``PRECIS_X``; a field holding a
dataclass is a group, whose field ``y`` is ``PRECIS_X_Y`` (``translate`` is
``TranslateOptions``, declared beside the engine that uses it: ``PRECIS_TRANSLATE_BEAM_SIZE``).
``create_app(test_config)`` overrides settings by field name, which is how tests configure an
app.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from .keys import KeyLimits
from .translate.options import TranslateOptions

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
    #: how models are loaded and decoded: ``PRECIS_TRANSLATE_*``, see ``TranslateOptions``
    translate: TranslateOptions = field(default_factory=TranslateOptions)
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
    #: API keys, comma-separated ("": none; with no key at all, no key is asked for). Prefer
    #: the keys file, which holds only their sha256
    api_keys: str = ""
    #: JSON file of keys (sha256) with their own limits; ``python -m service.keys new NAME``
    api_keys_file: str = ""
    #: each key's limits: ``PRECIS_LIMITS_*``, see ``KeyLimits``
    limits: KeyLimits = field(default_factory=KeyLimits)
    #: most ``alternatives`` (n-best translations) a LibreTranslate request may ask for; each
    #: widens the beam of a second decoding of the text
    max_alternatives: int = 3
    #: folder of files translated by /translate_file until they are downloaded ("": a
    #: ``precis-files`` folder in the system's temporary directory)
    files_dir: str = ""
    #: seconds a translated file stays downloadable
    files_ttl: int = 3600
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


def environment_defaults(*classes: type) -> dict[str, Any]:
    """Every environment variable the settings ``classes`` read, with its default value (the
    README's configuration table is checked against this)."""
    return {name: default for cls in classes for name, _, default in _variables(cls, PREFIX)}


def _variables(cls: type, prefix: str) -> Iterator[tuple[str, type, Any]]:
    """(variable, type, default) of each setting of ``cls``, groups flattened."""
    instance = cls()
    for item, kind, name in _settings_of(cls, prefix):
        if dataclasses.is_dataclass(kind):
            yield from _variables(kind, name + "_")
        else:
            yield name, kind, getattr(instance, item.name)


def _from_env(cls: type, environ: Mapping[str, str] | None, prefix: str = PREFIX) -> dict[str, Any]:
    """Keyword arguments of ``cls`` for the variables set in ``environ``, groups built."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for item, kind, name in _settings_of(cls, prefix):
        if dataclasses.is_dataclass(kind):
            values[item.name] = kind(**_from_env(kind, environ, name + "_"))
            continue
        raw = environ.get(name)
        if raw is not None and raw != "":
            values[item.name] = _parse(kind, raw, name)
    return values


def _settings_of(cls: type, prefix: str) -> Iterator[tuple[dataclasses.Field[Any], type, str]]:
    """The fields of ``cls`` that are settings, with their type and variable name."""
    hints = get_type_hints(cls)
    for item in fields(cls):
        if item.metadata.get("setting", True):
            yield item, hints[item.name], prefix + item.name.upper()


def _parse(kind: type, raw: str, name: str) -> Any:
    if kind is bool:
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"{name}={raw!r}: expected 1/0, true/false, yes/no")
    try:
        return kind(raw)
    except ValueError as exc:
        raise ValueError(f"{name}={raw!r}: expected {kind.__name__}") from exc
