"""Errors of the translation engine.

``PairNotInstalled`` is the client's problem (it asked for a language pair the server lacks), so
it is an ``InvalidInput`` and the HTTP layer answers 422 with the targets that would work.
``PackageError`` is the operator's problem (a broken or unsupported package folder); it never
reaches a client, so it is not a ``ServiceError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import InvalidInput


class PairNotInstalled(InvalidInput):
    """No installed package, direct or through the pivot language, translates source→target."""

    title = "Translation pair not installed"

    def __init__(self, source: str, target: str, installed: Sequence[str]) -> None:
        targets = sorted(set(installed))
        listed = ", ".join(targets) if targets else "none"
        super().__init__(
            f"No translation from '{source}' to '{target}' is installed "
            f"(targets installed for '{source}': {listed}).",
            field="targets", allowed=targets)
        self.source = source
        self.target = target


class PackageError(Exception):
    """A package folder cannot be loaded: metadata missing or broken, tokenizer unsupported."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
