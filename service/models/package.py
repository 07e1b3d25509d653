"""What an Argos ``.argosmodel`` package is, and the checks that make one safe to install.

An ``.argosmodel`` is a zip holding one top folder::

    translate-zh_en-1_9/
        metadata.json          from_code, to_code, package_version, optional target_prefix
        model/                 a CTranslate2 model: model.bin, a vocabulary, config.json
        sentencepiece.model    or bpe.model (the tokenizer the model was trained with)
        stanza/, README.md     optional; not used here

Archives come from the network or from an operator's folder, so nothing in one is trusted: every
member name is checked before anything is written (absolute paths and ``..`` would let a zip write
outside the models folder), and the metadata must name the pair and version the manifest expects,
because a package for another pair would install "successfully" and then translate nonsense.
``model/config.json`` is not required: CTranslate2 models converted before 3.0 have none and still
load.
"""

from __future__ import annotations

import json
import shutil
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import InvalidPackage
from .manifest import PackageEntry

METADATA = "metadata.json"
MODEL_BIN = "model/model.bin"
#: tokenizer file -> kind, in the order Argos Translate itself looks for them
TOKENIZERS = {"sentencepiece.model": "sentencepiece", "bpe.model": "bpe"}
_SHARED_VOCABS = ("model/shared_vocabulary.json", "model/shared_vocabulary.txt")
_SPLIT_VOCABS = (
    ("model/source_vocabulary.json", "model/source_vocabulary.txt"),
    ("model/target_vocabulary.json", "model/target_vocabulary.txt"),
)
#: written by the installer into each package folder: where it came from and its sha256
INSTALL_RECORD = ".install.json"
#: metadata.json is tiny; a huge one is a broken or hostile archive
_MAX_METADATA_BYTES = 1_000_000


@dataclass(frozen=True)
class PackageMetadata:
    """The fields of metadata.json the service relies on."""

    from_code: str
    to_code: str
    package_version: str
    target_prefix: str

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"


@dataclass(frozen=True)
class ArchiveInfo:
    """A checked archive: its single top folder, metadata and tokenizer kind."""

    path: Path
    top: str
    metadata: PackageMetadata
    tokenizer: str


@dataclass(frozen=True)
class InstalledPackage:
    """A package folder under models_dir that passed the structure and metadata checks."""

    path: Path
    name: str
    from_code: str
    to_code: str
    version: str
    tokenizer: str
    target_prefix: str
    #: recorded by the installer (None for folders put there by hand)
    sha256: str | None = None
    source: str | None = None

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def model_dir(self) -> Path:
        """The CTranslate2 model folder (what ``ctranslate2.Translator`` is given)."""
        return self.path / "model"

    @property
    def tokenizer_path(self) -> Path:
        filename = next(f for f, kind in TOKENIZERS.items() if kind == self.tokenizer)
        return self.path / filename


def parse_metadata(data: bytes | str, *, package: str, source: str) -> PackageMetadata:
    """Decode metadata.json; InvalidPackage when a required field is missing or not a string."""
    try:
        raw: Any = json.loads(data)
    except ValueError as exc:
        raise InvalidPackage(package, source, f"{METADATA} is not valid JSON ({exc})") from exc
    if not isinstance(raw, dict):
        raise InvalidPackage(package, source, f"{METADATA} is not a JSON object")
    values: dict[str, str] = {}
    for key in ("from_code", "to_code", "package_version"):
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise InvalidPackage(package, source, f"{METADATA} has no usable {key!r}")
        values[key] = value.strip()
    prefix = raw.get("target_prefix", "")
    if not isinstance(prefix, str):
        raise InvalidPackage(package, source, f"{METADATA} 'target_prefix' is not a string")
    return PackageMetadata(target_prefix=prefix, **values)


def check_metadata(metadata: PackageMetadata, entry: PackageEntry, *, source: str) -> None:
    """The package must be the manifest's pair and version; anything else is InvalidPackage."""
    if metadata.pair != entry.pair:
        raise InvalidPackage(
            entry.name, source,
            f"metadata says {metadata.from_code} -> {metadata.to_code}, expected "
            f"{entry.from_code} -> {entry.to_code}",
        )
    if metadata.package_version != entry.package_version:
        raise InvalidPackage(
            entry.name, source,
            f"metadata says version {metadata.package_version}, the manifest expects "
            f"{entry.package_version} (update models/manifest.json to install another version)",
        )


def inspect_archive(archive: Path, *, package: str, source: str) -> ArchiveInfo:
    """Check an .argosmodel without extracting it: zip, member names, layout, metadata."""
    try:
        with zipfile.ZipFile(archive) as zf:
            names = [info.filename for info in zf.infolist()]
            top = _single_top(names, package=package, source=source)
            files = {_relative(n, top) for n in names if not n.endswith("/")}
            tokenizer = _check_layout(files, package=package, source=source)
            meta_info = zf.getinfo(f"{top}/{METADATA}")
            if meta_info.file_size > _MAX_METADATA_BYTES:
                raise InvalidPackage(package, source, f"{METADATA} is implausibly large")
            metadata = parse_metadata(zf.read(meta_info), package=package, source=source)
    except zipfile.BadZipFile as exc:
        raise InvalidPackage(package, source, f"not a valid zip archive ({exc})") from exc
    except (OSError, EOFError) as exc:
        raise InvalidPackage(package, source, f"archive cannot be read ({exc})") from exc
    return ArchiveInfo(path=archive, top=top, metadata=metadata, tokenizer=tokenizer)


def extract_archive(info: ArchiveInfo, dest: Path, *, package: str, source: str) -> Path:
    """Extract the checked archive's top folder into ``dest``; returns the extracted folder.

    Every target path is checked again against ``dest`` (not just the names), so even a member
    that slipped past ``inspect_archive`` cannot be written outside it. CRC errors surface here.
    """
    root = dest.resolve()
    try:
        with zipfile.ZipFile(info.path) as zf:
            for member in zf.infolist():
                _safe_name(member.filename, package=package, source=source)
                target = (dest / member.filename).resolve()
                if not target.is_relative_to(root):
                    raise InvalidPackage(package, source, f"member {member.filename!r} escapes")
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(member) as src, open(target, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InvalidPackage(package, source, f"corrupt archive ({exc})") from exc
    return dest / info.top


def read_package_dir(path: Path) -> InstalledPackage:
    """Read an installed package folder; InvalidPackage if its layout or metadata is broken."""
    name, source = path.name, str(path)
    files = {
        p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()
    } if path.is_dir() else set()
    tokenizer = _check_layout(files, package=name, source=source)
    try:
        data = (path / METADATA).read_bytes()
    except OSError as exc:
        raise InvalidPackage(name, source, f"{METADATA} cannot be read ({exc})") from exc
    metadata = parse_metadata(data, package=name, source=source)
    record = _read_install_record(path)
    return InstalledPackage(
        path=path, name=name,
        from_code=metadata.from_code, to_code=metadata.to_code,
        version=metadata.package_version, tokenizer=tokenizer,
        target_prefix=metadata.target_prefix,
        sha256=record.get("sha256"), source=record.get("source"),
    )


def write_install_record(path: Path, *, sha256: str, source: str) -> None:
    (path / INSTALL_RECORD).write_text(
        json.dumps({"sha256": sha256, "source": source}, indent=2) + "\n", encoding="utf-8"
    )


def _read_install_record(path: Path) -> dict[str, str]:
    try:
        raw = json.loads((path / INSTALL_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)}


def _safe_name(name: str, *, package: str, source: str) -> PurePosixPath:
    # Zip names use "/"; a backslash or drive letter is a Windows path smuggled in.
    pure = PurePosixPath(name)
    if (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or (len(name) > 1 and name[1] == ":")
        or ".." in pure.parts
    ):
        raise InvalidPackage(package, source, f"unsafe member path {name!r} (absolute or '..')")
    return pure


def _single_top(names: list[str], *, package: str, source: str) -> str:
    if not names:
        raise InvalidPackage(package, source, "archive is empty")
    tops = {_safe_name(n, package=package, source=source).parts[0] for n in names}
    if len(tops) != 1:
        raise InvalidPackage(
            package, source,
            f"archive must hold one top folder, found {', '.join(sorted(tops)[:5])}",
        )
    top = tops.pop()
    if any(n == top for n in names):
        raise InvalidPackage(package, source, f"top entry {top!r} is a file, not a folder")
    return top


def _relative(name: str, top: str) -> str:
    return name[len(top) + 1:]


def _check_layout(files: set[str], *, package: str, source: str) -> str:
    """Required files are present; returns the tokenizer kind."""
    missing = [f for f in (METADATA, MODEL_BIN) if f not in files]
    has_vocab = any(v in files for v in _SHARED_VOCABS) or all(
        any(v in files for v in options) for options in _SPLIT_VOCABS
    )
    if not has_vocab:
        missing.append("model/shared_vocabulary.json (or source/target vocabularies)")
    tokenizer = next((kind for f, kind in TOKENIZERS.items() if f in files), None)
    if tokenizer is None or missing:
        if tokenizer is None:
            missing.append(" or ".join(TOKENIZERS))
        raise InvalidPackage(package, source, f"missing {', '.join(missing)}")
    return tokenizer
