"""Fair sharing of /sparql: per client, how many requests at once, how many a minute, how many errors.

Three limits, each answered with 429 and ``Retry-After`` (``0`` switches one off):

- ``CLIENT_QUERIES`` requests of one client running at once (the rest: ``Retry-After: 1``);
- ``CLIENT_RATE`` requests a minute, as a bucket of that many tokens that refills
  continuously, so a burst of up to a minute's worth is allowed;
- ``ERROR_LIMIT`` 4xx answers (malformed queries, refused requests) within the last
  minute: then the client is refused for ``ERROR_PENALTY`` seconds.

The client is the one ``service.web.clients`` works out (``TRUSTED_PROXIES``). The
counters hold across all server processes: they live in one SQLite file (write-ahead
log) in the runtime folder that the processes share, and each check is one short
``BEGIN IMMEDIATE`` transaction. A slot of a running request belongs to its process;
slots of processes that are gone are cleared when they are in the way.

In the Flask test mode (``TESTING``) the limits are off: a test client is one client
that makes many requests.
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from flask import Flask, Response, current_app, g, request

from service.web.clients import current_client
from service.web.errors import error_response
from service.web.runtime import runtime_dir

#: The routes the limits apply to.
LIMITED_PATHS = ("/sparql",)
#: Rows of clients idle this long are forgotten (their buckets are full and empty again by then).
FORGET_AFTER = 600.0

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS running (id INTEGER PRIMARY KEY, client TEXT NOT NULL, pid INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS running_client ON running (client);
CREATE TABLE IF NOT EXISTS clients (
    client TEXT PRIMARY KEY, tokens REAL NOT NULL, updated REAL NOT NULL, blocked_until REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (client TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_client ON failures (client, at);
"""


@dataclass(frozen=True)
class Refusal:
    message: str
    retry_after: float


class SharedLimits:
    """The three limits, counted in a SQLite file that every server process opens."""

    def __init__(self, path: Path, queries: int, rate: int, errors: int, penalty: float) -> None:
        self.path = path
        self.queries, self.rate, self.errors, self.penalty = queries, rate, errors, penalty
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._swept = 0.0

    def _connection(self) -> sqlite3.Connection:
        """This process's connection (a connection must not cross a fork)."""
        if self._db is None or self._pid != os.getpid():
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            # counters of one server's lifetime: they need not survive a crash of the machine
            db.execute("PRAGMA synchronous=OFF")
            db.executescript(_SCHEMA)
            self._db, self._pid = db, os.getpid()
        return self._db

    def _transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            db = self._connection()
            db.execute("BEGIN IMMEDIATE")
            try:
                result = work(db)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            return result

    def _state(self, db: sqlite3.Connection, client: str, now: float) -> tuple[float, float]:
        """The client's tokens, refilled up to ``now``, and the end of its block."""
        row = db.execute(
            "SELECT tokens, updated, blocked_until FROM clients WHERE client = ?", (client,)
        ).fetchone()
        if row is None:
            return float(self.rate), 0.0
        tokens, updated, blocked_until = row
        return min(float(self.rate), tokens + max(0.0, now - updated) * self.rate / 60), blocked_until

    def _store(self, db: sqlite3.Connection, client: str, now: float, tokens: float, blocked: float) -> None:
        db.execute(
            "INSERT INTO clients (client, tokens, updated, blocked_until) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (client) DO UPDATE SET tokens = excluded.tokens, updated = excluded.updated, "
            "blocked_until = excluded.blocked_until",
            (client, tokens, now, blocked),
        )

    def admit(self, client: str, now: float | None = None) -> int | Refusal:
        """A slot for one request of ``client`` (give it back with ``release``), or why not."""
        now = time.time() if now is None else now

        def work(db: sqlite3.Connection) -> int | Refusal:
            self._sweep(db, now)
            tokens, blocked = self._state(db, client, now)
            if blocked > now:
                return Refusal(
                    f"too many malformed or refused requests from this client ({self.errors} within a "
                    f"minute): /sparql refuses it for another {math.ceil(blocked - now)} s",
                    blocked - now,
                )
            if self.queries and self._running(db, client) >= self.queries:
                return Refusal(
                    f"this client already has {self.queries} request(s) to /sparql running, the most "
                    "one client may have at once; send the next when one has answered",
                    1.0,
                )
            if self.rate:
                if tokens < 1:
                    return Refusal(
                        f"more than {self.rate} requests to /sparql a minute from this client",
                        (1 - tokens) * 60 / self.rate,
                    )
                tokens -= 1
            self._store(db, client, now, tokens, blocked)
            row = db.execute(
                "INSERT INTO running (client, pid) VALUES (?, ?)", (client, os.getpid())
            ).lastrowid
            assert row is not None, "an INSERT gives its row id"
            return row

        return self._transaction(work)

    def _running(self, db: sqlite3.Connection, client: str) -> int:
        """Running requests of a client; slots of processes that no longer exist are cleared first."""
        rows = db.execute("SELECT id, pid FROM running WHERE client = ?", (client,)).fetchall()
        stale = [(slot,) for slot, pid in rows if pid != os.getpid() and not _alive(pid)]
        db.executemany("DELETE FROM running WHERE id = ?", stale)
        return len(rows) - len(stale)

    def _sweep(self, db: sqlite3.Connection, now: float) -> None:
        if now - self._swept > 60:
            db.execute(
                "DELETE FROM clients WHERE updated < ? AND blocked_until < ?", (now - FORGET_AFTER, now)
            )
            db.execute("DELETE FROM failures WHERE at < ?", (now - 60,))
            self._swept = now

    def release(self, slot: int) -> None:
        self._transaction(lambda db: db.execute("DELETE FROM running WHERE id = ?", (slot,)))

    def failed(self, client: str, now: float | None = None) -> None:
        """Count a 4xx answer; the client is blocked at the ``errors``-th within a minute."""
        if not self.errors:
            return
        now = time.time() if now is None else now

        def work(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM failures WHERE client = ? AND at <= ?", (client, now - 60))
            db.execute("INSERT INTO failures (client, at) VALUES (?, ?)", (client, now))
            (count,) = db.execute("SELECT COUNT(*) FROM failures WHERE client = ?", (client,)).fetchone()
            if count >= self.errors:
                tokens, _ = self._state(db, client, now)
                self._store(db, client, now, tokens, now + self.penalty)
                db.execute("DELETE FROM failures WHERE client = ?", (client,))

        self._transaction(work)

    def forget_process(self, pid: int) -> None:
        """Clear the slots an earlier process with this pid may have left."""
        self._transaction(lambda db: db.execute("DELETE FROM running WHERE pid = ?", (pid,)))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _limits(app: Flask) -> SharedLimits | None:
    return app.extensions.get("sdkg.limits")


def forget_process(app: Flask) -> None:
    limits = _limits(app)
    if limits is not None:
        limits.forget_process(os.getpid())


def init_app(app: Flask) -> None:
    c = app.config
    numbers = int(c["CLIENT_QUERIES"]), int(c["CLIENT_RATE"]), int(c["ERROR_LIMIT"])
    if app.testing or not any(numbers):
        return
    path = runtime_dir(app) / "limits.sqlite3"
    app.extensions["sdkg.limits"] = SharedLimits(path, *numbers, float(c["ERROR_PENALTY"]))
    app.before_request(_admit)
    app.after_request(_count_errors)
    app.teardown_request(_release)


def _limited() -> bool:
    return request.path in LIMITED_PATHS and request.method in ("GET", "HEAD", "POST")


def _admit() -> Response | None:
    if not _limited():
        return None
    answer = current_app.extensions["sdkg.limits"].admit(current_client())
    if isinstance(answer, Refusal):
        g.sdkg_refused = True
        retry = str(max(1, math.ceil(answer.retry_after)))
        return error_response(429, answer.message, {"Retry-After": retry})
    g.sdkg_slot = answer
    return None


def _count_errors(response: Response) -> Response:
    if _limited() and 400 <= response.status_code < 500 and not g.get("sdkg_refused"):
        current_app.extensions["sdkg.limits"].failed(current_client())
    return response


def _release(_error: BaseException | None) -> None:
    slot = g.pop("sdkg_slot", None)
    if slot is not None:
        current_app.extensions["sdkg.limits"].release(slot)
