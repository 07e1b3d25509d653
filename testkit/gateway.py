"""The deploy/ gateway run natively: the repo's nginx template rendered as the nginx image
renders it, and Debian's nginx started on it, for tests.

The image fills ``${NAME}`` placeholders (capitals) with envsubst from its environment and
leaves nginx's own ``$variables`` alone; ``render`` does the same with a mapping, and refuses a
placeholder it has no value for (envsubst would leave it, and nginx would refuse the file).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from .servers import stop

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "precis.conf.template"
_PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def render(template: str, values: Mapping[str, str]) -> str:
    """``template`` with every ``${NAME}`` replaced by ``values[NAME]`` (KeyError if absent)."""
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def wrapper(server_conf: Path, work: Path) -> str:
    """A whole nginx.conf around the rendered ``server`` file, everything under ``work``, as
    the nginx image's own nginx.conf wraps conf.d/ (one worker: round robin is predictable)."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must reach the temp folders
    temp = "\n".join(
        f"    {kind}_temp_path {work / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\npid {work / 'nginx.pid'};\n"
        f"error_log {work / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n{temp}\n    include {server_conf};\n}}\n"
    )


@contextmanager
def nginx_gateway(values: Mapping[str, str], work: Path, port: int) -> Iterator[Path]:
    """Start nginx on the rendered template (``GATEWAY_LISTEN`` is ``127.0.0.1:port``) until
    the context ends; yields the file its access log (stdout) goes to. Skips the test when
    nginx is not installed."""
    binary = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).is_file()), None
    )
    if binary is None:
        pytest.skip("nginx is not installed (scripts/test installs Debian's as root)")
    work.mkdir(parents=True, exist_ok=True)
    server_conf = work / "precis.conf"
    server_conf.write_text(
        render(TEMPLATE.read_text(), {**values, "GATEWAY_LISTEN": f"127.0.0.1:{port}"})
    )
    conf = work / "nginx.conf"
    conf.write_text(wrapper(server_conf, work))
    access = work / "access.log"
    with access.open("wb") as out:
        process = subprocess.Popen(
            [binary, "-p", str(work), "-c", str(conf), "-g", "daemon off;"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_listening(f"http://127.0.0.1:{port}", process, work)
        yield access
    finally:
        stop(process)


def _wait_listening(base: str, process: subprocess.Popen[bytes], work: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (work / "error.log").read_text() if (work / "error.log").exists() else ""
            raise RuntimeError(f"nginx exited with {process.returncode}: {log}")
        try:
            requests.get(f"{base}/healthz", timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise TimeoutError(f"nginx at {base} did not listen within 20 s")
