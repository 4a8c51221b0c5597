"""Start and stop real servers for the slow tests: always on loopback, always stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

VENV_BIN = Path(__file__).resolve().parent.parent / ".venv" / "bin"


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60.0) -> None:
    """Poll ``url`` until it answers; fail early if the process exits.

    Each probe waits for its answer (a first query may be slow while the store opens), so a probe
    never overlaps the one before it and uses up the one-query-per-client limit of the tests after it.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=30):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"no answer from {url} within {seconds} s")


@contextmanager
def running(command: Sequence[str], probe_url: str, env: dict[str, str] | None = None) -> Iterator[None]:
    """Run a server process for the duration of the block, then stop it (kill if it lingers)."""
    log = open(os.devnull, "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        list(command), env={**os.environ, **(env or {})}, stdout=log, stderr=log, start_new_session=True
    )
    try:
        wait_until_up(probe_url, process)
        yield
    finally:
        _stop_group(process)
        log.close()


def _stop_group(process: subprocess.Popen) -> None:
    """Stop the server and everything it started (its workers share its process group)."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(wait)
            time.sleep(0.2)
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def read_only_oxigraph(folder: Path, ntriples: str) -> Iterator[str]:
    """An Oxigraph server on loopback holding ``ntriples``; yields its query endpoint URL."""
    data = folder / "data.nt"
    data.write_text(ntriples, encoding="utf-8")
    oxigraph = str(VENV_BIN / "oxigraph")
    loaded = subprocess.run(
        [oxigraph, "load", "--location", str(folder / "db"), "--file", str(data)], capture_output=True
    )
    assert loaded.returncode == 0, loaded.stderr.decode()
    port = free_port()
    command = [oxigraph, "serve-read-only", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    with running(command, f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"):
        yield f"http://127.0.0.1:{port}/query"
