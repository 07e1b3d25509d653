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
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar, get_type_hints

from .admission import QueueLimits
from .keys import KeyLimits, load_keys
from .setting import problem, setting
from .translate.options import TranslateOptions

PREFIX = "PRECIS_"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
#: one JSON object per line, or ``time LEVEL [pid] logger: message key=value`` for humans
LOG_FORMATS = ("json", "text")
_S = TypeVar("_S")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: PRECIS_REQUIRE_PAIRS: "", "none", or pairs separated by commas or spaces
REQUIRE_PAIRS_PATTERN = r"\s*(none|[a-z]{2,3}-[a-z]{2,3}([\s,]+[a-z]{2,3}-[a-z]{2,3})*)?\s*"


_ORIGIN = re.compile(r"[a-z][a-z0-9+.-]*://[^/?#\s]+", re.IGNORECASE)


def origins_problem(value: str) -> str | None:
    """What is wrong with a ``PRECIS_CORS_ORIGINS`` value: an entry that is neither ``*`` nor
    an origin as browsers send it (``scheme://host[:port]``, no path) would never match."""
    for origin in (o.strip() for o in value.split(",")):
        if origin and origin != "*" and not _ORIGIN.fullmatch(origin.rstrip("/")):
            return f"{origin!r} is not an origin: scheme://host[:port] (https://cms.example.org)"
    return None


@dataclass(frozen=True)
class Settings:
    #: largest request body accepted, in bytes (larger: 413)
    max_body_bytes: int = setting(1_000_000, low=1)
    #: longest ``text`` accepted, in characters (longer: 413)
    max_text_chars: int = setting(100_000, low=1)
    #: below this confidence, ``language: auto`` answers "und" instead of guessing
    detect_min_confidence: float = setting(0.5, low=0, high=1)
    #: summary length when a request gives neither ``sentences`` nor ``ratio``
    default_summary_sentences: int = setting(3, low=1)
    #: largest ``sentences`` a request may ask for
    max_summary_sentences: int = setting(100, low=1)
    #: where installed translation packages live (one folder per package)
    models_dir: Path = PROJECT_ROOT / "var" / "models"
    #: an Argos Translate packages folder (argospm's, LibreTranslate's) loaded too: a path, or
    #: ``auto`` for argostranslate's own ($ARGOS_PACKAGES_DIR, else
    #: ~/.local/share/argos-translate/packages); "" for none
    argos_packages_dir: str = ""
    #: pairs the deployment must serve (directly or through English) to be ready, e.g.
    #: "en-uk,uk-en"; "" for at least one package; "none" when no translation is needed
    require_pairs: str = setting("", pattern=REQUIRE_PAIRS_PATTERN)
    #: how models are loaded and decoded: ``PRECIS_TRANSLATE_*``, see ``TranslateOptions``
    translate: TranslateOptions = field(default_factory=TranslateOptions)
    #: most strings in one ``text`` list of /v1/translate
    max_texts: int = setting(100, low=1)
    #: sentence translations kept in each worker's in-process LRU cache (0: no cache), so a
    #: re-posted, edited article costs only its changed sentences
    cache_entries: int = setting(20000, low=0)
    #: Redis URL (e.g. ``redis://127.0.0.1:6379/0``) of a cache shared by every worker and
    #: replica, used instead of the in-process one; "" for none. Unreachable: served uncached
    cache_url: str = ""
    #: seconds a sentence translation stays in the Redis cache (one week)
    cache_ttl: int = setting(604800, low=1)
    #: API keys, comma-separated ("": none; with no key at all, no key is asked for). Prefer
    #: the keys file, which holds only their sha256
    api_keys: str = ""
    #: JSON file of keys (sha256) with their own limits; ``python -m service.keys new NAME``
    api_keys_file: str = ""
    #: each key's limits: ``PRECIS_LIMITS_*``, see ``KeyLimits``
    limits: KeyLimits = field(default_factory=KeyLimits)
    #: most ``alternatives`` (n-best translations) a LibreTranslate request may ask for; each
    #: widens the beam of a second decoding of the text
    max_alternatives: int = setting(3, low=0)
    #: folder of files translated by /translate_file until they are downloaded ("": a
    #: ``precis-files`` folder in the system's temporary directory)
    files_dir: str = ""
    #: seconds a translated file stays downloadable
    files_ttl: int = setting(3600, low=1)
    #: log level of the service's own logger
    log_level: str = setting("INFO", choices=LOG_LEVELS)
    #: seconds a request may take, from when its worker takes it to its answer; then its work
    #: stops (between two model calls) and it is answered 503 naming this budget
    request_timeout: int = setting(60, low=1)
    #: each worker's admission lanes: ``PRECIS_QUEUE_*``, see ``service.admission.QueueLimits``
    queue: QueueLimits = field(default_factory=QueueLimits)
    #: log lines (the service's and gunicorn's): ``json`` (one object per line) or ``text``
    log_format: str = setting("json", choices=LOG_FORMATS)
    #: origins whose pages may call the service from a browser (CORS), comma-separated, e.g.
    #: ``https://cms.example.org``; ``*`` for any; "" for none (off)
    cors_origins: str = setting("", check=origins_problem)
    #: seconds a browser may cache a CORS preflight answer
    cors_max_age: int = setting(600, low=0)
    #: answers larger than this many bytes are gzipped for clients that accept it (0: never);
    #: smaller ones gain little and would cost the CPU of compressing them
    gzip_min_bytes: int = setting(1024, low=0)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings from ``PRECIS_*`` variables; ValueError naming the variable when a value
        cannot be read or is out of its range."""
        return validated(cls(**_from_env(cls, environ)))

    def override(self, values: Mapping[str, Any]) -> Settings:
        return replace(self, **values)


@dataclass(frozen=True)
class ServerSettings:
    """gunicorn's settings (read by ``gunicorn.conf.py``), from the same ``PRECIS_`` variables."""

    #: address gunicorn listens on; the container sets 0.0.0.0:8000
    bind: str = "127.0.0.1:8000"
    #: worker processes; each loads its own copy of every model
    workers: int = setting(2, low=1)
    #: threads per worker (requests in hand at once); 0: what the admission lanes need
    #: (``QueueLimits.threads_needed``: every slot and queue place, plus one that refuses at
    #: once; 25 by default). The lanes, not the threads, bound the work running at once
    threads: int = setting(0, low=0)
    #: seconds a worker may stop answering gunicorn's heartbeat before it is restarted (0:
    #: never). It does
    #: not cut long requests: with gthread workers the heartbeat goes on while CTranslate2
    #: works (a 9 s translation finished with a 3 s timeout); bound request time at the gateway
    timeout: int = setting(120, low=0)
    #: a worker is replaced after this many requests (0: never), plus up to 10% jitter
    max_requests: int = setting(0, low=0)
    #: seconds a client has to send a whole request (headers and body) once it starts, or from
    #: connecting; later: 408 and closed. The request is read by the worker's event loop, so a
    #: slow client never holds a thread (``service/front/worker.py``)
    client_timeout: int = setting(15, low=1, high=600)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServerSettings:
        return validated(cls(**_from_env(cls, environ)))


def check_environment(environ: Mapping[str, str] | None = None) -> None:
    """Read every setting, and the keys file, as the workers will: gunicorn's master calls this
    before it forks, so a value that cannot work stops it with one line naming the variable
    (ValueError) instead of workers that fail to boot or a service that answers 500."""
    settings = Settings.from_env(environ)
    ServerSettings.from_env(environ)
    load_keys(settings.api_keys, settings.api_keys_file, settings.limits)


def environment_defaults(*classes: type) -> dict[str, Any]:
    """Every environment variable the settings ``classes`` read, with its default value (the
    README's configuration table is checked against this)."""
    return {name: default for cls in classes for name, _, default in _variables(cls, PREFIX)}


def validated(settings: _S) -> _S:
    """``settings`` when every value is in its declared range (``service.setting``)."""
    for name, value, item in _values(settings, PREFIX):
        wrong = problem(item, value)
        if wrong:
            raise ValueError(f"{name}={value!r}: {wrong}")
    return settings


def _values(instance: Any, prefix: str) -> Iterator[tuple[str, Any, dataclasses.Field[Any]]]:
    """(variable, value, field) of each setting of a settings instance, groups flattened."""
    for item, kind, name in _settings_of(type(instance), prefix):
        value = getattr(instance, item.name)
        if dataclasses.is_dataclass(kind):
            yield from _values(value, name + "_")
        else:
            yield name, value, item


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
