"""What the image build does, without a Docker engine: its build context leaves out the
checkout's .venv, var/ and .git; its model step (``scripts/install-models``, run here as the
Dockerfile runs it) installs from a folder of .argosmodel files without the network, and the
image requires the pairs it bakes in."""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
from pathlib import Path

import requests

from testkit.servers import ROOT, gunicorn
from testkit.tiny_models import build_manifest_packages, project_manifest

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def ignored(path: str) -> bool:
    """Whether .dockerignore leaves ``path`` (relative, "/"-separated) out of the context: the
    last matching pattern wins, as Docker reads the file ("!" re-includes)."""
    verdict = False
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        keep = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        patterns = {pattern, pattern.removeprefix("**/")}
        if any(fnmatch.fnmatchcase(prefix, p) for prefix in prefixes for p in patterns) or (
            pattern.startswith("**/")
            and any(fnmatch.fnmatchcase(part, pattern[3:]) for part in parts)
        ):
            verdict = not keep
    return verdict


def copied_paths() -> list[str]:
    """The build-context paths the Dockerfile's COPY lines read (not ``--from`` a stage)."""
    paths = []
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY ") and "--from" not in line:
            paths += [p.rstrip("/") for p in line.split()[1:-1]]
    return paths


def test_the_build_context_leaves_out_venv_var_git_and_caches() -> None:
    for path in (".venv", ".venv/lib/x.py", "var", "var/models/m/model.bin", ".git/HEAD"):
        assert ignored(path), path
    assert ignored("service/__pycache__/config.cpython-311.pyc")


def test_the_build_context_keeps_what_the_dockerfile_copies_and_a_models_folder() -> None:
    copied = copied_paths()
    assert {"requirements.txt", "scripts", "service", "models", "gunicorn.conf.py"} <= set(copied)
    for path in [*copied, "service/config.py", "argosmodels/x.argosmodel"]:
        assert not ignored(path), path


def test_the_image_installs_its_models_with_the_script_and_requires_them() -> None:
    assert re.search(
        r"RUN --mount=type=bind,target=/context \\\n\s+MODELS=\"\$MODELS\" "
        r"MODELS_FROM=\"\$MODELS_FROM\" CONTEXT=/context scripts/install-models",
        DOCKERFILE,
    )
    assert 'PRECIS_REQUIRE_PAIRS="${MODELS:-none}"' in DOCKERFILE


def install_models(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / "install-models")],
        env={**os.environ, "PRECIS_MODELS_DIR": str(tmp_path / "models"), **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_models_from_a_context_folder_install_without_network_and_serve_ready(
    tmp_path: Path,
) -> None:
    context = tmp_path / "context"
    archives = build_manifest_packages(context / "argosmodels", project_manifest())
    assert archives["en-uk"].parent == context / "argosmodels"
    done = install_models(
        tmp_path, MODELS="en-uk uk-en", MODELS_FROM="argosmodels", CONTEXT=str(context)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"from {context}/argosmodels" in done.stdout
    assert "2 of 2 requested pairs installed" in done.stdout
    env = {
        "PRECIS_MODELS_DIR": str(tmp_path / "models"),
        "PRECIS_WORKERS": "1",
        "PRECIS_REQUIRE_PAIRS": "en-uk uk-en",  # what the image sets from MODELS
    }
    with gunicorn(env) as base:
        assert requests.get(f"{base}/readyz", timeout=10).json() == {
            "status": "ready",
            "pairs": ["en-uk", "uk-en"],
        }


def test_a_missing_models_folder_fails_the_build_step(tmp_path: Path) -> None:
    done = install_models(tmp_path, MODELS="en-uk", MODELS_FROM="nowhere", CONTEXT=str(tmp_path))
    assert done.returncode == 1
    assert "MODELS_FROM=nowhere: no such folder in the build context" in done.stderr


def test_a_pair_missing_from_the_folder_fails_the_build_step(tmp_path: Path) -> None:
    (tmp_path / "argosmodels").mkdir()
    done = install_models(
        tmp_path, MODELS="en-uk", MODELS_FROM="argosmodels", CONTEXT=str(tmp_path)
    )
    assert done.returncode == 1
    assert "no .argosmodel in" in done.stdout


def test_no_models_installs_nothing(tmp_path: Path) -> None:
    done = install_models(tmp_path, MODELS="")
    assert done.returncode == 0
    assert not (tmp_path / "models").exists()
