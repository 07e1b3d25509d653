"""What is installed: every package folder under models_dir that passes the package checks.

This is what the service reads at start-up (via ``installed_packages`` / ``find_package``); it
reads folders only and never downloads. Folders whose name starts with a dot are the installer's
temporary folders and are skipped; broken folders are reported by ``scan`` rather than silently
ignored, so ``python -m service.models list`` can show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InvalidPackage
from .package import InstalledPackage, read_package_dir


@dataclass(frozen=True)
class Scan:
    packages: list[InstalledPackage]
    broken: list[InvalidPackage]


def scan(models_dir: Path) -> Scan:
    """Read every package folder; a missing models_dir is simply empty."""
    packages: list[InstalledPackage] = []
    broken: list[InvalidPackage] = []
    root = Path(models_dir)
    if not root.is_dir():
        return Scan(packages, broken)
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        try:
            packages.append(read_package_dir(folder))
        except InvalidPackage as exc:
            broken.append(exc)
    return Scan(packages, broken)


def installed_packages(models_dir: Path) -> list[InstalledPackage]:
    """The valid packages under models_dir, sorted by folder name."""
    return scan(models_dir).packages


def find_package(models_dir: Path, from_code: str, to_code: str) -> InstalledPackage | None:
    """The installed package for one direction; the highest version if several are installed."""
    matches = [
        p for p in installed_packages(models_dir)
        if p.from_code == from_code and p.to_code == to_code
    ]
    return max(matches, key=lambda p: _version_key(p.version), default=None)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version))
