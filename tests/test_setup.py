"""The setup steps the README and the Dockerfile share, run for real on a copy of the project.

No Docker engine runs here, so this is how the image's steps are tested: ``scripts/setup.sh
runtime`` builds a fresh virtual environment from ``requirements.txt`` alone, and the service
starts from it under gunicorn and answers.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from testkit.servers import ROOT, free_port, wait_ready


def project_copy(target: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def test_dockerfile_uses_the_setup_script_a_non_root_user_the_healthcheck_and_gunicorn() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "RUN scripts/setup.sh runtime" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert "HEALTHCHECK" in dockerfile
    assert "service.healthcheck" in dockerfile
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py"]' in dockerfile


@pytest.mark.server
def test_runtime_setup_from_scratch_serves_summaries(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "precis")
    subprocess.run(["scripts/setup.sh", "runtime"], cwd=project, check=True, timeout=900)
    assert not (project / ".venv" / "bin" / "pytest").exists(), "runtime pulled in dev tools"
    port = free_port()
    # no package is installed in the copy: a summaries-only deployment, ready without one
    env = {
        **os.environ,
        "PRECIS_BIND": f"127.0.0.1:{port}",
        "PRECIS_WORKERS": "1",
        "PRECIS_REQUIRE_PAIRS": "none",
    }
    env.pop("VIRTUAL_ENV", None)
    process = subprocess.Popen(
        [str(project / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process)
        response = requests.post(
            f"{base}/v1/summarize",
            timeout=30,
            json={"text": "Один. Два предложения здесь. Три предложения здесь.", "sentences": 1},
        )
        assert response.status_code == 200
        assert response.json()["language"]["code"] == "ru"
    finally:
        process.terminate()
        process.wait(timeout=60)
