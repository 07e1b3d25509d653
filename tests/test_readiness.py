"""Readiness means the deployment can serve what it was set up for: /readyz is 503 with a problem
naming broken packages, required pairs not installed and a missing or empty models folder; 200
with the loaded pairs otherwise. In-process with tiny real packages, then under real gunicorn
with the container's health check."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from flask import Flask

from service import create_app
from service.config import Settings
from service.readiness import required_pairs
from service.translate import TranslateOptions
from testkit.servers import ROOT, gunicorn
from testkit.tiny_models import package_files, package_name

from .conftest import CheckedClient
from .contract import Contract

NOT_READY = "urn:precis:problem:not-ready"


def lay_out(
    models: Path,
    source: str,
    target: str,
    breakage: Callable[[dict[str, bytes], str], None] | None = None,
) -> str:
    """Write a tiny package for the pair into ``models`` as an installed folder, broken by
    ``breakage`` (which edits the files, keyed by their path under the package folder)."""
    top = package_name(source, target, "1.0")
    files = {name.split("/", 1)[1]: data for name, data in package_files(source, target).items()}
    if breakage:
        breakage(files, top)
    for name, data in files.items():
        path = models / top / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return top


def truncate_model(files: dict[str, bytes], top: str) -> None:
    files["model/model.bin"] = files["model/model.bin"][: len(files["model/model.bin"]) // 2]


def drop_sentencepiece(files: dict[str, bytes], top: str) -> None:
    del files["sentencepiece.model"]


def break_metadata(files: dict[str, bytes], top: str) -> None:
    files["metadata.json"] = b'{"from_code": "en", "to_'


def readyz(models: Path | str, contract: Contract, **config: object) -> tuple[int, dict]:
    app: Flask = create_app(
        {"models_dir": Path(models), "translate": TranslateOptions(beam_size=1), **config}
    )
    response = CheckedClient(app.test_client(), contract).get("/readyz")
    with response:  # closing the body ends the request's context (its id, its notes)
        return response.status_code, response.get_json()


def test_installed_packages_are_ready_and_named(tmp_path: Path, contract: Contract) -> None:
    lay_out(tmp_path, "en", "uk")
    lay_out(tmp_path, "uk", "en")
    assert readyz(tmp_path, contract) == (200, {"status": "ready", "pairs": ["en-uk", "uk-en"]})


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [
        (truncate_model, "cannot load the CTranslate2 model"),
        (drop_sentencepiece, "missing sentencepiece.model"),
        (break_metadata, "metadata.json is not valid JSON"),
    ],
)
def test_a_broken_package_makes_it_not_ready_naming_the_package_and_why(
    tmp_path: Path,
    contract: Contract,
    breakage: Callable[[dict[str, bytes], str], None],
    reason: str,
) -> None:
    lay_out(tmp_path, "en", "uk")
    broken = lay_out(tmp_path, "uk", "en", breakage)
    status, body = readyz(tmp_path, contract)
    assert status == 503
    assert body["type"] == NOT_READY
    [entry] = body["broken"]
    assert entry["package"] == broken
    assert entry["path"] == str(tmp_path / broken)
    assert reason in entry["reason"]
    assert broken in body["detail"]
    assert reason in body["detail"]


def test_a_missing_models_folder_is_not_ready(tmp_path: Path, contract: Contract) -> None:
    status, body = readyz(tmp_path / "nowhere", contract)
    assert status == 503
    assert body["type"] == NOT_READY
    assert f"{tmp_path / 'nowhere'} does not exist" in body["detail"]


def test_an_empty_models_folder_is_not_ready(tmp_path: Path, contract: Contract) -> None:
    status, body = readyz(tmp_path, contract)
    assert status == 503
    assert f"{tmp_path} is empty" in body["detail"]


def test_a_summary_only_deployment_needs_no_package(tmp_path: Path, contract: Contract) -> None:
    assert readyz(tmp_path, contract, require_pairs="none") == (
        200,
        {"status": "ready", "pairs": []},
    )


def test_required_pairs_not_installed_are_named(tmp_path: Path, contract: Contract) -> None:
    lay_out(tmp_path, "en", "uk")
    status, body = readyz(tmp_path, contract, require_pairs="en-uk, uk-en,en-ru")
    assert status == 503
    assert body["missing"] == ["uk-en", "en-ru"]
    assert "Required pairs not installed: uk-en, en-ru (installed: en-uk)" in body["detail"]


def test_a_required_pair_served_through_english_counts(tmp_path: Path, contract: Contract) -> None:
    lay_out(tmp_path, "uk", "en")
    lay_out(tmp_path, "en", "zh")
    status, body = readyz(tmp_path, contract, require_pairs="uk-zh")
    assert (status, body["pairs"]) == (200, ["en-zh", "uk-en"])


def test_require_pairs_reads_commas_spaces_and_none() -> None:
    assert required_pairs("") is None
    assert required_pairs(" none ") == ()
    assert required_pairs("en-uk, uk-en en-uk") == ("en-uk", "uk-en")


def test_a_malformed_require_pairs_stops_the_start_naming_the_variable() -> None:
    with pytest.raises(ValueError, match="PRECIS_REQUIRE_PAIRS='en_uk'"):
        Settings.from_env({"PRECIS_REQUIRE_PAIRS": "en_uk"})


def healthcheck(base: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRECIS_BIND": base.removeprefix("http://")}
    return subprocess.run(
        [sys.executable, "-m", "service.healthcheck"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.server
def test_gunicorn_with_a_broken_package_is_unhealthy_and_says_why(
    tmp_path: Path, contract: Contract
) -> None:
    models = tmp_path / "models"
    lay_out(models, "en", "uk")
    broken = lay_out(models, "uk", "en", truncate_model)
    log = tmp_path / "server.log"
    env = {"PRECIS_MODELS_DIR": str(models), "PRECIS_WORKERS": "1"}
    with gunicorn(env, log=log, probe="/healthz") as base:
        response = requests.get(f"{base}/readyz", timeout=10)
        contract.check_response(
            "GET",
            "/readyz",
            response.status_code,
            response.headers["Content-Type"],
            response.json(),
        )
        assert response.status_code == 503
        assert [b["package"] for b in response.json()["broken"]] == [broken]
        check = healthcheck(base)
        languages = requests.get(f"{base}/v1/languages", timeout=10).json()
    # the intact package is still loaded and served: one broken package takes nothing down
    assert [(p["source"], p["target"]) for p in languages["pairs"]] == [("en", "uk")]
    assert check.returncode == 1
    assert "503" in check.stderr
    assert broken in check.stderr
    assert f"not ready (/readyz answers 503): Package {broken} is broken" in log.read_text()


@pytest.mark.server
def test_gunicorn_with_a_missing_models_folder_is_unhealthy(tmp_path: Path) -> None:
    env = {"PRECIS_MODELS_DIR": str(tmp_path / "nowhere"), "PRECIS_WORKERS": "1"}
    with gunicorn(env, probe="/healthz") as base:
        response = requests.get(f"{base}/readyz", timeout=10)
        check = healthcheck(base)
    assert response.status_code == 503
    assert check.returncode == 1
    assert "does not exist" in check.stderr


@pytest.mark.server
def test_gunicorn_serving_its_required_pairs_is_healthy(tmp_path: Path) -> None:
    models = tmp_path / "models"
    lay_out(models, "en", "uk")
    lay_out(models, "uk", "en")
    env = {
        "PRECIS_MODELS_DIR": str(models),
        "PRECIS_WORKERS": "1",
        "PRECIS_REQUIRE_PAIRS": "en-uk,uk-en",
    }
    with gunicorn(env) as base:
        body = requests.get(f"{base}/readyz", timeout=10).json()
        check = healthcheck(base)
    assert body == {"status": "ready", "pairs": ["en-uk", "uk-en"]}
    assert check.returncode == 0, check.stderr
