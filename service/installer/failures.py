"""Remembering pairs that could not be fetched, so that ``scripts/start`` does not try them
again on every start (on a firewalled network each try costs a timeout).

A small JSON file beside the models folder (``var/install-failures.json`` by default) keeps,
per pair, when its last fetch failed and why. An install run that is asked to
(``install --skip-failed HOURS``) leaves out the pairs that failed within that time and says how
to retry; a successful install of a pair forgets its failure. An explicit ``install PAIR``
without ``--skip-failed`` always tries.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from . import scratch
from .errors import ModelError

FILE_NAME = "install-failures.json"


@dataclass(frozen=True)
class Failure:
    #: seconds since the epoch
    time: float
    reason: str


class RecentlyFailed(ModelError):
    """Not tried: the pair's last fetch failed within the skip window."""

    def __init__(self, pair: str, failure: Failure, *, now: float) -> None:
        self.pair = pair
        self.failure = failure
        hours = max(0.0, now - failure.time) / 3600
        super().__init__(
            f"not tried: it could not be fetched {hours:.1f} h ago ({failure.reason}); "
            f"to retry now: python -m service.installer install {pair}"
        )


def default_failures_file(models_dir: Path) -> Path:
    """Beside the models folder (var/models -> var/install-failures.json), never inside it."""
    return Path(models_dir).parent / FILE_NAME


class FailureLog:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Failure]:
        """Every recorded failure; an unreadable file is an empty log (it is only a hint)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(raw, dict):
            return {}
        failures = {}
        for pair, entry in raw.items():
            if isinstance(entry, dict) and isinstance(entry.get("time"), int | float):
                failures[pair] = Failure(float(entry["time"]), str(entry.get("reason", "")))
        return failures

    def recent(self, pair: str, within: float, now: float | None = None) -> Failure | None:
        """The pair's failure if it is less than ``within`` seconds old."""
        failure = self.read().get(pair)
        now = time.time() if now is None else now
        return failure if failure is not None and now - failure.time < within else None

    def record(self, pair: str, reason: str, now: float | None = None) -> None:
        failures = self.read()
        failures[pair] = Failure(time.time() if now is None else now, reason)
        self._write(failures)

    def forget(self, pair: str) -> None:
        failures = self.read()
        if failures.pop(pair, None) is not None:
            self._write(failures)

    def _write(self, failures: dict[str, Failure]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, part = scratch.make_file(self.path.parent, f".{self.path.name}.", ".part")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(
                {pair: {"time": f.time, "reason": f.reason} for pair, f in failures.items()},
                out,
                indent=2,
            )
        os.replace(part, self.path)
