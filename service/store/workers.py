"""Query workers: processes that can be ended, so a bad query costs only its own request.

pyoxigraph offers no timeout or cancellation, and some queries overflow its stack or
exhaust memory, which ends the whole process. So queries run in worker processes,
each with an address-space limit (RLIMIT_AS). The server waits for an answer until
the deadline; a worker that is late is killed, and a worker that died is replaced,
while the other workers go on answering. Workers start from the 'forkserver' context:
a clean process that has imported pyoxigraph but never opened a store, because
RocksDB handles must not be forked.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from service.sparql.gate import FederationError
from service.store import evaluation, tasks

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["service.store.evaluation"])


#: Asked while a query runs, in the thread that waits for it; True stops the query (its
#: client went away). The web layer sets it per request.
CANCELLED: ContextVar[Callable[[], bool] | None] = ContextVar("cancelled", default=None)
#: Called with "timeout", "cancelled" or "crash" whenever a worker is killed or found dead.
RESTART_LISTENERS: list[Callable[[str], None]] = []


class QueryTimeoutError(Exception):
    """The query ran past its deadline; its worker was killed."""


class QueryCancelledError(QueryTimeoutError):
    """The query was stopped before its deadline because ``CANCELLED`` said so."""


class WorkerCrashError(Exception):
    """The worker died while answering (a stack overflow, or out of memory)."""


class EngineError(Exception):
    """The engine refused or failed the request; ``syntax`` tells a malformed request (400)."""

    def __init__(self, message: str, syntax: bool = False) -> None:
        super().__init__(message)
        self.syntax = syntax


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, memory_mb: int, writable: str | None = None, network: bool = False) -> None:
        self.connection, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(
            target=evaluation.serve,
            args=(child, memory_mb, writable, network),
            daemon=True,
            name="sdkg-federation-worker" if network else "sdkg-query-worker",
        )
        self.process.start()
        child.close()

    def run(self, task: tasks.Task, timeout: float) -> Any:
        """Send a task and wait for its answer; kill the worker when it is late or dead.

        A large answer comes back as a ``Stream`` of its chunks instead of a value.
        """
        self.connection.send(task)
        deadline = time.monotonic() + timeout
        status, value = self.receive(deadline, timeout, CANCELLED.get())
        if status == "start":
            kind, media_type = value
            return Stream(self, kind, media_type, deadline=deadline, timeout=timeout)
        return _value(status, value)

    def receive(
        self, deadline: float, timeout: float, cancelled: Callable[[], bool] | None = None
    ) -> tuple[str, Any]:
        """The next message from the worker, waiting until the deadline."""
        self._wait(deadline, timeout, cancelled)
        try:
            return self.connection.recv()
        except (EOFError, OSError) as error:
            self.stop()
            code = self.process.exitcode
            raise WorkerCrashError(
                f"the query ended its worker process (exit status {code}); it needs more stack or "
                "memory than a query may use"
            ) from error

    def _wait(self, deadline: float, timeout: float, cancelled: Callable[[], bool] | None) -> None:
        """Until a message is ready or the deadline; asks ``cancelled`` every 0.1 s."""
        step = 0.1 if cancelled else timeout
        while not self.connection.poll(max(0.0, min(deadline - time.monotonic(), step))):
            if time.monotonic() >= deadline:
                self.stop()
                raise QueryTimeoutError(f"the query was stopped after {timeout:g} s")
            if cancelled is not None and cancelled():
                self.stop()
                raise QueryCancelledError("the query was stopped: its client went away")

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


def _value(status: str, value: Any) -> Any:
    """The answer of a worker's final message, or the error it reports."""
    if status == "forbidden":
        raise FederationError(value)
    if status != "ok":
        raise EngineError(value, syntax=status == "syntax")
    return value


class Stream:
    """A large answer arriving in chunks: iterate it once; then its worker goes back to the pool.

    The whole answer must be written within the query's deadline, as a small one must
    be. A client that stops reading (the response is closed early) costs the worker,
    which is still writing: it is replaced.
    """

    def __init__(self, worker: Worker, kind: str, media_type: str, deadline: float, timeout: float) -> None:
        self.worker, self.kind, self.media_type = worker, kind, media_type
        self.deadline, self.timeout = deadline, timeout
        self.give_back: Callable[[Worker, bool], None] = lambda worker, healthy: None
        self._returned = False

    def close(self) -> None:
        """The response is done with the stream; a worker still writing is replaced."""
        self._return(healthy=False)

    def _return(self, healthy: bool) -> None:
        if not self._returned:
            self._returned = True
            self.give_back(self.worker, healthy)

    def __iter__(self) -> Iterator[bytes]:
        healthy = False
        try:
            while True:
                status, value = self.worker.receive(self.deadline, self.timeout)
                if status != "chunk":
                    break
                yield value
            answer = _value(status, value)
            healthy = True
            yield answer.body
        except (EngineError, FederationError):
            healthy = True  # the worker said why it stopped and waits for the next task
            raise
        finally:
            self._return(healthy)


class WorkerPool:
    """A fixed number of workers; each request borrows one and gives back a live one."""

    def __init__(
        self, size: int, memory_mb: int, timeout: float, writable: str | None = None, network: bool = False
    ) -> None:
        self.memory_mb, self.timeout, self.writable, self.network = memory_mb, timeout, writable, network
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: list[Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> Worker:
        worker = Worker(self.memory_mb, self.writable, self.network)
        with self._lock:
            self._all = [w for w in self._all if w.process.is_alive()] + [worker]
        return worker

    def run(self, task: tasks.Task, timeout: float | None = None) -> Any:
        """Run one task on an idle worker; a killed or dead worker is replaced at once."""
        timeout = self.timeout if timeout is None else timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeoutError(f"every query worker stayed busy for {timeout:g} s") from None
        if not worker.process.is_alive():  # ended from outside while idle
            _restarted("crash")
            worker = self._start()
        try:
            value = worker.run(task, timeout)
        except (QueryTimeoutError, WorkerCrashError) as error:
            _restarted(_REASONS[type(error)])
            self._idle.put(self._start())
            raise
        except BaseException:
            self._idle.put(worker)
            raise
        if isinstance(value, Stream):
            value.give_back = self._give_back  # the worker is busy until the stream is read
            return value
        self._idle.put(worker)
        return value

    def _give_back(self, worker: Worker, healthy: bool) -> None:
        """A worker whose stream ended; one that was cut off mid-answer is replaced."""
        if not healthy:
            worker.stop()
            _restarted("cancelled")
            worker = self._start()
        self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker (the pool cannot be used afterwards)."""
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()


_REASONS = {QueryTimeoutError: "timeout", QueryCancelledError: "cancelled", WorkerCrashError: "crash"}


def _restarted(reason: str) -> None:
    for listener in RESTART_LISTENERS:
        listener(reason)
