"""Checking an ``.argosmodel`` archive before it is installed, and extracting it safely.

An ``.argosmodel`` is a zip holding one package folder (its layout: ``service.package_format``).
Archives come from the network or from an operator's folder, so nothing in one is trusted: every
member name is checked before anything is written (absolute paths and ``..`` would let a zip write
outside the models folder), the folder must pass the same checks the engine applies before it
loads a package, and the metadata must name the pair and version the manifest expects, because a
package for another pair would install "successfully" and then translate nonsense.
"""

from __future__ import annotations

import shutil
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..package_format import (
    MAX_METADATA_BYTES,
    METADATA,
    PackageError,
    PackageMetadata,
    check_layout,
    parse_metadata,
)
from .errors import InvalidPackage
from .manifest import PackageEntry


@dataclass(frozen=True)
class ArchiveInfo:
    """A checked archive: its single top folder and its metadata."""

    path: Path
    top: str
    metadata: PackageMetadata


def check_metadata(metadata: PackageMetadata, entry: PackageEntry, *, source: str) -> None:
    """The package must be the manifest's pair and version; anything else is InvalidPackage."""
    if metadata.pair != entry.pair:
        raise InvalidPackage(
            entry.name,
            source,
            f"metadata says {metadata.from_code} -> {metadata.to_code}, expected "
            f"{entry.from_code} -> {entry.to_code}",
        )
    if metadata.version != entry.package_version:
        raise InvalidPackage(
            entry.name,
            source,
            f"metadata says version {metadata.version}, the manifest expects "
            f"{entry.package_version} (update models/manifest.json to install another version)",
        )


def inspect_archive(archive: Path, *, package: str, source: str) -> ArchiveInfo:
    """Check an .argosmodel without extracting it: zip, member names, layout, metadata."""
    try:
        with zipfile.ZipFile(archive) as zf:
            names = [info.filename for info in zf.infolist()]
            top = _single_top(names, package=package, source=source)
            files = {_relative(n, top) for n in names if not n.endswith("/")}
            check_layout(files, package)
            meta_info = zf.getinfo(f"{top}/{METADATA}")
            if meta_info.file_size > MAX_METADATA_BYTES:
                raise InvalidPackage(package, source, f"{METADATA} is implausibly large")
            metadata = parse_metadata(zf.read(meta_info), package)
    except PackageError as exc:
        raise InvalidPackage(package, source, exc.reason) from exc
    except zipfile.BadZipFile as exc:
        raise InvalidPackage(package, source, f"not a valid zip archive ({exc})") from exc
    except (OSError, EOFError) as exc:
        raise InvalidPackage(package, source, f"archive cannot be read ({exc})") from exc
    return ArchiveInfo(path=archive, top=top, metadata=metadata)


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
            package,
            source,
            f"archive must hold one top folder, found {', '.join(sorted(tops)[:5])}",
        )
    top = tops.pop()
    if any(n == top for n in names):
        raise InvalidPackage(package, source, f"top entry {top!r} is a file, not a folder")
    return top


def _relative(name: str, top: str) -> str:
    return name[len(top) + 1 :]
