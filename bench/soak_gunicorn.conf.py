"""gunicorn config for ``bench/soak_bench.py --tracemalloc`` and ``--no-trim`` only:
``gunicorn.conf.py`` as it is, without its memory trim when ``PRECIS_SOAK_NO_TRIM`` is set (the
baseline), plus a ``post_worker_init`` hook that starts ``tracemalloc`` in each worker once its
app is loaded (tracing the loading of the models took minutes) and, every minute, writes the
allocations that grew since minute 2 (by line, top 30) to
``$PRECIS_SOAK_TRACE_DIR/worker-PID.txt``. Tracing slows the worker and costs memory of its
own: it tells where memory goes, not how much a worker uses."""

import os
import threading
import time
import tracemalloc
from pathlib import Path

_MAIN = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"
exec(compile(_MAIN.read_text(), str(_MAIN), "exec"))  # every setting of the real config

if os.environ.get("PRECIS_SOAK_NO_TRIM"):
    # gunicorn's defaults again: no malloc_trim after requests
    del pre_request, post_request  # noqa: F821


def _trace(out: Path) -> None:
    baseline = None
    for minute in range(1, 10_000):
        time.sleep(60)
        snapshot = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__)]
        )
        if minute == 2:
            baseline = snapshot
        if baseline is None:
            continue
        top = snapshot.compare_to(baseline, "lineno")[:30]
        traced, _peak = tracemalloc.get_traced_memory()
        with out.open("a") as file:
            file.write(f"--- minute {minute}: traced {traced / 2**20:.1f} MiB\n")
            file.writelines(f"{stat}\n" for stat in top)


def post_worker_init(worker):
    trace_dir = os.environ.get("PRECIS_SOAK_TRACE_DIR")
    if trace_dir:
        tracemalloc.start(1)
        out = Path(trace_dir) / f"worker-{os.getpid()}.txt"
        threading.Thread(target=_trace, args=(out,), daemon=True).start()
