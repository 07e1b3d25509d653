"""The README's curl examples work verbatim against a real gunicorn (only the port differs), and
its configuration table matches the settings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from service.config import PROJECT_ROOT, ServerSettings, Settings, environment_defaults

README = Path(__file__).resolve().parent.parent / "README.md"
DEFAULT_BASE = "http://127.0.0.1:8000"


def curl_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    joined = "\n".join(blocks).replace("\\\n", " ")
    return [line.strip() for line in joined.splitlines() if line.strip().startswith("curl ")]


def test_readme_has_a_curl_example_for_every_route() -> None:
    text = " ".join(curl_commands())
    for route in (
        "/v1/summarize",
        "/v1/detect",
        "/v1/translate",
        "/v1/articles",
        "/v1/languages",
        "/healthz",
        "/readyz",
        "/openapi.yaml",
        "/metrics",
        "/translate",
        "/detect",
        "/languages",
        "/frontend/settings",
        "/v2/translate",
        "/v2/languages",
        "/v2/usage",
    ):
        assert DEFAULT_BASE + route in text


@pytest.mark.server
@pytest.mark.parametrize("command", curl_commands())
def test_readme_curl_example_exits_0_and_only_the_edmundson_one_is_an_error(
    command: str, server: str
) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    result = subprocess.run(
        command.replace(DEFAULT_BASE, server),
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # a pipe into grep: its exit status is the check (the line was found)
    if "openapi.yaml" not in command and "| grep" not in command:
        body = json.loads(result.stdout)
        expect_error = "edmundson" in command
        assert is_error(body) == expect_error, body
        if expect_error:
            assert body["status"] == 422


def is_error(body: object) -> bool:
    """An RFC 9457 problem (an integer ``status``), LibreTranslate's ``{"error": ...}`` or
    DeepL's ``{"message": ...}``."""
    return isinstance(body, dict) and (
        isinstance(body.get("status"), int) or "error" in body or "message" in body
    )


def env_value(value: object) -> str:
    """A setting's default written as its environment variable would be."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Path):
        return value.relative_to(PROJECT_ROOT).as_posix()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_configuration_table_lists_every_setting_with_its_default() -> None:
    rows = dict(
        re.findall(
            r"^\| `(PRECIS_[A-Z0-9_]+)` \| (.+?) \|", README.read_text(encoding="utf-8"), re.M
        )
    )
    documented = {
        name: cell.strip("`") if cell.startswith("`") else "" for name, cell in rows.items()
    }
    expected = {
        name: env_value(default)
        for name, default in environment_defaults(Settings, ServerSettings).items()
    }
    assert documented == expected
