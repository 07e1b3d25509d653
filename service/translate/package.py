"""Reading an installed package folder's ``metadata.json``.

Packages are installed as extracted folders ``<models_dir>/<package-name>/`` holding
``metadata.json``, the tokenizer model and the CTranslate2 ``model/`` directory. The engine reads
the metadata itself rather than through the installer, so the two stay independent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import PackageError

METADATA = "metadata.json"


@dataclass(frozen=True)
class PackageInfo:
    path: Path
    from_code: str
    to_code: str
    version: str
    #: token CTranslate2 must start the target with (multilingual models), "" when none
    target_prefix: str

    @property
    def name(self) -> str:
        return self.path.name

    def version_key(self) -> tuple[int, ...]:
        """Sortable version, so the newest of two packages for one pair wins."""
        parts = []
        for part in self.version.split("."):
            digits = "".join(ch for ch in part if ch.isdigit())
            parts.append(int(digits) if digits else 0)
        return tuple(parts)


def read_package(path: Path) -> PackageInfo:
    """The metadata of the package folder ``path``; ``PackageError`` when it is not usable."""
    try:
        metadata = json.loads((path / METADATA).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PackageError(path, f"cannot read {METADATA}: {exc}") from exc
    if not isinstance(metadata, dict):
        raise PackageError(path, f"{METADATA} is not a JSON object")
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise PackageError(path, f"package type {kind!r} is not a translation package")
    codes = [metadata.get("from_code"), metadata.get("to_code")]
    if not all(isinstance(code, str) and code for code in codes):
        raise PackageError(path, f"{METADATA} lacks from_code/to_code")
    return PackageInfo(
        path=path,
        from_code=str(codes[0]),
        to_code=str(codes[1]),
        version=str(metadata.get("package_version", "")),
        target_prefix=str(metadata.get("target_prefix") or ""),
    )


def package_folders(models_dir: Path) -> list[Path]:
    """Every folder directly under ``models_dir`` with a metadata file, in name order."""
    if not models_dir.is_dir():
        return []
    return sorted(child for child in models_dir.iterdir()
                  if child.is_dir() and (child / METADATA).is_file())
