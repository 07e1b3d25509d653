"""The manifest (models/manifest.json): which translation packages the service knows and where
each can be fetched.

It is data in the repository rather than a live query of the Argos index because the service runs
offline: an install must be reproducible from what is checked in, and a sha256 can only be pinned
against a fixed list. Loading validates every field so a typo fails here, with the field named,
instead of half-way through a download.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ManifestError, UnknownPair

_CODE = re.compile(r"^[a-z]{2,3}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: source kinds the installer can fetch; anything else is a manifest error
SOURCE_PREFIXES = ("https://", "http://", "pypi-sdist:")


def default_manifest_path() -> Path:
    """``models/manifest.json`` at the project root (a function: nothing is resolved at import)."""
    from service.config import PROJECT_ROOT

    return PROJECT_ROOT / "models" / "manifest.json"


def normalize_pair(text: str) -> str:
    """``"zh-en"``, ``"zh_en"`` and ``"zh->en"`` all name the pair ``"zh-en"``."""
    cleaned = text.strip().lower().replace("->", "-").replace("_", "-")
    parts = cleaned.split("-")
    if len(parts) != 2 or not all(_CODE.match(p) for p in parts):
        raise ManifestError(f"{text!r} is not a pair; write it as FROM-TO, e.g. zh-en")
    return f"{parts[0]}-{parts[1]}"


@dataclass(frozen=True)
class PackageEntry:
    """One package: what it must contain (pair, version) and where it may be fetched from."""

    pair: str
    name: str
    from_code: str
    to_code: str
    package_version: str
    argos_version: str | None
    size: int | None
    sha256: str | None
    sources: tuple[str, ...]
    provenance: str = ""


@dataclass(frozen=True)
class Manifest:
    """Every known package, one per pair, and the pairs installed when none are named."""

    packages: tuple[PackageEntry, ...]
    default_pairs: tuple[str, ...]
    path: Path | None = None

    @property
    def pairs(self) -> list[str]:
        return [p.pair for p in self.packages]

    def entry(self, pair: str) -> PackageEntry:
        """The entry for ``pair`` (any spelling ``normalize_pair`` accepts); UnknownPair if none."""
        try:
            wanted = normalize_pair(pair)
        except ManifestError:
            raise UnknownPair(pair, self.pairs) from None
        for package in self.packages:
            if package.pair == wanted:
                return package
        raise UnknownPair(wanted, self.pairs)


def load_manifest(path: Path | None = None) -> Manifest:
    """Read and validate the manifest at ``path`` (default: the project's models/manifest.json)."""
    path = default_manifest_path() if path is None else Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"manifest {path} does not exist") from None
    except (OSError, ValueError) as exc:
        raise ManifestError(f"manifest {path} cannot be read: {exc}") from exc
    return parse_manifest(raw, path)


def parse_manifest(raw: Any, path: Path | None = None) -> Manifest:
    """Validate an already-decoded manifest document."""
    where = str(path) if path else "manifest"
    if not isinstance(raw, Mapping):
        raise ManifestError(f"{where}: top level must be an object")
    if raw.get("schema") != 1:
        raise ManifestError(f"{where}: 'schema' must be 1, got {raw.get('schema')!r}")
    items = raw.get("packages")
    if not isinstance(items, list):
        raise ManifestError(f"{where}: 'packages' must be a list")
    packages = tuple(_parse_entry(item, f"{where}: packages[{i}]") for i, item in enumerate(items))
    seen: set[str] = set()
    for package in packages:
        if package.pair in seen:
            raise ManifestError(f"{where}: pair {package.pair} is listed twice")
        seen.add(package.pair)
    defaults_raw = raw.get("default_pairs", [])
    if not isinstance(defaults_raw, list) or not all(isinstance(p, str) for p in defaults_raw):
        raise ManifestError(f"{where}: 'default_pairs' must be a list of strings")
    defaults = tuple(normalize_pair(p) for p in defaults_raw)
    for pair in defaults:
        if pair not in seen:
            raise ManifestError(f"{where}: default pair {pair} has no package entry")
    return Manifest(packages=packages, default_pairs=defaults, path=path)


def _parse_entry(item: Any, where: str) -> PackageEntry:
    if not isinstance(item, Mapping):
        raise ManifestError(f"{where}: must be an object")

    def optional(key: str) -> str | None:
        value = item.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            raise ManifestError(f"{where}: {key!r} must be a non-empty string or null")
        return value

    def required(key: str) -> str:
        value = optional(key)
        if value is None:
            raise ManifestError(f"{where}: {key!r} is required")
        return value

    from_code, to_code = required("from_code"), required("to_code")
    pair = normalize_pair(required("pair"))
    if pair != f"{from_code}-{to_code}":
        raise ManifestError(f"{where}: pair {pair} does not match {from_code} -> {to_code}")
    sha256 = optional("sha256")
    if sha256 is not None and not _SHA256.match(sha256):
        raise ManifestError(f"{where}: 'sha256' must be 64 lower-case hex digits or null")
    size = item.get("size")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size <= 0):
        raise ManifestError(f"{where}: 'size' must be a positive integer (bytes) or null")
    sources = item.get("sources")
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ManifestError(f"{where}: 'sources' must be a list of strings")
    for source in sources:
        if not source.startswith(SOURCE_PREFIXES):
            raise ManifestError(
                f"{where}: source {source!r} is not one of {', '.join(SOURCE_PREFIXES)}"
            )
    return PackageEntry(
        pair=pair,
        name=_package_name(required("name"), where),
        from_code=from_code,
        to_code=to_code,
        package_version=required("package_version"),
        argos_version=optional("argos_version"),
        size=size,
        sha256=sha256,
        sources=tuple(sources),
        provenance=optional("provenance") or "",
    )


def _package_name(name: str, where: str) -> str:
    # The name becomes a folder under models_dir: keep it a plain, visible file name.
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", name):
        raise ManifestError(f"{where}: 'name' {name!r} must be a plain folder name")
    return name
