"""API keys and per-key limits: one gate for every API dialect.

Off by default: with no key configured, every request is admitted and nothing is counted. Once
keys are configured (``PRECIS_API_KEYS``, or ``PRECIS_API_KEYS_FILE`` holding their sha256), a
request must carry a known key, where its dialect puts one (the native API: ``X-API-Key`` or
``Authorization: Bearer``; LibreTranslate: ``api_key``; DeepL: ``Authorization: DeepL-Auth-Key``),
and each key has a request rate, a size per request and a daily character budget.

Counters live in Redis when ``PRECIS_LIMITS_URL`` (or else ``PRECIS_CACHE_URL``) is set, shared
by every worker and replica; otherwise in each worker's memory, so with N workers a key gets up
to N times its rate. The ``limits`` library keeps them (fixed windows: one counter per key and
window, ``INCRBY`` in Redis). An unreachable Redis admits requests (logged): limits protect the
service, and an outage of its counters should not turn into an outage of the service.

Keys file (JSON), keys stored as sha256 so the file gives nothing away::

    {"keys": [{"name": "cms", "sha256": "<hex of sha256(key)>",
               "requests_per_minute": 120, "chars_per_day": 2000000}]}

``python -m service.keys new NAME`` makes a key and prints its entry.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import secrets
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from limits import RateLimitItem, RateLimitItemPerDay, RateLimitItemPerMinute, storage
from limits.strategies import FixedWindowRateLimiter

from .errors import InvalidApiKey, QuotaExceeded, RateLimited, TextTooLong
from .setting import setting

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyLimits:
    """Each key's limits (``PRECIS_LIMITS_*``); a key in the keys file may set its own."""

    #: requests a key may make per minute (0: no limit)
    requests_per_minute: int = setting(60, low=0)
    #: characters of text one request may carry (0: only ``PRECIS_MAX_TEXT_CHARS``)
    chars_per_request: int = setting(0, low=0)
    #: characters a key may send per day: a 24-hour window that starts with the key's first
    #: counted request (0: no limit)
    chars_per_day: int = setting(0, low=0)
    #: Redis URL of the counters, shared by workers and replicas ("": ``PRECIS_CACHE_URL``, and
    #: without that each worker's memory)
    url: str = ""


@dataclass(frozen=True)
class Key:
    name: str
    #: hex sha256 of the key: what is stored and compared
    sha256: str
    limits: KeyLimits


@dataclass(frozen=True)
class Usage:
    """Characters a key sent in its current day (24-hour window), and its daily budget (0: none)."""

    characters: int
    limit: int


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class Gate:
    """Admits a request (a key and its characters) or raises the error that says why not."""

    def __init__(self, keys: Sequence[Key] = (), *, storage_url: str = "") -> None:
        self._keys = {key.sha256: key for key in keys}
        self._limiter = FixedWindowRateLimiter(
            storage.storage_from_string(storage_url) if storage_url else storage.MemoryStorage()
        )
        self._warned = False

    @property
    def enabled(self) -> bool:
        return bool(self._keys)

    def admit(self, key: str | None, characters: int) -> None:
        """Count one request of ``characters`` for ``key``; InvalidApiKey when the key is missing
        or unknown, TextTooLong, RateLimited or QuotaExceeded when over a limit."""
        if not self.enabled:
            return
        found = self.identify(key)
        limits = found.limits
        if limits.chars_per_request and characters > limits.chars_per_request:
            raise TextTooLong(
                f"The request holds {characters} characters; this key's limit is "
                f"{limits.chars_per_request} per request."
            )
        if limits.requests_per_minute:
            self._hit(RateLimitItemPerMinute(limits.requests_per_minute), found, "requests", 1)
        if limits.chars_per_day:
            self._hit(RateLimitItemPerDay(limits.chars_per_day), found, "characters", characters)

    def identify(self, key: str | None) -> Key:
        """The configured key ``key`` is; InvalidApiKey when missing or unknown."""
        if not key:
            raise InvalidApiKey("This server needs an API key; none was sent.")
        found = self._keys.get(digest(key))
        if found is None:
            raise InvalidApiKey("The API key is not valid.")
        return found

    def usage(self, key: str | None) -> Usage:
        """Today's characters and budget for ``key`` (zeros when keys are off)."""
        if not self.enabled:
            return Usage(0, 0)
        found = self.identify(key)
        budget = found.limits.chars_per_day
        if not budget:
            return Usage(0, 0)
        try:
            stats = self._limiter.get_window_stats(
                RateLimitItemPerDay(budget), "characters", found.sha256
            )
        except Exception as exc:  # the counters' store is down: nothing to report
            self._unreachable(exc)
            return Usage(0, budget)
        return Usage(budget - stats.remaining, budget)

    def _hit(self, item: RateLimitItem, key: Key, counter: str, cost: int) -> None:
        try:
            # tested first: a refused request must not use up what is left (hit counts anyway)
            if self._limiter.test(item, counter, key.sha256, cost=cost) and self._limiter.hit(
                item, counter, key.sha256, cost=cost
            ):
                return
            reset = self._limiter.get_window_stats(item, counter, key.sha256).reset_time
        except Exception as exc:  # Redis down: admit, as documented above
            self._unreachable(exc)
            return
        retry_after = max(1, math.ceil(reset - time.time()))
        if counter == "requests":
            raise RateLimited(
                f"Key '{key.name}' is over its limit of {item.amount} requests per minute; "
                f"retry in {retry_after} s.",
                retry_after=retry_after,
            )
        raise QuotaExceeded(
            f"Key '{key.name}' has used its {item.amount} characters for the day; "
            f"retry in {retry_after} s.",
            retry_after=retry_after,
        )

    def _unreachable(self, exc: Exception) -> None:
        if not self._warned:
            logger.warning("limits store unreachable, requests admitted uncounted: %s", exc)
            self._warned = True


def load_keys(plain: str, file: str, defaults: KeyLimits) -> list[Key]:
    """Keys from ``PRECIS_API_KEYS`` (comma-separated) and ``PRECIS_API_KEYS_FILE``; ValueError
    naming the variable when the file cannot be read."""
    keys = [
        Key(f"key {number}", digest(key.strip()), defaults)
        for number, key in enumerate(plain.split(","), start=1)
        if key.strip()
    ]
    if file:
        keys += _read_keys_file(Path(file), defaults)
    return keys


def _read_keys_file(path: Path, defaults: KeyLimits) -> list[Key]:
    where = f"PRECIS_API_KEYS_FILE={path}"
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{where}: cannot read the keys file ({exc})") from exc
    entries = raw.get("keys") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f'{where}: expected {{"keys": [...]}}')
    return [
        _entry(item, defaults, f"{where}: key {number}")
        for number, item in enumerate(entries, start=1)
    ]


def _entry(item: Any, defaults: KeyLimits, where: str) -> Key:
    if not isinstance(item, dict):
        raise ValueError(f"{where} is not an object")
    sha = item.get("sha256")
    if not isinstance(sha, str) or len(sha) != 64 or not all(c in "0123456789abcdef" for c in sha):
        raise ValueError(f"{where}: 'sha256' must be 64 lower-case hex digits")
    overrides: dict[str, Any] = {}
    for name in ("requests_per_minute", "chars_per_request", "chars_per_day"):
        if name in item:
            value = item[name]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{where}: '{name}' must be a whole number, 0 or more")
            overrides[name] = value
    name = item.get("name", where.rsplit(": ", 1)[-1])
    return Key(str(name), sha, replace(defaults, **overrides))


def new_key(name: str) -> tuple[str, dict[str, Any]]:
    """A new random key and its keys-file entry."""
    key = secrets.token_urlsafe(24)
    return key, {"name": name, "sha256": digest(key)}


def build_gate(plain: str, file: str, limits: KeyLimits, cache_url: str) -> Gate:
    return Gate(load_keys(plain, file, limits), storage_url=limits.url or cache_url)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m service.keys new NAME``: print a new key and the entry for the keys file."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] != "new":
        print("usage: python -m service.keys new NAME", file=sys.stderr)
        return 2
    key, entry = new_key(args[1])
    print(f"key (give it to the client; it is not stored): {key}")
    print(f"entry for PRECIS_API_KEYS_FILE: {json.dumps(entry)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
