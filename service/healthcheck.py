"""Container health check: exit 0 when this host's server answers /readyz with 200.

``python -m service.healthcheck`` reads the port from ``PRECIS_BIND`` like gunicorn does, so the
image's HEALTHCHECK follows a changed port. Standard library only: it runs every 30 seconds.
"""

from __future__ import annotations

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
    except (urllib.error.URLError, OSError) as exc:
        print(f"healthcheck: {url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
