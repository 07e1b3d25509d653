"""Translated files, kept until they are downloaded from the URL ``/translate_file`` answers
with (LibreTranslate's ``translatedFileUrl``).

On disk, not in a worker's memory: the download may reach another gunicorn worker (or, with a
shared folder, another replica) than the upload did. Each stored name starts with a random
token, so a URL cannot be guessed from the file's name. Files older than ``ttl`` seconds are
deleted whenever a file is stored, and are not served.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import tempfile
import time
from pathlib import Path

logger = logging.getLogger(__name__)

#: what ``put`` names a file: 32 hex digits, a dot, the document's safe name
STORED_NAME = re.compile(r"[0-9a-f]{32}\.[A-Za-z0-9_.-]+")
DEFAULT_FOLDER = "precis-files"


class FileStore:
    def __init__(self, folder: Path, ttl: int) -> None:
        self.folder = folder
        self.ttl = ttl

    @classmethod
    def at(cls, folder: str, ttl: int) -> FileStore:
        """The store in ``folder`` ("" for the system's temporary directory's own folder)."""
        return cls(Path(folder) if folder else Path(tempfile.gettempdir()) / DEFAULT_FOLDER, ttl)

    def put(self, name: str, data: bytes) -> str:
        """Store ``data`` as a file named ``name`` (already safe); its stored name."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._sweep()
        stored = f"{secrets.token_hex(16)}.{name}"
        handle, partial = tempfile.mkstemp(dir=self.folder, prefix=".partial-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(partial, self.folder / stored)
        return stored

    def get(self, stored: str) -> bytes | None:
        """The file stored as ``stored``, or None when there is none (or it has expired)."""
        if not STORED_NAME.fullmatch(stored):
            return None
        path = self.folder / stored
        try:
            if self._expired(path):
                return None
            return path.read_bytes()
        except FileNotFoundError:
            return None

    @staticmethod
    def download_name(stored: str) -> str:
        """The name a client saves the file under: the stored name without its token."""
        return stored.split(".", 1)[1]

    def _expired(self, path: Path) -> bool:
        return path.stat().st_mtime < time.time() - self.ttl

    def _sweep(self) -> None:
        for path in self.folder.iterdir():
            try:
                if self._expired(path):
                    path.unlink()
            except FileNotFoundError:  # another worker swept it first
                continue
            except OSError as exc:
                logger.warning("cannot remove expired translated file %s: %s", path, exc)
