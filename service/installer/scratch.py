"""Temporary files and folders that a killed install can leave behind, and their clean-up.

Installs write into temporary paths next to their final place (so the last move is an atomic
``os.replace``) and remove them whatever happens, short of being killed. Each temporary name
carries its owner, ``<prefix><host>.<pid>.<random>``, so a later install can remove what a dead
process left: same host and the process is gone. Names from another host (a replica sharing
the volume, whose process ids mean nothing here) or from a live process are left alone unless
they are older than a day, which no install takes.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

ABANDONED_AFTER = 24 * 3600.0


def _host() -> str:
    return socket.gethostname().replace(".", "_")  # "." separates the parts of the tag


def owner_tag() -> str:
    return f"{_host()}.{os.getpid()}."


def make_dir(folder: Path, prefix: str) -> Path:
    """A new temporary folder in ``folder``, after removing those abandoned there."""
    remove_abandoned(folder, prefix)
    return Path(tempfile.mkdtemp(prefix=prefix + owner_tag(), dir=folder))


def make_file(folder: Path, prefix: str, suffix: str) -> tuple[int, Path]:
    """A new temporary file (descriptor, path) in ``folder``, after removing abandoned ones."""
    remove_abandoned(folder, prefix)
    fd, name = tempfile.mkstemp(prefix=prefix + owner_tag(), suffix=suffix, dir=folder)
    return fd, Path(name)


def remove_abandoned(folder: Path, prefix: str, *, now: float | None = None) -> list[Path]:
    """Remove the temporary paths with ``prefix`` in ``folder`` whose owner is gone."""
    removed = []
    now = time.time() if now is None else now
    for path in Path(folder).glob(f"{glob_escape(prefix)}*"):
        if _abandoned(path.name[len(prefix) :], path, now):
            log.info("removing %s, left by an install that did not finish", path)
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _abandoned(tag: str, path: Path, now: float) -> bool:
    try:
        age = now - path.lstat().st_mtime
    except FileNotFoundError:
        return False
    if age > ABANDONED_AFTER:
        return True
    host, _, rest = tag.partition(".")
    pid = rest.partition(".")[0]
    if host != _host() or not pid.isdigit():
        return False
    return not _alive(int(pid))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    return True


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)
