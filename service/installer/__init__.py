"""The translation-package installer and its command line (``python -m service.installer``):
the manifest of known Argos packages (``models/manifest.json``), fetching from its sources or an
operator's folder, checking ``.argosmodel`` archives, and installing them atomically.

Domain code only (no Flask). Nothing here downloads except ``install.install`` /
``install.install_pair``, run by the explicit ``python -m service.installer install`` command.
The package format itself (layout, metadata, checks) is ``service.package_format``, shared with
the engine that loads what was installed. Importing does no work.
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

__all__ = [
    "ChecksumMismatch",
    "DownloadFailed",
    "InstallReport",
    "InstallResult",
    "InvalidPackage",
    "Manifest",
    "ManifestError",
    "ModelError",
    "NoSource",
    "PackageEntry",
    "SourceError",
    "UnknownPair",
    "load_manifest",
]
