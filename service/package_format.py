"""The Argos Translate package format: what a package folder holds, how its metadata reads, which
folders are usable, and which of two versions is newer.

The installer (before it installs) and the translation engine (before it loads) both check a
package here, so a package the installer accepts is one the engine loads, and one it refuses is
refused by both. A package folder (an ``.argosmodel`` zip holds exactly one)::

    translate-zh_en-1_9/
        metadata.json          type ("translate", the default), from_code, to_code,
                               package_version, optional target_prefix
        model/                 a CTranslate2 model: model.bin, a vocabulary, config.json
        sentencepiece.model    the subword tokenizer
        stanza/, README.md     optional; not used here
        .install.json          written by the installer: the archive's sha256 and source

``model/config.json`` is optional: models converted before CTranslate2 3.0 have none and load.
Older packages tokenized with Moses + BPE (``bpe.model``) are refused with a clear reason: the
engine runs SentencePiece packages only.
"""

from __future__ import annotations

import json
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

METADATA = "metadata.json"
MODEL_DIR = "model"
MODEL_BIN = f"{MODEL_DIR}/model.bin"
SENTENCEPIECE_MODEL = "sentencepiece.model"
BPE_MODEL = "bpe.model"
#: written by the installer into each package folder: where it came from and its sha256
INSTALL_RECORD = ".install.json"
#: metadata.json is tiny; a huge one is a broken or hostile archive
MAX_METADATA_BYTES = 1_000_000
TRANSLATE_TYPE = "translate"
_SHARED_VOCABS = (f"{MODEL_DIR}/shared_vocabulary.json", f"{MODEL_DIR}/shared_vocabulary.txt")
_SPLIT_VOCABS = (
    (f"{MODEL_DIR}/source_vocabulary.json", f"{MODEL_DIR}/source_vocabulary.txt"),
    (f"{MODEL_DIR}/target_vocabulary.json", f"{MODEL_DIR}/target_vocabulary.txt"),
)


class PackageError(Exception):
    """A package (folder or archive) is not usable; ``where`` names it, ``reason`` says why.

    The operator's problem, never a client's: the installer turns it into its own
    ``InvalidPackage`` naming the source, the engine logs it and skips the package."""

    def __init__(self, where: str | Path, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = str(where)
        self.reason = reason


class NotTranslationPackage(PackageError):
    """The folder is an Argos package of another kind (argospm's folder may hold some): not
    broken, only not ours to load."""


@dataclass(frozen=True)
class PackageMetadata:
    """The fields of metadata.json the service relies on."""

    from_code: str
    to_code: str
    version: str
    #: token CTranslate2 must start the target with (multilingual models), "" when none
    target_prefix: str

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"


@dataclass(frozen=True)
class PackageFolder:
    """A package folder that passed every check of this module."""

    path: Path
    metadata: PackageMetadata
    #: recorded by the installer (None for folders put there by hand)
    sha256: str | None = None
    source: str | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def from_code(self) -> str:
        return self.metadata.from_code

    @property
    def to_code(self) -> str:
        return self.metadata.to_code

    @property
    def pair(self) -> str:
        return self.metadata.pair

    @property
    def version(self) -> str:
        return self.metadata.version

    @property
    def target_prefix(self) -> str:
        return self.metadata.target_prefix

    @property
    def model_dir(self) -> Path:
        """The CTranslate2 model folder (what ``ctranslate2.Translator`` is given)."""
        return self.path / MODEL_DIR

    @property
    def tokenizer_path(self) -> Path:
        return self.path / SENTENCEPIECE_MODEL


def version_key(version: str) -> tuple[int, ...]:
    """Sortable version, so the newer of two packages for one pair wins ("1.10" > "1.9")."""
    parts = []
    for part in version.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def parse_metadata(data: bytes | str, where: str | Path) -> PackageMetadata:
    """Decode metadata.json; ``PackageError`` when it is not a translation package's."""
    try:
        raw: Any = json.loads(data)
    except ValueError as exc:
        raise PackageError(where, f"{METADATA} is not valid JSON ({exc})") from exc
    if not isinstance(raw, dict):
        raise PackageError(where, f"{METADATA} is not a JSON object")
    kind = raw.get("type", TRANSLATE_TYPE)
    if kind != TRANSLATE_TYPE:
        raise NotTranslationPackage(where, f"package type {kind!r} is not a translation package")
    values: dict[str, str] = {}
    for key in ("from_code", "to_code", "package_version"):
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise PackageError(where, f"{METADATA} has no usable {key!r}")
        values[key] = value.strip()
    prefix = raw.get("target_prefix") or ""
    if not isinstance(prefix, str):
        raise PackageError(where, f"{METADATA} 'target_prefix' is not a string")
    return PackageMetadata(
        values["from_code"], values["to_code"], values["package_version"], prefix
    )


def check_layout(files: Set[str], where: str | Path) -> None:
    """The package's files (paths relative to its folder, "/"-separated) hold everything the
    engine loads; ``PackageError`` naming what is missing otherwise."""
    if BPE_MODEL in files and SENTENCEPIECE_MODEL not in files:
        raise PackageError(
            where,
            f"BPE-tokenized packages ({BPE_MODEL}) are not supported; "
            "install a SentencePiece version of this language pair",
        )
    missing = [f for f in (METADATA, MODEL_BIN, SENTENCEPIECE_MODEL) if f not in files]
    has_vocab = any(v in files for v in _SHARED_VOCABS) or all(
        any(v in files for v in options) for options in _SPLIT_VOCABS
    )
    if not has_vocab:
        missing.append(f"{MODEL_DIR}/shared_vocabulary.json (or source/target vocabularies)")
    if missing:
        raise PackageError(where, f"missing {', '.join(missing)}")


def read_package(folder: Path) -> PackageFolder:
    """Check and read a package folder; ``PackageError`` if its layout or metadata is broken."""
    if not folder.is_dir():
        raise PackageError(folder, "not a folder")
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    check_layout(files, folder)
    try:
        data = (folder / METADATA).read_bytes()
    except OSError as exc:
        raise PackageError(folder, f"{METADATA} cannot be read ({exc})") from exc
    if len(data) > MAX_METADATA_BYTES:
        raise PackageError(folder, f"{METADATA} is implausibly large")
    record = _read_install_record(folder)
    return PackageFolder(
        folder,
        parse_metadata(data, folder),
        sha256=record.get("sha256"),
        source=record.get("source"),
    )


def package_folders(models_dir: Path) -> list[Path]:
    """Every folder directly under ``models_dir`` that may be a package, in name order. Names
    starting with a dot are the installer's temporary folders; a missing models_dir is empty."""
    if not models_dir.is_dir():
        return []
    return sorted(
        child for child in models_dir.iterdir() if child.is_dir() and not child.name.startswith(".")
    )


@dataclass(frozen=True)
class Scan:
    packages: list[PackageFolder]
    broken: list[PackageError]


def scan(models_dir: Path) -> Scan:
    """Read every package folder under ``models_dir``: the usable ones, and why the others are
    not (``python -m service.installer list`` shows both)."""
    packages: list[PackageFolder] = []
    broken: list[PackageError] = []
    for folder in package_folders(models_dir):
        try:
            packages.append(read_package(folder))
        except PackageError as exc:
            broken.append(exc)
    return Scan(packages, broken)


def write_install_record(folder: Path, *, sha256: str, source: str) -> None:
    (folder / INSTALL_RECORD).write_text(
        json.dumps({"sha256": sha256, "source": source}, indent=2) + "\n", encoding="utf-8"
    )


def _read_install_record(folder: Path) -> dict[str, str]:
    try:
        raw = json.loads((folder / INSTALL_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)}
