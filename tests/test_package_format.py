"""One reader of the Argos package format: the installer and the engine accept and refuse the same
packages, for the same reasons, and the newest version of a pair wins."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from service.installer.errors import ModelError
from service.installer.install import install_pair
from service.installer.manifest import parse_manifest
from service.package_format import (
    PackageError,
    package_folders,
    parse_metadata,
    read_package,
    scan,
    version_key,
)
from service.translate import Engine, TranslateOptions
from testkit.tiny_models import package_files, project_manifest, write_archive

TOP = "translate-zh_en-1_9"


def _broken_metadata(files: dict[str, bytes], **changes: object) -> None:
    meta = json.loads(files[f"{TOP}/metadata.json"])
    meta.update(changes)
    files[f"{TOP}/metadata.json"] = json.dumps(meta).encode()


def _variant(name: str) -> dict[str, bytes]:
    """The files of a tiny zh->en package, intact or broken in one way."""
    files = package_files("zh", "en", "1.9")
    if name == "missing model.bin":
        del files[f"{TOP}/model/model.bin"]
    elif name == "missing vocabulary":
        del files[f"{TOP}/model/shared_vocabulary.json"]
    elif name == "missing sentencepiece.model":
        del files[f"{TOP}/sentencepiece.model"]
    elif name == "bpe tokenizer":
        files[f"{TOP}/bpe.model"] = files.pop(f"{TOP}/sentencepiece.model")
    elif name == "not a translation package":
        _broken_metadata(files, type="sbd")
    elif name == "metadata without to_code":
        _broken_metadata(files, to_code="")
    elif name == "metadata not JSON":
        files[f"{TOP}/metadata.json"] = b"{broken"
    elif name == "target_prefix not a string":
        _broken_metadata(files, target_prefix=3)
    return files


REFUSED = {
    "missing model.bin": "missing model/model.bin",
    "missing vocabulary": "shared_vocabulary",
    "missing sentencepiece.model": "missing sentencepiece.model",
    "bpe tokenizer": "BPE-tokenized packages",
    "not a translation package": "not a translation package",
    "metadata without to_code": "no usable 'to_code'",
    "metadata not JSON": "not valid JSON",
    "target_prefix not a string": "'target_prefix' is not a string",
}


def _installer_accepts(files: dict[str, bytes], tmp_path: Path) -> str | None:
    """None when ``install_pair`` installs the archive, else its reason for refusing."""
    incoming = tmp_path / "incoming"
    write_archive(incoming / "package.argosmodel", files)
    raw = copy.deepcopy(project_manifest())
    for entry in raw["packages"]:
        entry["sha256"] = None  # the tiny archive is not the real one
    try:
        install_pair("zh-en", tmp_path / "installed", incoming, manifest=parse_manifest(raw))
    except ModelError as exc:
        return str(exc)
    return None


def _engine_loads(files: dict[str, bytes], tmp_path: Path) -> bool:
    """Whether the engine loads the package laid out by hand, the installer bypassed."""
    models = tmp_path / "by-hand"
    _lay_out(files, models, TOP)
    engine = Engine.from_models_dir(models, TranslateOptions(beam_size=1))
    return ("zh", "en") in engine.models


def test_a_package_the_installer_accepts_is_one_the_engine_loads(tmp_path: Path) -> None:
    files = _variant("intact")
    assert _installer_accepts(files, tmp_path) is None
    assert _engine_loads(files, tmp_path)


@pytest.mark.parametrize("variant", sorted(REFUSED))
def test_a_package_the_installer_refuses_the_engine_refuses_too(
    tmp_path: Path, variant: str
) -> None:
    files = _variant(variant)
    refusal = _installer_accepts(files, tmp_path)
    assert refusal is not None
    assert REFUSED[variant] in refusal
    assert not _engine_loads(files, tmp_path)
    with pytest.raises(PackageError, match=REFUSED[variant]):
        read_package(tmp_path / "by-hand" / TOP)


def _lay_out(files: dict[str, bytes], models: Path, folder: str) -> None:
    for name, data in files.items():
        path = models / folder / name.split("/", 1)[1]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_scan_lists_usable_packages_and_why_the_others_are_not(tmp_path: Path) -> None:
    _lay_out(_variant("intact"), tmp_path, "good")
    _lay_out(_variant("missing model.bin"), tmp_path, "bad")
    (tmp_path / ".installing-x").mkdir()  # an install in progress is not a package
    found = scan(tmp_path)
    assert [p.name for p in found.packages] == ["good"]
    assert [(Path(e.where).name, e.reason) for e in found.broken] == [
        ("bad", "missing model/model.bin")
    ]


def test_newer_versions_sort_after_older_ones() -> None:
    assert version_key("1.10") > version_key("1.9") > version_key("1.0") > version_key("0.9b1")
    assert version_key("2") > version_key("1.9.9")


def test_metadata_gives_pair_version_and_optional_target_prefix() -> None:
    metadata = parse_metadata(
        json.dumps(
            {
                "from_code": "en",
                "to_code": "zh",
                "package_version": "1.9",
                "target_prefix": "__zh__",
            }
        ),
        "p",
    )
    assert (metadata.pair, metadata.version, metadata.target_prefix) == ("en-zh", "1.9", "__zh__")
    plain = parse_metadata(b'{"from_code": "en", "to_code": "zh", "package_version": "1"}', "p")
    assert plain.target_prefix == ""


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{", "not valid JSON"),
        ("[]", "not a JSON object"),
        ('{"from_code": "en", "package_version": "1"}', "no usable 'to_code'"),
        ('{"from_code": "en", "to_code": "zh"}', "no usable 'package_version'"),
        ('{"type": "sbd", "from_code": "en", "to_code": "zh"}', "not a translation package"),
    ],
)
def test_unusable_metadata_is_a_package_error(content: str, reason: str) -> None:
    with pytest.raises(PackageError, match=reason):
        parse_metadata(content, "p")


def test_folders_starting_with_a_dot_are_not_packages(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".installing-x").mkdir()
    (tmp_path / "stray.json").write_text("{}")
    assert package_folders(tmp_path) == [tmp_path / "b"]
    assert package_folders(tmp_path / "absent") == []
