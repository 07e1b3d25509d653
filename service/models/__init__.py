"""Translation-model tooling: the manifest of known Argos packages, checking and installing
``.argosmodel`` archives, and reading what is installed.

Domain code only (no Flask). Nothing here downloads except ``service.models.install.install`` /
``install_pair``, run by the explicit ``python -m service.models install`` command (they are not
re-exported here, so ``service.models.install`` stays the module). Importing does no work.
"""

from __future__ import annotations

from .errors import (
    ChecksumMismatch,
    DownloadFailed,
    InvalidPackage,
    ManifestError,
    ModelError,
    NoSource,
    SourceError,
    UnknownPair,
)
from .install import InstallReport, InstallResult
from .manifest import Manifest, PackageEntry, load_manifest
from .package import InstalledPackage
from .registry import find_package, installed_packages

__all__ = [
    "ChecksumMismatch",
    "DownloadFailed",
    "InstallReport",
    "InstallResult",
    "InstalledPackage",
    "InvalidPackage",
    "Manifest",
    "ManifestError",
    "ModelError",
    "NoSource",
    "PackageEntry",
    "SourceError",
    "UnknownPair",
    "find_package",
    "installed_packages",
    "load_manifest",
]
