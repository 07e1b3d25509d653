"""Command line: ``python -m service.installer install|list|available``.

    install [PAIR ...] [--from DIR] [--models-dir DIR] [--cache-dir DIR] [--allow-missing]
            [--skip-failed HOURS] [--connect-timeout SECONDS]
        Install pairs (default: the manifest's default pairs), going on past pairs that cannot be
        fetched. Exit 0 when every requested pair is installed, else 1; ``--allow-missing`` exits
        0 anyway (for setup scripts on machines that cannot fetch every package), but not for a
        pair the manifest does not know, which is a typo to fix. A pair that cannot be fetched
        is recorded (``failures.py``); ``--skip-failed HOURS`` leaves out the pairs that failed
        within that time (``scripts/start`` passes 24) and says how to retry.
    list       the packages installed in the models folder (and in the Argos packages folder
               when ``PRECIS_ARGOS_PACKAGES_DIR`` is set: the service loads them too)
    available  the packages in the manifest, and which are installed

The models folder is ``--models-dir``, else ``PRECIS_MODELS_DIR``, else the service's default
(``service.config.Settings``), so the tool and the service agree on where packages are.
This is the only module of the package that writes to stdout.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from ..package_format import scan
from .errors import ModelError, NoSource, UnknownPair
from .failures import FailureLog, RecentlyFailed, default_failures_file
from .install import ALREADY_INSTALLED, InstallReport, InstallResult, default_cache_dir, install
from .manifest import Manifest, load_manifest


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Progress lines come from the library's loggers; show them on stdout while we run.
    logger = logging.getLogger("service.installer")
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("  %(message)s"))
    saved = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if getattr(args, "quiet", False) else logging.INFO)
    logger.propagate = False
    try:
        try:
            manifest = load_manifest(args.manifest)
        except ModelError as exc:
            print(f"error: {exc}")
            return 2
        models_dir = args.models_dir or _default_models_dir()
        status: int = args.run(args, manifest, models_dir)
        return status
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _default_models_dir() -> Path:
    from service.config import Settings

    return Settings.from_env().models_dir


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m service.installer",
        description="Install and list the Argos translation packages the service uses.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--models-dir",
        type=Path,
        default=None,
        help="package folder (default: $PRECIS_MODELS_DIR or var/models)",
    )
    common.add_argument(
        "--manifest", type=Path, default=None, help="manifest file (default: models/manifest.json)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    inst = commands.add_parser("install", parents=[common], help="install packages")
    inst.add_argument(
        "pairs",
        nargs="*",
        metavar="PAIR",
        help="e.g. zh-en (default: every default pair of the manifest)",
    )
    inst.add_argument(
        "--from",
        dest="from_dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="take .argosmodel files from DIR instead of downloading",
    )
    inst.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="download cache (default: downloads/ next to the models folder)",
    )
    inst.add_argument(
        "--allow-missing",
        action="store_true",
        help="exit 0 even if some packages could not be installed",
    )
    inst.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds without data before a URL download is abandoned",
    )
    inst.add_argument(
        "--connect-timeout",
        type=float,
        default=10.0,
        help="seconds a source's connection may take to open (a network that drops packets "
        "costs this, once per host)",
    )
    inst.add_argument(
        "--skip-failed",
        type=float,
        default=0.0,
        metavar="HOURS",
        help="leave out pairs whose download failed within HOURS (default 0: try every pair)",
    )
    inst.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    inst.set_defaults(run=_cmd_install)

    lst = commands.add_parser("list", parents=[common], help="list installed packages")
    lst.set_defaults(run=_cmd_list)

    avail = commands.add_parser(
        "available", parents=[common], help="list the packages in the manifest"
    )
    avail.set_defaults(run=_cmd_available)
    return parser


def _cmd_install(args: argparse.Namespace, manifest: Manifest, models_dir: Path) -> int:
    pairs = list(args.pairs) or list(manifest.default_pairs)
    cache = args.cache_dir or default_cache_dir(models_dir)
    where = f"from {args.from_dir}" if args.from_dir else f"download cache {cache}"
    print(f"Installing {', '.join(pairs)} into {models_dir} ({where})")
    report = install(
        pairs,
        models_dir,
        args.from_dir,
        manifest=manifest,
        cache_dir=cache,
        timeout=args.timeout,
        connect_timeout=args.connect_timeout,
        failures=FailureLog(default_failures_file(models_dir)),
        skip_failed_within=args.skip_failed * 3600,
        on_result=_print_outcome,
    )
    _print_summary(report, pairs, manifest, models_dir)
    if report.ok:
        return 0
    unknown = any(isinstance(e, UnknownPair) for e in report.failures.values())
    return 0 if args.allow_missing and not unknown else 1


def _print_outcome(pair: str, outcome: InstallResult | ModelError) -> None:
    if isinstance(outcome, RecentlyFailed):
        print(f"{pair}: SKIPPED: {outcome}")
        return
    if isinstance(outcome, ModelError):
        print(f"{pair}: FAILED: {outcome}")
        return
    package = outcome.package
    if outcome.status == ALREADY_INSTALLED:
        print(f"{pair}: already installed ({package.name}, version {package.version})")
        return
    print(f"{pair}: installed {package.name} (version {package.version}) from {outcome.source}")
    if outcome.pinned:
        print(f"  sha256 {outcome.sha256} (matches the manifest)")
    else:
        print(
            f'  sha256 {outcome.sha256} (not pinned: to pin it, set "sha256" of {pair} '
            f"in models/manifest.json to this value)"
        )


def _print_summary(
    report: InstallReport, pairs: list[str], manifest: Manifest, models_dir: Path
) -> None:
    done = len(report.results)
    print(f"\n{done} of {len(pairs)} requested pairs installed in {models_dir}.")
    skipped = [p for p, e in report.failures.items() if isinstance(e, RecentlyFailed)]
    if skipped:
        print(
            f"Not tried, their download failed recently: {', '.join(skipped)}. To retry now:\n"
            f"      python -m service.installer install {' '.join(skipped)}"
        )
    missing = [p for p, e in report.failures.items() if isinstance(e, NoSource)]
    if not missing:
        return
    print(f"Missing: {', '.join(missing)}. To add one, either:")
    example = missing[0]
    name = manifest.entry(example).name
    print(
        f"  - copy its .argosmodel file (for {example}: {name}.argosmodel, any file name works)"
        f" into a folder DIR and run:\n"
        f"      python -m service.installer install {example} --from DIR"
    )
    print(
        f'  - or add a URL that serves it to the "sources" of {example} in '
        f"models/manifest.json and run:\n"
        f"      python -m service.installer install {example}"
    )


def _cmd_list(args: argparse.Namespace, manifest: Manifest, models_dir: Path) -> int:
    _list_folder(models_dir)
    argos = _argos_packages_dir()
    if argos is not None:  # the service loads these too (PRECIS_ARGOS_PACKAGES_DIR)
        print()
        _list_folder(argos)
    return 0


def _list_folder(folder: Path) -> None:
    found = scan(folder)
    if not found.packages and not found.broken:
        print(f"No packages installed in {folder}.")
        return
    print(f"Packages in {folder}:")
    for p in found.packages:
        checksum = f"sha256 {p.sha256}" if p.sha256 else "sha256 not recorded"
        print(f"  {p.pair:7} {p.name:24} version {p.version:5} {checksum}")
    for error in found.broken:
        print(f"  BROKEN  {error}")


def _argos_packages_dir() -> Path | None:
    from service.config import Settings
    from service.package_dirs import argos_packages_dir

    return argos_packages_dir(Settings.from_env().argos_packages_dir)


def _cmd_available(args: argparse.Namespace, manifest: Manifest, models_dir: Path) -> int:
    installed = {(p.name, p.version) for p in scan(models_dir).packages}
    print(f"Packages in {manifest.path or 'the manifest'} (installed: in {models_dir}):")
    for e in manifest.packages:
        flags = []
        if e.pair in manifest.default_pairs:
            flags.append("default")
        if (e.name, e.package_version) in installed:
            flags.append("installed")
        size = f"{e.size / 1e6:.1f} MB" if e.size else "size unknown"
        pin = "sha256 pinned" if e.sha256 else "sha256 not pinned"
        print(
            f"  {e.pair:7} {e.name:24} version {e.package_version:5} {size:14} {pin:18}"
            f" {' '.join(f'[{f}]' for f in flags)}"
        )
        for source in e.sources:
            print(f"          source: {source}")
    return 0
