"""Checking .argosmodel archives before install: a tiny real package passes and decodes;
corrupt archives, unsafe member paths, wrong pairs or versions and missing files are refused.
(The package folder's own checks, shared with the engine: ``test_package_format.py``.)"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from service.installer.archive import check_metadata, extract_archive, inspect_archive
from service.installer.errors import InvalidPackage
from service.installer.manifest import load_manifest
from service.package_format import read_package
from testkit.tiny_models import build_argosmodel, decode_smoke, package_files, write_archive


def _inspect(path: Path) -> None:
    inspect_archive(path, package="translate-zh_en-1_9", source=str(path))


def test_tiny_package_passes_the_checks_and_its_model_decodes(tmp_path: Path) -> None:
    archive = build_argosmodel(tmp_path, "zh", "en", "1.9")
    info = inspect_archive(archive, package="p", source="s")
    assert info.top == "translate-zh_en-1_9"
    assert (info.metadata.pair, info.metadata.version) == ("zh-en", "1.9")
    check_metadata(info.metadata, load_manifest().entry("zh-en"), source="s")

    folder = extract_archive(info, tmp_path / "out", package="p", source="s")
    package = read_package(folder)
    assert (package.pair, package.version, package.name) == ("zh-en", "1.9", folder.name)
    # Random weights: this proves the model loads and decodes, not that it translates.
    tokens = decode_smoke(package.model_dir)
    assert 0 < len(tokens) <= 10


def test_corrupt_zip_is_rejected(tmp_path: Path) -> None:
    archive = build_argosmodel(tmp_path, "zh", "en", "1.9")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(InvalidPackage, match="not a valid zip archive"):
        _inspect(archive)
    (tmp_path / "text.argosmodel").write_text("hello")
    with pytest.raises(InvalidPackage, match="not a valid zip archive"):
        _inspect(tmp_path / "text.argosmodel")


def test_damaged_member_data_is_rejected_on_extraction(tmp_path: Path) -> None:
    archive = build_argosmodel(tmp_path, "zh", "en", "1.9")
    info = inspect_archive(archive, package="p", source="s")
    with zipfile.ZipFile(archive) as zf:
        member = zf.getinfo("translate-zh_en-1_9/model/model.bin")
        start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    data = bytearray(archive.read_bytes())
    for i in range(start + 50, start + 250):
        data[i] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(InvalidPackage, match="corrupt archive"):
        extract_archive(info, tmp_path / "out", package="p", source="s")


@pytest.mark.parametrize(
    "evil",
    [
        "../evil.txt",
        "/tmp/evil.txt",
        "translate-zh_en-1_9/../../evil.txt",
        "translate-zh_en-1_9/model/../../../evil.txt",
        "C:\\evil.txt",
    ],
)
def test_zip_slip_member_paths_are_rejected(tmp_path: Path, evil: str) -> None:
    files = package_files("zh", "en", "1.9")
    files[evil] = b"owned"
    archive = tmp_path / "pkg" / "evil.argosmodel"
    write_archive(archive, files)
    with pytest.raises(InvalidPackage, match="unsafe member path"):
        _inspect(archive)
    # extraction re-checks every name, even if inspection were skipped
    good = inspect_archive(
        build_argosmodel(tmp_path / "good", "zh", "en", "1.9"), package="p", source="s"
    )
    forged = type(good)(path=archive, top=good.top, metadata=good.metadata)
    with pytest.raises(InvalidPackage, match="unsafe member path"):
        extract_archive(forged, tmp_path / "out", package="p", source="s")
    assert not list(tmp_path.rglob("evil.txt"))


def test_metadata_for_another_pair_is_rejected(tmp_path: Path) -> None:
    archive = build_argosmodel(tmp_path, "zh", "en", "1.9", metadata={"to_code": "ru"})
    info = inspect_archive(archive, package="p", source="s")
    with pytest.raises(InvalidPackage, match="metadata says zh -> ru, expected zh -> en"):
        check_metadata(info.metadata, load_manifest().entry("zh-en"), source=str(archive))


def test_metadata_with_another_version_is_rejected(tmp_path: Path) -> None:
    archive = build_argosmodel(tmp_path, "zh", "en", "2.0")
    info = inspect_archive(archive, package="p", source="s")
    with pytest.raises(InvalidPackage, match=r"version 2\.0, the manifest expects 1\.9"):
        check_metadata(info.metadata, load_manifest().entry("zh-en"), source=str(archive))


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        ("translate-zh_en-1_9/model/model.bin", "missing model/model.bin"),
        ("translate-zh_en-1_9/sentencepiece.model", "missing sentencepiece.model"),
        ("translate-zh_en-1_9/model/shared_vocabulary.json", "shared_vocabulary"),
        ("translate-zh_en-1_9/metadata.json", "missing metadata.json"),
    ],
)
def test_archive_missing_a_required_file_is_rejected(
    tmp_path: Path, drop: str, message: str
) -> None:
    files = package_files("zh", "en", "1.9")
    del files[drop]
    archive = write_archive(tmp_path / "p.argosmodel", files)
    with pytest.raises(InvalidPackage, match=message):
        _inspect(archive)


def test_archive_with_two_top_folders_or_bad_metadata_is_rejected(tmp_path: Path) -> None:
    files = package_files("zh", "en", "1.9")
    files["other/readme.txt"] = b"x"
    with pytest.raises(InvalidPackage, match="one top folder"):
        _inspect(write_archive(tmp_path / "two.argosmodel", files))
    files = package_files("zh", "en", "1.9")
    files["translate-zh_en-1_9/metadata.json"] = b"{broken"
    with pytest.raises(InvalidPackage, match="not valid JSON"):
        _inspect(write_archive(tmp_path / "json.argosmodel", files))
    files["translate-zh_en-1_9/metadata.json"] = json.dumps({"from_code": "zh"}).encode()
    with pytest.raises(InvalidPackage, match="no usable 'to_code'"):
        _inspect(write_archive(tmp_path / "fields.argosmodel", files))
