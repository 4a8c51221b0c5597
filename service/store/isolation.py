"""Query workers without a network: the second control behind the SERVICE gate.

A worker that evaluates queries without an allowlisted SERVICE moves itself into a
new, empty network namespace (Linux ``unshare(CLONE_NEWNET)``) before it opens a
store. That namespace has no interfaces but a loopback that is down, so no query,
however it is spelled, can open a connection from there. As root this needs nothing
more; an unprivileged service user needs unprivileged user namespaces
(``kernel.unprivileged_userns_clone=1``), and then a user namespace is made too.
Where neither works, ``probe`` says why and ``sdkg serve`` reports it at start-up.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


class IsolationError(OSError):
    """This host cannot put a process into a network namespace of its own."""


def isolate_network() -> None:
    """Move this (single-threaded) process into an empty network namespace, or raise IsolationError."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) == 0:
        return
    error = ctypes.get_errno()
    if os.geteuid() != 0 and libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:
        return
    raise IsolationError(error, f"cannot make a network namespace: {os.strerror(error)}")


def probe() -> str | None:
    """None when query workers can be isolated on this host, else the reason they cannot."""
    code = "from service.store.isolation import isolate_network; isolate_network()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    if result.returncode == 0:
        return None
    return (result.stderr.strip().splitlines() or ["unknown error"])[-1]
