"""Which requested translation targets the installed packages can serve."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import PairNotInstalled
from .translate import Engine


@dataclass(frozen=True)
class Missing:
    target: str
    detail: str


@dataclass(frozen=True)
class Route:
    target: str
    #: the packages' pairs in order, e.g. ["uk-en", "en-zh"]; empty when source == target
    hops: tuple[str, ...]


def plan_targets(
    engine: Engine, source: str, targets: Sequence[str], *, partial: bool
) -> tuple[list[Route], list[Missing]]:
    """Routes for the targets that can be served, and the ones that cannot. Unless ``partial``
    allows a partial answer, any missing target raises ``PairNotInstalled`` naming them all."""
    routes: list[Route] = []
    missing: list[Missing] = []
    for target in targets:
        if target == source:
            routes.append(Route(target, ()))
            continue
        try:
            models = engine.route(source, target)
        except PairNotInstalled as exc:
            missing.append(Missing(target, exc.detail))
            continue
        routes.append(Route(target, tuple(f"{m.pair[0]}-{m.pair[1]}" for m in models)))
    if missing and not partial:
        raise PairNotInstalled(source, [m.target for m in missing], engine.targets(source))
    return routes, missing
