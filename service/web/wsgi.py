"""`sdkg serve`: gunicorn over the app, ``SERVER_PROCESSES`` processes of ``SERVER_THREADS`` threads.

The master process only binds the socket and watches its workers; it never makes
the app. Each server process makes its own app after the fork (``preload_app`` is
off), and with it its own store handle and its own pool of query workers, which
start in that process once it has booted (``_post_worker_init``): RocksDB handles
and the forkserver of ``service.store.workers`` must not cross a fork.

Each server process leads a process group of its own, which its forkserver and
query workers join. A query worker holds its forkserver alive, so when a server
process is killed outright (SIGKILL, the OOM killer) nothing of its own would stop
a query that is still running; the master then ends that whole group
(``_child_exit``). A server process that stops normally closes its pools first.

What the processes share lives in one runtime folder that the master makes before
the first fork and removes when it stops: the fair-sharing counters (a SQLite file,
``service.web.limits``) and the Prometheus counters (``prometheus_client``'s
multiprocess mode, ``service.web.observe``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

#: The environment variable ``prometheus_client`` reads at import for its multiprocess mode.
METRICS_ENV = "PROMETHEUS_MULTIPROC_DIR"


def processes(values: dict[str, Any]) -> int:
    """How many server processes: ``SERVER_PROCESSES``, or one per core; a writable store gets one.

    >>> processes({"SERVER_PROCESSES": 3, "WRITABLE": False})
    3
    >>> processes({"SERVER_PROCESSES": 3, "WRITABLE": True})
    1
    """
    if values.get("WRITABLE"):
        return 1  # one process holds the scratch store's lock
    configured = int(values["SERVER_PROCESSES"])
    return configured if configured > 0 else max(1, len(os.sched_getaffinity(0)))


def bind_address(host: str, port: int) -> str:
    """gunicorn's form of a listening address.

    >>> bind_address("::1", 5000)
    '[::1]:5000'
    """
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def gunicorn_options(values: dict[str, Any]) -> dict[str, Any]:
    """The gunicorn configuration for the settings."""
    timeout = float(values["QUERY_TIMEOUT"])
    return {
        "bind": [bind_address(values["HOST"], int(values["PORT"]))],
        "workers": processes(values),
        "worker_class": "gthread",
        "threads": max(1, int(values["SERVER_THREADS"])),
        # a request in flight at shutdown may finish its query
        "graceful_timeout": int(timeout) + 5,
        "timeout": max(30, int(timeout) + 10),
        "keepalive": 5,
        # the app checks MAX_QUERY_BYTES itself (413); a long GET query must reach it
        "limit_request_line": 0,
        "forwarded_allow_ips": ",".join(values["TRUSTED_PROXIES"].split()),
        "accesslog": None,  # the app writes its own JSON access log (service.web.observe)
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "sdkg",
        "preload_app": False,
        "control_socket_disable": True,
        "post_fork": _post_fork,
        "post_worker_init": _post_worker_init,
        "worker_exit": _worker_exit,
        "child_exit": _child_exit,
    }


class Server(BaseApplication):
    """gunicorn, configured from the settings rather than from its command line or a file."""

    def __init__(self, values: dict[str, Any], runtime: Path) -> None:
        self.values = values
        self.runtime = runtime
        super().__init__(prog="sdkg serve")

    def load_config(self) -> None:
        for key, value in gunicorn_options(self.values).items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        """Called in each server process after the fork."""
        from service import create_app

        return create_app({**self.values, "RUNTIME_DIR": str(self.runtime)})


def make_runtime_dir() -> Path:
    """The folder the server processes share; set up before anything imports ``prometheus_client``."""
    runtime = Path(tempfile.mkdtemp(prefix="sdkg-serve-"))
    (runtime / "metrics").mkdir()
    os.environ[METRICS_ENV] = str(runtime / "metrics")
    return runtime


def serve(values: dict[str, Any]) -> None:
    """Run gunicorn until it is stopped (SIGTERM or SIGINT), then remove the runtime folder."""
    runtime = make_runtime_dir()
    try:
        Server(values, runtime).run()
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def _post_fork(server: Any, worker: Any) -> None:
    """A process group per server process, for its query workers to join."""
    os.setpgid(0, 0)


def _post_worker_init(worker: Any) -> None:
    """Start this process's query workers now, so that its first query does not wait for them."""
    from service.web import limits, store_access

    app = worker.wsgi
    limits.forget_process(app)  # a pid of an earlier process may hold stale slots
    with app.app_context():
        engine = store_access.get_engine()
        if hasattr(engine, "pool"):
            engine.pool  # noqa: B018 (the property starts the pool)


def _worker_exit(server: Any, worker: Any) -> None:
    """Stop this process's query workers, so that no query outlives its server process."""
    app = getattr(worker, "wsgi", None)
    engine = app.extensions.get("sdkg.engine") if app is not None else None
    if engine is not None:
        engine.close()


def _child_exit(server: Any, worker: Any) -> None:
    """In the master, when a server process has ended: end what it leaves behind."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(worker.pid, signal.SIGKILL)
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
