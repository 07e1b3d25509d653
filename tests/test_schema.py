"""The API against its own spec, over real HTTP: schemathesis derives requests from
``openapi.yaml`` (examples, boundary values of every field, valid and invalid bodies, random
ones) and sends them to a real gunicorn. Every answer must be one the spec lists for the route,
with the content type and body it describes; no request may get a 5xx, and no request the spec
calls invalid may be accepted.

``tests/schemathesis.toml`` names the statuses the schema cannot know about: a valid request
may still be a 422 (text whose language cannot be told, a pair with no model), and an over-long
text is a 413.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import yaml

from testkit.packages import install_tiny
from testkit.servers import gunicorn

CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"
SPEC = Path(__file__).resolve().parents[1] / "openapi.yaml"


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn with tiny en→uk and uk→en models: translations run, and fast (their output is
    noise, which is all a contract test needs)."""
    models = tmp_path_factory.mktemp("schema-models")
    install_tiny(models, "en", "uk")
    install_tiny(models, "uk", "en")
    with gunicorn(
        {"PRECIS_MODELS_DIR": str(models), "PRECIS_WORKERS": "1", "PRECIS_CACHE_ENTRIES": "0"}
    ) as base:
        yield base


def spec_operation_count() -> int:
    """Operations (path x method) in the spec: schemathesis must have tested every one."""
    paths = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["paths"]
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return sum(1 for item in paths.values() for method in item if method in methods)


@pytest.mark.server
def test_every_response_is_one_the_spec_describes(tiny_server: str, tmp_path: Path) -> None:
    run = subprocess.run(  # in tmp_path: the CLI keeps a cache folder in its working directory
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(CONFIG),
            "run",
            str(SPEC),  # the file; the served one is the same (the test below)
            "--url",
            tiny_server,
            "--checks",
            "all",
            "--max-examples",
            "50",
            "--seed",
            "1",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    operations = spec_operation_count()
    assert f"{operations}/{operations}" in run.stdout  # every operation of the spec was tested


def test_the_spec_served_is_the_file_in_the_repository(tiny_server: str) -> None:
    served = requests.get(f"{tiny_server}/openapi.yaml", timeout=10)
    assert served.status_code == 200
    assert served.text == SPEC.read_text()
