"""Sentence translations kept between requests: a CMS that re-posts an edited article pays only
for the sentences that changed.

An entry is keyed by the model (package name, pair and version), the decoding options that
change output, and the source sentence of one hop. Its value is the translation, with its word
alignment when the HTML path made it (``Aligned``, a ``Result`` that serves the plain path as
well). Options that only change speed (threads,
batch size) are left out: they decide which sentences share a CTranslate2 batch, and a cached
sentence is reused whatever batch it was first decoded in anyway.

Backends: ``MemoryCache`` (per worker, LRU), ``RedisCache`` (shared by every worker and
replica), ``NoCache``. The cache only saves work, so the Redis backend never fails a request:
an unreachable Redis is logged and every lookup is a miss until it answers again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from array import array
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, NamedTuple, Protocol
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from .model import Aligned, Link, LoadedModel, Result
from .options import TranslateOptions

if TYPE_CHECKING:
    from ..config import Settings

logger = logging.getLogger(__name__)

#: TranslateOptions fields that change speed but not what a sentence translates to
SPEED_ONLY_OPTIONS = frozenset(
    {
        "inter_threads",
        "intra_threads",
        "batch_tokens",
        "cross_request_batching",
        "queue_tokens",
        "batch_window_ms",
        "split_small_calls",
    }
)
#: bump the version when the stored value's format changes, so old entries are not read
REDIS_PREFIX = "precis:sentence:v1:"


class CacheKey(NamedTuple):
    #: package name, pair and version: a new package version never reuses old translations
    model: str
    #: ``options_key`` of the model's decoding options
    options: str
    sentence: str


class SentenceCache(Protocol):
    def get_many(self, keys: Sequence[CacheKey]) -> dict[CacheKey, Result]:
        """The cached results among ``keys`` (a key not cached is absent)."""

    def set_many(self, mapping: Mapping[CacheKey, Result]) -> None:
        """Store ``mapping``."""


def options_key(options: TranslateOptions) -> str:
    """A short digest of the options that change output, the same in every process (so
    replicas share Redis entries) and different as soon as one such option differs."""
    values = {
        field.name: getattr(options, field.name)
        for field in fields(options)
        if field.name not in SPEED_ONLY_OPTIONS
    }
    blob = json.dumps(values, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def model_key(model: LoadedModel) -> str:
    info = model.info
    return f"{info.name}:{info.from_code}-{info.to_code}:{info.version}"


def cache_keys(model: LoadedModel, sentences: Sequence[str]) -> list[CacheKey]:
    model_id, options_id = model_key(model), options_key(model.options)
    return [CacheKey(model_id, options_id, sentence) for sentence in sentences]


class NoCache:
    """Caching off (``PRECIS_CACHE_ENTRIES=0`` and no ``PRECIS_CACHE_URL``)."""

    def get_many(self, keys: Sequence[CacheKey]) -> dict[CacheKey, Result]:
        return {}

    def set_many(self, mapping: Mapping[CacheKey, Result]) -> None:
        return None


class MemoryCache:
    """A per-worker LRU of at most ``max_entries`` sentences. One lock guards it: gthread
    workers serve requests on several threads, and a lookup is far cheaper than contention.
    An HTML sentence's alignment is kept packed (``_Packed``): about 1.5 kB for a 40-token
    sentence against 8.9 kB as tuples, so ``PRECIS_CACHE_ENTRIES`` bounds memory for both
    paths alike."""

    def __init__(self, max_entries: int) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, not {max_entries}")
        self.max_entries = max_entries
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[CacheKey, Result | _Packed] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get_many(self, keys: Sequence[CacheKey]) -> dict[CacheKey, Result]:
        found: dict[CacheKey, Result] = {}
        with self._lock:
            for key in keys:
                result = self._entries.get(key)
                if result is None:
                    self.misses += 1
                    continue
                self._entries.move_to_end(key)
                found[key] = _unpacked(result)
                self.hits += 1
        return found

    def set_many(self, mapping: Mapping[CacheKey, Result]) -> None:
        with self._lock:
            for key, result in mapping.items():
                self._entries[key] = _packed(result)
                self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


@dataclass(frozen=True)
class _Packed:
    """An ``Aligned`` result as the LRU keeps it: its links as machine integers (16 bytes a
    link, against about 180 as tuples of Python ints), so an HTML sentence costs about as
    much room as a plain one with its text."""

    text: str
    truncated: bool
    links: bytes
    reverse: bytes


def _packed(result: Result) -> Result | _Packed:
    if not isinstance(result, Aligned):
        return result
    return _Packed(result.text, result.truncated, _pack(result.links), _pack(result.reverse))


def _unpacked(value: Result | _Packed) -> Result:
    if isinstance(value, Result):
        return value
    return Aligned(value.text, value.truncated, _unpack(value.links), _unpack(value.reverse))


def _pack(links: tuple[Link, ...]) -> bytes:
    return array("i", [n for link in links for n in link]).tobytes()


def _unpack(packed: bytes) -> tuple[Link, ...]:
    flat = array("i")
    flat.frombytes(packed)
    return tuple((flat[i], flat[i + 1], flat[i + 2], flat[i + 3]) for i in range(0, len(flat), 4))


class RedisCache:
    """Entries shared by every worker and replica, expiring ``ttl_seconds`` after they were
    last written. Keys are ``prefix`` + the SHA-256 of the key (sentences can be long and hold
    anything); values are JSON (an aligned result's links too).

    Redis is an optimisation, never a dependency of a request: a failed call is logged (at
    most one warning per ``warn_every`` seconds), counts as a miss, and Redis is not tried
    again for ``retry_after`` seconds so that an outage does not add a timeout to every
    request. Short socket timeouts bound what a hung Redis can cost one request.
    """

    def __init__(
        self,
        url: str,
        ttl_seconds: int,
        prefix: str = REDIS_PREFIX,
        *,
        socket_timeout: float = 0.5,
        retry_after: float = 5.0,
        warn_every: float = 60.0,
    ) -> None:
        if ttl_seconds < 1:
            raise ValueError(f"ttl_seconds must be at least 1, not {ttl_seconds}")
        self.url = redact(url)
        self.ttl_seconds = ttl_seconds
        self.prefix = prefix
        # no retries: a miss is cheaper than a request waiting on a backoff
        self._client = redis.Redis.from_url(
            url,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            retry=Retry(NoBackoff(), 0),
        )
        self._retry_after = retry_after
        self._warn_every = warn_every
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._last_warning = -warn_every
        self._failing = False

    def ping(self) -> bool:
        """Whether Redis answers now (logged like any failure when it does not)."""
        try:
            self._client.ping()
        except redis.RedisError as exc:
            self._failed(exc)
            return False
        self._answered()
        return True

    def get_many(self, keys: Sequence[CacheKey]) -> dict[CacheKey, Result]:
        if not keys or self._skipping():
            return {}
        try:
            values = self._client.mget([self._redis_key(key) for key in keys])
        except redis.RedisError as exc:
            self._failed(exc)
            return {}
        self._answered()
        found: dict[CacheKey, Result] = {}
        for key, value in zip(keys, values, strict=True):
            result = _decode(value)
            if result is not None:
                found[key] = result
        return found

    def set_many(self, mapping: Mapping[CacheKey, Result]) -> None:
        if not mapping or self._skipping():
            return
        pipe = self._client.pipeline(transaction=False)
        for key, result in mapping.items():
            value = json.dumps(_encoded(result), ensure_ascii=False)
            pipe.set(self._redis_key(key), value, ex=self.ttl_seconds)
        try:
            pipe.execute()
        except redis.RedisError as exc:
            self._failed(exc)
            return
        self._answered()

    def _redis_key(self, key: CacheKey) -> str:
        blob = json.dumps(list(key), ensure_ascii=False)
        return self.prefix + hashlib.sha256(blob.encode()).hexdigest()

    def _skipping(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, exc: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self._down_until = now + self._retry_after
            self._failing = True
            warn = now - self._last_warning >= self._warn_every
            if warn:
                self._last_warning = now
        if warn:
            logger.warning(
                "translation cache at %s unreachable, translating without it "
                "(retried every %.0f s, this warning at most every %.0f s): %s",
                self.url,
                self._retry_after,
                self._warn_every,
                exc,
            )

    def _answered(self) -> None:
        with self._lock:
            recovered, self._failing = self._failing, False
        if recovered:
            logger.info("translation cache at %s answers again", self.url)


def _encoded(result: Result) -> dict[str, object]:
    """What Redis keeps of a result: its text and flag, and an aligned one's links."""
    value: dict[str, object] = {"text": result.text, "truncated": result.truncated}
    if isinstance(result, Aligned):
        value["links"] = [list(link) for link in result.links]
        value["reverse"] = [list(link) for link in result.reverse]
    return value


def _decode(value: object) -> Result | None:
    """The stored result (an ``Aligned`` one when it holds links), or None for a miss or an
    entry this version cannot read."""
    if not isinstance(value, (bytes, str)):
        return None
    try:
        data = json.loads(value)
        text, truncated = data["text"], data["truncated"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(text, str) or not isinstance(truncated, bool):
        return None
    if "links" not in data:
        return Result(text, truncated)
    links, reverse = _links(data.get("links")), _links(data.get("reverse"))
    if links is None or reverse is None:
        return Result(text, truncated)  # an unreadable alignment: the text still serves
    return Aligned(text, truncated, links, reverse)


def _links(value: object) -> tuple[Link, ...] | None:
    """Stored links as ``Link`` tuples, or None if they are not lists of four integers."""
    if not isinstance(value, list):
        return None
    links: list[Link] = []
    for item in value:
        if not (
            isinstance(item, list)
            and len(item) == 4
            and all(isinstance(n, int) and not isinstance(n, bool) for n in item)
        ):
            return None
        links.append((item[0], item[1], item[2], item[3]))
    return tuple(links)


def redact(url: str) -> str:
    """``url`` without its password, fit for a log line."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + host))


def build_cache(settings: Settings) -> SentenceCache:
    """The cache the settings ask for: Redis when ``cache_url`` is set, else an in-process LRU
    of ``cache_entries`` (0: none).

    An unreachable Redis at start-up is logged, not fatal: translations are served uncached
    and Redis is retried while requests come, so a replica does not wait on a Redis restart.
    A malformed URL is a configuration error and raises.
    """
    if settings.cache_url:
        try:
            cache = RedisCache(settings.cache_url, settings.cache_ttl)
        except ValueError as exc:
            raise ValueError(f"PRECIS_CACHE_URL / PRECIS_CACHE_TTL: {exc}") from exc
        if cache.ping():
            logger.info(
                "translation cache: Redis at %s, entries kept %d s", cache.url, settings.cache_ttl
            )
        return cache
    if settings.cache_entries < 0:
        raise ValueError(
            f"PRECIS_CACHE_ENTRIES={settings.cache_entries}: expected 0 (no cache) or more"
        )
    if settings.cache_entries == 0:
        logger.info("translation cache: off")
        return NoCache()
    logger.info("translation cache: in-process LRU of %d sentences", settings.cache_entries)
    return MemoryCache(settings.cache_entries)
