"""Replicas behind a real load balancer: a lost replica costs no request, a release rolls.

Three ``sdkg serve`` replicas, each with its own copy of the same published build,
run on loopback behind HAProxy, configured by ``deploy/haproxy.cfg`` as it ships
(the addresses come from the environment). A few threads keep requesting a page
and a SPARQL ASK through the balancer while one replica is killed outright, or while
a new release is published to the replicas one by one. HAProxy names the replica
that answered in ``Sdkg-Replica``; each replica names its release in ``Sdkg-Release``.

Both tests are marked slow: about 10 s for the killed replica (three servers
started, 6 s of load) and about 25 s for the rolling release (two releases
built, three replicas restarted one after another under load), on an idle machine.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from service.build.pipeline import build
from service.store import releases
from tests.conftest import BASE, SITE
from tests.servers import VENV_BIN, free_port, running, wait_until_up
from tests.test_releases import _change, _settings

HAPROXY = Path(shutil.which("haproxy") or "/usr/sbin/haproxy")
CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "haproxy.cfg"
REPLICAS = 3
THREADS = 4
#: True in the second release of the fixture only: a gemeente added between the two.
ASK_ZEIST = "/sparql?query=" + quote(f"ASK {{ <{BASE}id/gemeente/zeist> ?p ?o }}")
PATHS = ("/", ASK_ZEIST)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not HAPROXY.exists(), reason="HAProxy is not installed (scripts/install-system-packages.sh)"
    ),
]


@dataclass
class Answer:
    """One request through the balancer, as the client saw it."""

    path: str
    started: float
    ended: float
    status: int
    replica: str = ""
    release: str = ""
    body: str = ""


@dataclass
class Replica:
    """One ``sdkg serve`` over its own copy of a build, in a folder of its own."""

    name: str
    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def build(self) -> Path:
        return self.root / "build"

    def install(self, published: Path) -> None:
        """Copy a published build in as this replica's own store, replacing what it had."""
        shutil.rmtree(self.build, ignore_errors=True)
        shutil.copytree(published, self.build)

    def start(self) -> None:
        """Start the server and wait until its health check answers."""
        env = {
            **os.environ,
            "SDKG_INSTANCE_DIR": str(self.root),
            "SDKG_QUERY_WORKERS": "1",
            "SDKG_ACCESS_LOG": str(self.root / "access.log"),
            # every reader here is one loopback client; the balancer forwards its address
            "SDKG_TRUSTED_PROXIES": "127.0.0.1",
            "SDKG_CLIENT_QUERIES": "0",
            "SDKG_CLIENT_RATE": "0",
        }
        command = [str(VENV_BIN / "sdkg"), "serve", "--port", str(self.port), "--store", str(self.build)]
        command += ["--processes", "1", "--threads", "4"]
        with (self.root / "server.err").open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)
        wait_until_up(f"http://127.0.0.1:{self.port}/healthz", self.process)

    def stop(self) -> None:
        """SIGTERM (gunicorn lets requests in flight finish), then SIGKILL whatever is left."""
        if self.process is None:
            return
        left = _descendants(self.process.pid)
        with contextlib.suppress(ProcessLookupError):
            self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        _kill_all(left)
        self.process = None

    def kill(self) -> None:
        """Kill the replica outright: its master's process group and each server process's group."""
        assert self.process is not None
        everything = _descendants(self.process.pid) | {self.process.pid}
        groups = {os.getpgid(pid) for pid in everything if _alive(pid)}
        for group in groups:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        self.process.wait(10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in everything) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in everything)
        self.process = None


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> set[int]:
    """Every process under ``pid`` (server processes lead groups of their own, so groups are not enough)."""
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _kill_all(pids: set[int]) -> None:
    for pid in pids:
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def replicas(root: Path, published: Path) -> Iterator[list[Replica]]:
    """Three started replicas of ``published``, each its own copy; always stopped."""
    started = [Replica(f"replica{n}", root / f"replica{n}") for n in range(1, REPLICAS + 1)]
    try:
        for replica in started:
            replica.root.mkdir(parents=True)
            replica.install(published)
            replica.start()
        yield started
    finally:
        for replica in started:
            replica.stop()


@contextlib.contextmanager
def balancer(behind: list[Replica]) -> Iterator[int]:
    """HAProxy on a free loopback port with the project's configuration; yields the port."""
    port = free_port()
    env = {"SDKG_LISTEN": f"127.0.0.1:{port}"}
    env |= {f"SDKG_REPLICA_{n}": f"127.0.0.1:{r.port}" for n, r in enumerate(behind, 1)}
    with running([str(HAPROXY), "-db", "-f", str(CONFIG)], f"http://127.0.0.1:{port}/healthz", env):
        yield port


def _ask(port: int, path: str) -> Answer:
    """One GET on a fresh connection; a refused or broken connection is an answer with status 0."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    accept = "text/html" if path == "/" else "application/sparql-results+json"
    try:
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        replica, release = response.getheader("Sdkg-Replica", ""), response.getheader(releases.HEADER, "")
        return Answer(path, started, time.monotonic(), response.status, replica, release, body)
    except OSError as error:
        return Answer(path, started, time.monotonic(), 0, body=repr(error))
    finally:
        connection.close()


def under_load(port: int, meanwhile: Callable[[], None]) -> list[Answer]:
    """Keep THREADS clients requesting PATHS through the balancer while ``meanwhile`` runs."""
    answers: list[Answer] = []
    done = threading.Event()

    def client(offset: int) -> None:
        turn = offset
        while not done.is_set():
            answers.append(_ask(port, PATHS[turn % len(PATHS)]))
            turn += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    try:
        meanwhile()
    finally:
        done.set()
        for thread in threads:
            thread.join(60)
    return answers


def test_a_replica_killed_under_load_costs_no_request(site_build, tmp_path: Path) -> None:
    killed_at: list[float] = []
    with replicas(tmp_path, site_build.folder) as started, balancer(started) as port:
        victim = started[0]

        def kill_in_the_middle() -> None:
            time.sleep(3)
            victim.kill()
            killed_at.append(time.monotonic())
            time.sleep(3)

        answers = under_load(port, kill_in_the_middle)
    failed = [(a.path, a.status, a.body[:200]) for a in answers if a.status != 200]
    assert not failed and len(answers) > 50
    assert all(json.loads(a.body)["boolean"] is False for a in answers if a.path == ASK_ZEIST)
    before = Counter(a.replica for a in answers if a.ended < killed_at[0])
    after = Counter(a.replica for a in answers if a.started > killed_at[0])
    assert set(before) == {r.name for r in started}  # round robin: all three served
    assert set(after) == {r.name for r in started[1:]}  # the survivors served the rest
    assert sum(after.values()) > 20


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """Two releases of the site project, a gemeente added between them."""
    root = tmp_path_factory.mktemp("rolling")
    source, instance = root / "project", root / "instance"
    shutil.copytree(SITE, source)
    first = build(_settings(source, instance, release=True))
    _change(source)
    second = build(_settings(source, instance, release=True))
    assert first.release != second.release
    return first, second


def test_a_release_rolls_over_the_replicas_one_by_one(two_releases, tmp_path: Path) -> None:
    first, second = two_releases
    swapped_at: list[float] = []
    with replicas(tmp_path, first.folder) as started, balancer(started) as port:

        def roll() -> None:
            time.sleep(1)
            for replica in started:  # the health check takes it out while it restarts
                replica.stop()
                replica.install(second.folder)
                replica.start()
                time.sleep(2)  # rise 2 x 500 ms: the balancer sends it requests again
            swapped_at.append(time.monotonic())
            time.sleep(1)

        answers = under_load(port, roll)
    failed = [(a.path, a.status, a.body[:200]) for a in answers if a.status != 200]
    assert not failed and len(answers) > 50
    for answer in answers:
        assert answer.release in (first.release, second.release), answer.release
        _assert_body_of(answer, answer.release == second.release)
    seen = Counter(a.release for a in answers)
    assert seen[first.release] > 0 and seen[second.release] > 0
    assert {a.release for a in answers if a.started > swapped_at[0]} == {second.release}


def _assert_body_of(answer: Answer, newer: bool) -> None:
    """The body belongs to the release its header names: the footer, or the added gemeente."""
    if answer.path == ASK_ZEIST:
        assert json.loads(answer.body)["boolean"] is newer
        return
    footer = re.search(r"<footer.*?</footer>", answer.body, re.S)
    assert footer is not None and f"/releases/{answer.release}" in footer.group(0)
