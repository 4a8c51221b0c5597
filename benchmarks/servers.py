"""Start, watch and stop the servers of a benchmark run, each in its own process group.

Every server listens on 127.0.0.1 at a free port and is started in a new session, so the
whole group (our server, its forkserver and query workers) can be read from /proc and
ended at once: SIGTERM, then SIGKILL for what is left after a few seconds. ``stop_all``
runs at exit, on SIGINT/SIGTERM and after an error, so no server outlives the run.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024

_running: list[Server] = []


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _read_stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name is in parentheses and may hold spaces: split after the last ")"
    return [text[: text.index("(")].strip(), *text[text.rindex(")") + 2 :].split()]


def group_pids(pgid: int) -> list[int]:
    """Every live process of a process group (field 5 of /proc/<pid>/stat)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _read_stat(int(entry))
            if stat is not None and len(stat) > 4 and stat[3] == str(pgid) and stat[1] != "Z":
                pids.append(int(entry))
    return pids


def rss_kib(pid: int) -> int:
    """VmRSS of a process in KiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        stat = _read_stat(pid)
        if stat is not None:
            total += int(stat[12]) + int(stat[13])  # utime + stime
    return total


def role(pid: int, leader: int) -> str:
    """What a process of our server's group is: main, forkserver, worker or helper."""
    if pid == leader:
        return "main"
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        ppid = int(_read_stat(pid)[2])
    except (OSError, TypeError, IndexError, ValueError):
        return "other"
    if "resource_tracker" in cmdline:
        return "resource tracker"
    if "forkserver" in cmdline and ppid == leader:
        return "forkserver"
    return "worker"


@dataclass
class Server:
    """One server: its command, where it answers, and what it used."""

    name: str
    argv: list[str]
    port: int
    ready_path: str  # a GET that answers 200 once the server can take queries
    log: Path
    env: dict[str, str] | None = None
    cwd: Path | None = None
    proc: subprocess.Popen | None = None
    peak_rss: dict[int, tuple[str, int]] = field(default_factory=dict)  # pid -> (role, KiB)
    peak_total: int = 0
    started_at: float = 0.0
    started_seconds: float = 0.0  # from start to the first 200 of ready_path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.started_at = time.monotonic()
        with open(self.log, "wb") as out:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env=self.env,
                cwd=self.cwd,
            )
        _running.append(self)

    def ready(self) -> bool:
        """One look: has ``ready_path`` answered 200? Fails when the server has died."""
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
        try:
            with urllib.request.urlopen(self.url + self.ready_path, timeout=5) as answer:
                if answer.status == 200:
                    self.started_seconds = time.monotonic() - self.started_at
                    return True
        except (urllib.error.URLError, OSError):
            pass
        return False

    def check_alive(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            raise RuntimeError(f"{self.name} is not running:\n{self.log_tail()}")

    def pids(self) -> list[int]:
        return group_pids(self.proc.pid) if self.proc else []

    def sample_rss(self) -> None:
        total = 0
        for pid in self.pids():
            kib = rss_kib(pid)
            total += kib
            name, peak = self.peak_rss.get(pid, (role(pid, self.proc.pid), 0))
            self.peak_rss[pid] = (name, max(peak, kib))
        self.peak_total = max(self.peak_total, total)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.proc is None:
            return
        pgid = self.proc.pid
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and group_pids(pgid):
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=0.2)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        if self in _running:
            _running.remove(self)


def wait_ready(waiting: list[Server], timeout: float) -> None:
    """Poll every server until each one answers; fail when one dies or time is up."""
    deadline = time.monotonic() + timeout
    waiting = list(waiting)
    while waiting:
        waiting = [server for server in waiting if not server.ready()]
        if waiting and time.monotonic() > deadline:
            names = ", ".join(server.name for server in waiting)
            raise RuntimeError(f"{names} did not answer within {timeout:.0f} s:\n{waiting[0].log_tail()}")
        if waiting:
            time.sleep(0.2)


def stop_all() -> None:
    for server in list(_running):
        server.stop()


def _on_signal(signum: int, _frame: object) -> None:
    signal.signal(signum, signal.SIG_DFL)  # a second Ctrl+C ends the run at once
    log_line = f"stopping the servers ({signal.Signals(signum).name})"
    print(log_line, file=sys.stderr, flush=True)
    stop_all()
    raise SystemExit(128 + signum)


atexit.register(stop_all)
# SIGINT too: a run started in the background of a script inherits SIGINT ignored
for _signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(_signum, _on_signal)


class RssSampler:
    """Samples VmRSS of every process of the given servers while a measurement runs."""

    def __init__(self, servers: list[Server], interval: float = 0.2) -> None:
        self.servers = servers
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> RssSampler:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            for server in self.servers:
                server.sample_rss()
            self._stop.wait(self.interval)

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        for server in self.servers:
            server.sample_rss()


def settle(servers: list[Server], timeout: float, idle_share: float = 0.04) -> float:
    """Wait until the servers are idle (together under ``idle_share`` of a core over 0.5 s).

    A server can still be working on requests that wrk gave up on (an rdflib-endpoint that
    answers one request at a time has a queue); measuring the next engine then would share
    the machine with it. Returns the seconds waited; gives up after ``timeout``.
    """
    started = time.monotonic()
    window = 0.5
    while time.monotonic() - started < timeout:
        pids = [pid for server in servers for pid in server.pids()]
        before = cpu_ticks(pids)
        time.sleep(window)
        used = (cpu_ticks(pids) - before) / CLOCK_TICKS
        if used <= idle_share * window:
            break
    return time.monotonic() - started
