"""gunicorn's side of observability, used by ``gunicorn.conf.py`` in the master process.

``JsonLogger`` (gunicorn's ``logger_class``) writes gunicorn's error log and access log in the
shape of the service's own lines (``logs.py``, ``PRECIS_LOG_FORMAT``); an access line is a
record with fields (remote_addr, method, path, status, bytes, duration_ms, user_agent,
request_id: the ``X-Request-ID`` the response echoed), so gunicorn's ``access_log_format`` is
not used. The query string is left out: a GET form could carry text.

``prepare_metrics_dir`` gives the workers a ``PROMETHEUS_MULTIPROC_DIR`` before they fork: a
temporary folder of this master's, removed by ``on_exit``, unless one is set (its stale files
of an earlier run are then removed first). ``child_exit`` tells prometheus-client a worker is
gone, so the live gauges (requests in flight, models loaded) drop its values.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from gunicorn.glogging import Logger

from ..config import Settings
from .logs import RequestIdFilter, build_formatter
from .request_id import HEADER

#: prometheus-client's variable (``metrics.MULTIPROC_DIR_VARIABLE``). Not imported from there:
#: prometheus-client picks its value store when first imported, so the master must not import
#: it before the variable is set, or every forked worker inherits the single-process store
MULTIPROC_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
#: the folder this master made (empty: none, or the operator's own)
_created_dirs: list[str] = []


class JsonLogger(Logger):  # type: ignore[misc]  # gunicorn ships no types
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        formatter = build_formatter(Settings.from_env().log_format)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)
                if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
                    handler.addFilter(RequestIdFilter())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        method = environ.get("REQUEST_METHOD", "-")
        path = environ.get("PATH_INFO", "-")
        request_id = next(
            (value for name, value in resp.headers if name.lower() == HEADER.lower()), None
        )
        self.access_log.info(
            "%s %s %s",
            method,
            path,
            status,
            extra={
                "remote_addr": environ.get("REMOTE_ADDR", "-"),
                "method": method,
                "path": path,
                "status": int(status),
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "user_agent": environ.get("HTTP_USER_AGENT", "-"),
                "request_id": request_id,
            },
        )


def prepare_metrics_dir() -> None:
    """Before the workers fork: the folder they keep their metrics in (see module doc)."""
    current = os.environ.get(MULTIPROC_DIR_VARIABLE)
    if current and current in _created_dirs:
        return  # gunicorn re-read its configuration (HUP): the workers' files stay
    if current:
        folder = Path(current)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()
        return
    created = tempfile.mkdtemp(prefix="precis-metrics-")
    _created_dirs.append(created)
    os.environ[MULTIPROC_DIR_VARIABLE] = created


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client.multiprocess import mark_process_dead

    mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def on_exit(server: Any) -> None:
    for created in _created_dirs:
        shutil.rmtree(created, ignore_errors=True)
