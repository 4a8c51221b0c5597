"""The two load generators: wrk over rotating paths, and a first-visit client for cold pages."""

from __future__ import annotations

import http.client
import json
import re
import statistics
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "rotate.lua"


@dataclass
class Measurement:
    """One load run against one server: throughput, latency and what went wrong."""

    requests: int
    seconds: float
    p50_ms: float | None
    p99_ms: float | None
    errors: int  # connect/read/write errors and non-2xx/3xx answers
    timeouts: int
    bytes: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def parse_wrk(output: str) -> Measurement:
    """Read wrk's output: the BENCH-JSON line of rotate.lua, else wrk's own report."""
    for line in output.splitlines():
        if line.startswith("BENCH-JSON "):
            data = json.loads(line[len("BENCH-JSON ") :])
            done = data["requests"]
            return Measurement(
                requests=done,
                seconds=data["duration_us"] / 1e6,
                p50_ms=data["p50_us"] / 1e3 if done else None,
                p99_ms=data["p99_us"] / 1e3 if done else None,
                errors=data["connect"] + data["read"] + data["write"] + data["status"],
                timeouts=data["timeout"],
                bytes=data["bytes"],
            )
    # wrk's --latency report (no Lua done() output, e.g. another script)
    done = re.search(r"(\d+) requests in ([\d.]+)(\w+),", output)
    if done is None:
        raise ValueError(f"no wrk summary in:\n{output}")
    seconds = float(done[2]) * UNITS[done[3]] / 1e3
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.M))

    def ms(value: str | None) -> float | None:
        if value is None:
            return None
        number = re.match(r"([\d.]+)(\w+)", value)
        return float(number[1]) * UNITS[number[2]]

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Measurement(
        requests=int(done[1]),
        seconds=seconds,
        p50_ms=ms(percentiles.get("50")),
        p99_ms=ms(percentiles.get("99")),
        errors=(sum(int(errors[i]) for i in (1, 2, 3)) if errors else 0) + (int(status[1]) if status else 0),
        timeouts=int(errors[4]) if errors else 0,
    )


def run_wrk(
    url: str,
    paths: list[str],
    accept: str,
    run_id: str,
    duration: float,
    connections: int,
    threads: int,
    timeout: float,
) -> tuple[Measurement, str]:
    """Load ``url`` for ``duration`` seconds with ``paths`` in turn; returns the figures and wrk's text."""
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    argv = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        f"--timeout={max(1, round(timeout))}s",
        "--latency",
        "-H",
        f"Accept: {accept}",
        "-s",
        str(SCRIPT),
        url,
        "--",
        listing.name,
        run_id,
        str(threads),
    ]
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=duration + timeout + 30, check=False
        )
    finally:
        Path(listing.name).unlink(missing_ok=True)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse_wrk(done.stdout), done.stdout


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (wrk reports the same kind)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def first_visits(
    url: str, paths: list[str], accept: str, connections: int, timeout: float, deadline: float
) -> Measurement:
    """GET each path once, ``connections`` at a time on keep-alive connections; time each one.

    This is the cold measurement: wrk repeats whatever it is given, and a page's first
    visit can happen only once per run. Stops starting requests after ``deadline`` seconds.
    """
    host, port = url.removeprefix("http://").split(":")
    local = threading.local()
    latencies: list[float] = []
    failures = [0, 0]  # errors, timeouts
    lock = threading.Lock()
    stop_at = time.monotonic() + deadline

    def fetch(path: str) -> None:
        if time.monotonic() > stop_at:
            return
        if getattr(local, "connection", None) is None:
            local.connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
        started = time.perf_counter()
        try:
            local.connection.request("GET", path, headers={"Accept": accept})
            answer = local.connection.getresponse()
            answer.read()
            elapsed = (time.perf_counter() - started) * 1e3
            with lock:
                latencies.append(elapsed)
                if answer.status >= 400:
                    failures[0] += 1
            if answer.getheader("Connection", "").lower() == "close":
                local.connection.close()
                local.connection = None
        except TimeoutError:
            with lock:
                failures[1] += 1
            local.connection.close()
            local.connection = None
        except (OSError, http.client.HTTPException):
            with lock:
                failures[0] += 1
            local.connection.close()
            local.connection = None

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        list(pool.map(fetch, paths))
    seconds = time.perf_counter() - started
    return Measurement(
        requests=len(latencies),
        seconds=seconds,
        p50_ms=percentile(latencies, 0.50) if latencies else None,
        p99_ms=percentile(latencies, 0.99) if latencies else None,
        errors=failures[0],
        timeouts=failures[1],
    )


def median(values: list[float]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None
