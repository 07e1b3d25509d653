"""Where translation packages are loaded from: the models folder (``PRECIS_MODELS_DIR``, what
``python -m service.installer`` fills) and, when ``PRECIS_ARGOS_PACKAGES_DIR`` is set, the folder
argostranslate's ``argospm`` and LibreTranslate install into, so a host that already has
packages there uses them without downloading them again.

Both hold the same layout: one unzipped ``.argosmodel`` folder per package
(``service.package_format``). ``auto`` finds argostranslate's folder as argostranslate does:
``$ARGOS_PACKAGES_DIR``, else ``$XDG_DATA_HOME/argos-translate/packages``, else
``~/.local/share/argos-translate/packages`` (its ``settings.json`` is not read).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .config import Settings

AUTO = "auto"


def argos_packages_dir(value: str, environ: Mapping[str, str] | None = None) -> Path | None:
    """The Argos packages folder ``PRECIS_ARGOS_PACKAGES_DIR`` names; None when it is empty."""
    environ = os.environ if environ is None else environ
    value = value.strip()
    if not value:
        return None
    if value.lower() != AUTO:
        return Path(value).expanduser()
    if environ.get("ARGOS_PACKAGES_DIR"):
        return Path(environ["ARGOS_PACKAGES_DIR"]).expanduser()
    data_home = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "argos-translate" / "packages"


def package_dirs(settings: Settings, environ: Mapping[str, str] | None = None) -> list[Path]:
    """The folders the engine loads packages from, the models folder first."""
    argos = argos_packages_dir(settings.argos_packages_dir, environ)
    return [settings.models_dir] + ([argos] if argos is not None else [])
