"""gunicorn configuration: every value comes from ``service.config.ServerSettings``
(environment variables ``PRECIS_BIND``, ``PRECIS_WORKERS``, ``PRECIS_THREADS``,
``PRECIS_TIMEOUT``, ``PRECIS_MAX_REQUESTS``, ``PRECIS_CLIENT_TIMEOUT``; defaults documented in
the README); ``graceful_timeout`` is ``PRECIS_REQUEST_TIMEOUT`` plus a margin.

Every other ``PRECIS_*`` setting is checked here too, in the master, so a value that cannot work
stops gunicorn with one line naming the variable before any worker is forked.
"""

import os
import sys

# numpy's OpenBLAS starts a thread per core for each matrix product of a summary, on top of the
# workers' own threads; one each ranked a 1,700-sentence text about 10x faster on a busy 2-core
# host (bench/summary_scale.py sets the same). Set before anything imports numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from service import memory
from service.config import ServerSettings, Settings, check_environment
from service.observability import gunicorn_hooks

try:
    check_environment()
except ValueError as exc:
    sys.exit(f"precis: configuration error: {exc}")

_server = ServerSettings.from_env()
# A stopping worker finishes its requests for up to their time budget, plus a margin to answer.
DRAIN_MARGIN_SECONDS = 5

bind = _server.bind
workers = _server.workers
# enough threads for the admission lanes: a request waiting for a slot holds its thread
threads = _server.threads or Settings.from_env().queue.threads_needed()
# gthread, with requests read whole before a thread takes them and a drain that closes the
# listener (service/front/worker.py says why)
worker_class = "service.front.worker.BufferingWorker"
timeout = _server.timeout
graceful_timeout = Settings.from_env().request_timeout + DRAIN_MARGIN_SECONDS
max_requests = _server.max_requests
max_requests_jitter = _server.max_requests // 10
accesslog = "-"
errorlog = "-"
# JSON (or PRECIS_LOG_FORMAT=text) lines like the service's; metrics summed over the workers
logger_class = gunicorn_hooks.JsonLogger
gunicorn_hooks.prepare_metrics_dir()
child_exit = gunicorn_hooks.child_exit
on_exit = gunicorn_hooks.on_exit
wsgi_app = "service:create_app()"
# after a long request, give the memory it freed back to the system (service/memory.py says why)
pre_request = memory.pre_request
post_request = memory.post_request
# The control socket (gunicorn 24+) is not used, and one fixed path would clash between
# several servers on one host.
control_socket_disable = True
