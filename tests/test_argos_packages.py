"""Packages where a LibreTranslate or argostranslate host already has them: the folder argospm
installs into loads alongside PRECIS_MODELS_DIR. The folder is filled by argostranslate's own
``install_from_path`` (what ``argospm install`` and LibreTranslate run), in a subprocess with
its home in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from service.config import Settings
from service.package_dirs import argos_packages_dir, package_dirs
from testkit.servers import gunicorn
from testkit.tiny_models import build_argosmodel, package_files, package_name

ARGOS_INSTALL = "import sys, argostranslate.package as p; p.install_from_path(sys.argv[1])"


def argospm_install(home: Path, archive: Path) -> Path:
    """Install ``archive`` as argostranslate does, into ``home``'s default packages folder;
    that folder (``~/.local/share/argos-translate/packages``)."""
    pytest.importorskip("argostranslate", reason="argos-translate-lt is a dev requirement")
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("ARGOS_", "XDG_"))
    }
    subprocess.run(
        [sys.executable, "-c", ARGOS_INSTALL, str(archive)],
        env={**env, "HOME": str(home)},
        cwd=home,
        check=True,
        timeout=120,
        capture_output=True,
    )
    return home / ".local" / "share" / "argos-translate" / "packages"


def test_auto_is_argostranslates_folder_from_its_variable_or_the_users_data() -> None:
    home = Path.home()
    assert argos_packages_dir("", {}) is None
    assert argos_packages_dir("auto", {"ARGOS_PACKAGES_DIR": "/srv/argos"}) == Path("/srv/argos")
    assert argos_packages_dir("auto", {"XDG_DATA_HOME": "/data"}) == Path(
        "/data/argos-translate/packages"
    )
    assert argos_packages_dir("auto", {}) == home / ".local/share/argos-translate/packages"
    assert argos_packages_dir("~/lt/packages", {}) == home / "lt/packages"


def test_the_models_folder_comes_first_and_the_argos_folder_only_when_set() -> None:
    settings = Settings(models_dir=Path("/m"))
    assert package_dirs(settings, {}) == [Path("/m")]
    assert package_dirs(Settings(models_dir=Path("/m"), argos_packages_dir="/a"), {}) == [
        Path("/m"),
        Path("/a"),
    ]


@pytest.mark.server
def test_gunicorn_serves_pairs_argospm_installed_beside_its_own(tmp_path: Path) -> None:
    argos = argospm_install(tmp_path, build_argosmodel(tmp_path / "archives", "uk", "en"))
    assert [p.name for p in argos.iterdir()] == [package_name("uk", "en", "1.0")]
    models = tmp_path / "models"
    top = package_name("en", "zh", "1.0")
    for name, data in package_files("en", "zh").items():
        (models / name).parent.mkdir(parents=True, exist_ok=True)
        (models / name).write_bytes(data)
    assert (models / top / "metadata.json").is_file()
    env = {
        "PRECIS_MODELS_DIR": str(models),
        "PRECIS_ARGOS_PACKAGES_DIR": "auto",
        "ARGOS_PACKAGES_DIR": str(argos),
        "PRECIS_WORKERS": "1",
        "PRECIS_REQUIRE_PAIRS": "uk-en,en-zh,uk-zh",
    }
    with gunicorn(env) as base:
        ready = requests.get(f"{base}/readyz", timeout=10).json()
        # uk -> zh goes through English: one hop from each folder (tiny models, random words)
        answer = requests.post(
            f"{base}/v1/translate",
            json={"text": "Привіт.", "source": "uk", "target": "zh"},
            timeout=60,
        )
    assert ready == {"status": "ready", "pairs": ["en-zh", "uk-en"]}
    assert answer.status_code == 200
    assert answer.json()["translations"][0]["route"] == ["uk-en", "en-zh"]


def test_a_non_translation_argos_package_is_ignored_not_broken(tmp_path: Path) -> None:
    from service.translate import Engine

    top = package_name("en", "uk", "1.0")
    for name, data in package_files("en", "uk", metadata={"type": "sbd"}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    engine = Engine.from_models_dir([tmp_path])
    assert (tmp_path / top).is_dir()
    assert (engine.pairs(), engine.skipped) == ([], ())


def test_installer_list_shows_the_argos_folder_when_it_is_configured(tmp_path: Path) -> None:
    from .test_installer_cli import run_cli

    argos = argospm_install(tmp_path, build_argosmodel(tmp_path / "archives", "uk", "en"))
    env = {"PRECIS_ARGOS_PACKAGES_DIR": str(argos)}
    done = run_cli("list", "--models-dir", tmp_path / "models", env=env)
    assert done.returncode == 0
    assert f"No packages installed in {tmp_path / 'models'}." in done.stdout
    assert f"Packages in {argos}:\n  uk-en   translate-uk_en-1_0" in done.stdout
