"""The README's command-line examples and its gzip-body example work verbatim (only the
interpreter's path and the server's port differ): exit 0, and JSON out where JSON is promised."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from testkit.servers import ROOT

from .test_readme import DEFAULT_BASE, README

VENV_PYTHON = ".venv/bin/python"


def sh_lines(*needles: str) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    lines = "\n".join(blocks).replace("\\\n", " ").splitlines()
    return [
        line.strip()
        for line in lines
        if not line.strip().startswith("#") and any(n in line for n in needles)
    ]


def run(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command.replace(VENV_PYTHON, sys.executable),
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_the_readme_shows_every_command_of_the_cli() -> None:
    commands = " ".join(sh_lines("python -m service "))
    for command in ("summarize", "translate", "detect"):
        assert f"python -m service {command}" in commands


@pytest.mark.parametrize("command", sh_lines("python -m service "))
def test_readme_cli_example_exits_0(command: str, zhen_package: object) -> None:
    # zhen_package: skips where the zh-en package (which the translate example needs) is absent
    result = run(command)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    if "--format text" not in command:
        assert all("result" in json.loads(line) for line in result.stdout.splitlines())


@pytest.mark.server
@pytest.mark.parametrize("command", sh_lines("Content-Encoding: gzip"))
def test_readme_gzip_body_example_is_answered(command: str, server: str) -> None:
    if shutil.which("curl") is None or shutil.which("gzip") is None:
        pytest.skip("curl or gzip is not installed")
    result = run(command.replace(DEFAULT_BASE, server))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["language"] == "ru"
