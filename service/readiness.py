"""Whether this server can do what its operator deployed it for (``/readyz``, the container's
HEALTHCHECK).

Ready means: the language data answers, every translation package found was loaded (a broken
one is named with its reason), and the pairs the deployment must serve are served, directly or
through English. Which pairs: ``PRECIS_REQUIRE_PAIRS`` ("en-uk,uk-en"; the image sets it to the
pairs it bakes in). Left empty, at least one package must load, so a models folder that is
missing, empty or wrong is not "ready"; ``none`` is for a deployment that only summarizes.
Domain code: the route renders the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import PairNotInstalled
from .translate import Engine

NONE = "none"


@dataclass(frozen=True)
class BrokenPackage:
    package: str
    path: str
    reason: str


@dataclass(frozen=True)
class Readiness:
    #: the direct pairs of the loaded packages, e.g. ["zh-en"]
    pairs: tuple[str, ...]
    #: required pairs no loaded package serves (directly or through English)
    missing: tuple[str, ...]
    broken: tuple[BrokenPackage, ...]
    #: one sentence per reason this server is not ready; empty when it is
    reasons: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return not self.reasons

    @property
    def detail(self) -> str:
        return " ".join(self.reasons)


def required_pairs(value: str) -> tuple[str, ...] | None:
    """``PRECIS_REQUIRE_PAIRS`` read: the pairs, () for ``none``, None for "at least one"."""
    value = value.strip().lower()
    if not value:
        return None
    if value == NONE:
        return ()
    return tuple(dict.fromkeys(pair for pair in re.split(r"[\s,]+", value) if pair))


def assess(engine: Engine, required: str, *, language_data: bool = True) -> Readiness:
    """What stands between this server and ready, from what its engine loaded at start-up."""
    reasons: list[str] = []
    if not language_data:
        reasons.append("Language data is not loaded.")
    broken = tuple(
        BrokenPackage(Path(error.where).name, error.where, error.reason) for error in engine.skipped
    )
    reasons += [f"Package {b.package} is broken: {b.reason} ({b.path})." for b in broken]
    pairs = tuple(sorted(f"{source}-{target}" for source, target in engine.models))
    wanted = required_pairs(required)
    missing: tuple[str, ...] = ()
    if wanted is None and not pairs:
        reasons.append(f"No translation package is loaded: {_folders_state(engine.folders)}.")
    elif wanted:
        missing = tuple(pair for pair in wanted if not _serves(engine, pair))
        if missing:
            reasons.append(
                f"Required pairs not installed: {', '.join(missing)} "
                f"(installed: {', '.join(pairs) or 'none'})."
            )
    return Readiness(pairs, missing, broken, tuple(reasons))


def _serves(engine: Engine, pair: str) -> bool:
    source, _, target = pair.partition("-")
    try:
        engine.route(source, target)
    except PairNotInstalled:
        return False
    return True


def _folders_state(folders: Sequence[Path]) -> str:
    if not folders:
        return "no models folder is configured"
    states = []
    for folder in folders:
        if not folder.is_dir():
            states.append(f"{folder} does not exist")
        elif not any(
            child.is_dir() and not child.name.startswith(".") for child in folder.iterdir()
        ):
            states.append(f"{folder} is empty")
        else:
            states.append(f"{folder} holds no loadable package")
    return "; ".join(states)
