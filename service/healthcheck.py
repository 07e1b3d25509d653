"""Container health check: exit 0 when this host's server answers /readyz with 200.

Otherwise exit 1 and print why: the 503 problem's ``detail`` (a required pair missing, a broken
package: ``docker inspect`` shows it under the container's health log), or the connection error.

``python -m service.healthcheck`` reads the port from ``PRECIS_BIND`` like gunicorn does, so the
image's HEALTHCHECK follows a changed port. Standard library only: it runs every 30 seconds.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request

from .config import ServerSettings


def readyz_url(bind: str) -> str:
    host, _, port = bind.rpartition(":")
    if host in ("", "0.0.0.0", "[::]", "::"):  # listening everywhere: ask over loopback
        host = "127.0.0.1"
    return f"http://{host}:{port}/readyz"


def main() -> int:
    url = readyz_url(ServerSettings.from_env().bind)
    try:
        with urllib.request.urlopen(url, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as exc:
        with exc:
            print(f"healthcheck: {url}: {exc.code}: {_detail(exc.read())}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"healthcheck: {url}: {exc}", file=sys.stderr)
        return 1


def _detail(body: bytes) -> str:
    """A problem body's ``detail``, or the body itself when it is not one."""
    try:
        problem = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")[:500]
    return str(problem.get("detail", problem)) if isinstance(problem, dict) else str(problem)


if __name__ == "__main__":
    sys.exit(main())
