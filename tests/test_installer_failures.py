"""A network that drops packets costs seconds, and a pair that could not be fetched is not tried
again on every start: it is recorded, skipped for a while, and the installer says how to retry.

The dropping network is a loopback port whose listen queue is full: the kernel drops further
connection attempts without an answer, as a firewall that drops packets does."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.installer.errors import NoSource
from service.installer.failures import FailureLog, RecentlyFailed, default_failures_file
from service.installer.install import INSTALLED, install
from service.installer.manifest import Manifest, parse_manifest
from testkit.tiny_models import build_manifest_packages, project_manifest

from .test_installer_cli import run_cli


@pytest.fixture
def blackhole() -> Iterator[str]:
    """``host:port`` on loopback that accepts no connection and never refuses one."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    address = server.getsockname()
    queued = []
    for _ in range(3):  # fill the accept queue; later SYNs are dropped
        client = socket.socket()
        client.setblocking(False)
        client.connect_ex(address)
        queued.append(client)
    try:
        yield f"{address[0]}:{address[1]}"
    finally:
        for client in queued:
            client.close()
        server.close()


def manifest_at(host: str) -> tuple[Manifest, dict]:
    raw = project_manifest()
    for entry in raw["packages"]:
        entry["sources"] = [f"http://{host}/{entry['name']}.argosmodel"]
        entry["sha256"] = None
    return parse_manifest(raw), raw


def test_a_dropping_network_costs_one_connect_timeout_per_host(
    tmp_path: Path, blackhole: str
) -> None:
    manifest, _ = manifest_at(blackhole)
    report = install(
        ["en-uk", "uk-en"], tmp_path / "models", manifest=manifest, connect_timeout=0.5
    )
    first, second = report.failures["en-uk"], report.failures["uk-en"]
    assert isinstance(first, NoSource)
    assert "no connection within 0.5 s" in str(first)
    assert f"{blackhole} did not answer within 0.5 s earlier in this run" in str(second)
    assert not (tmp_path / "models").exists() or list((tmp_path / "models").iterdir()) == []


def test_a_failed_pair_is_recorded_and_skipped_until_retried_or_installed(
    tmp_path: Path, blackhole: str
) -> None:
    manifest, raw = manifest_at(blackhole)
    models = tmp_path / "var" / "models"
    log = FailureLog(default_failures_file(models))
    assert log.path == tmp_path / "var" / "install-failures.json"

    install(["en-uk"], models, manifest=manifest, connect_timeout=0.5, failures=log)
    assert "no connection within 0.5 s" in log.read()["en-uk"].reason

    skipped = install(
        ["en-uk"], models, manifest=manifest, failures=log, skip_failed_within=24 * 3600
    ).failures["en-uk"]
    assert isinstance(skipped, RecentlyFailed)
    assert "to retry now: python -m service.installer install en-uk" in str(skipped)

    # without the skip window (an explicit install) it is tried again
    again = install(["en-uk"], models, manifest=manifest, connect_timeout=0.5, failures=log)
    assert isinstance(again.failures["en-uk"], NoSource)

    # once installed (here from a folder), its failure is forgotten
    archives = build_manifest_packages(tmp_path / "incoming", raw)
    done = install(["en-uk"], models, archives["en-uk"].parent, manifest=manifest, failures=log)
    assert done.results[0].status == INSTALLED
    assert log.read() == {}


def test_an_old_failure_is_tried_again(tmp_path: Path) -> None:
    log = FailureLog(tmp_path / "failures.json")
    log.record("en-uk", "download failed", now=1000.0)
    assert log.recent("en-uk", within=3600, now=1000.0 + 3599) is not None
    assert log.recent("en-uk", within=3600, now=1000.0 + 3601) is None


def test_an_unreadable_failure_file_is_an_empty_log(tmp_path: Path) -> None:
    path = tmp_path / "failures.json"
    path.write_text("{not json")
    assert FailureLog(path).read() == {}
    path.write_text(json.dumps({"en-uk": {"reason": "no time"}}))
    assert FailureLog(path).read() == {}


def test_cli_skips_recent_failures_says_how_to_retry_and_allow_missing_exits_0(
    tmp_path: Path, blackhole: str
) -> None:
    _, raw = manifest_at(blackhole)
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(raw))
    models = tmp_path / "var" / "models"
    common = ["--models-dir", models, "--manifest", manifest, "--connect-timeout", "0.5"]
    first = run_cli("install", "en-uk", *common, "--skip-failed", "24", "--allow-missing")
    assert first.returncode == 0, first.stdout
    assert "en-uk: FAILED" in first.stdout
    second = run_cli("install", "en-uk", *common, "--skip-failed", "24", "--allow-missing")
    assert second.returncode == 0, second.stdout
    assert "en-uk: SKIPPED: not tried: it could not be fetched 0.0 h ago" in second.stdout
    assert "To retry now:\n      python -m service.installer install en-uk" in second.stdout
