"""Serving benchmark: our service against a bare Oxigraph server and rdflib-endpoint.

    .venv/bin/python benchmarks/serve.py [--sizes real 100k 1m] [--duration 10] [--rounds 3]

For each size it builds the graph (the real project, or a generated project of about that
many triples made by scripts/benchmark_build.py's generator), loads the build's default
graph dump into an Oxigraph store and into rdflib-endpoint, starts the three servers on
free ports of 127.0.0.1, checks that every query gives the same number of rows on each,
and then loads each server with wrk (8 connections, 2 threads) in rounds: per round, every
query on every engine in turn, then our pages, cold (first visits) and warm (repeats).
Prints a Markdown report and appends it to benchmarks/RESULTS.md. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import benchmark_build  # noqa: E402  (scripts/benchmark_build.py: the generator of bigger graphs)
import load  # noqa: E402
import servers  # noqa: E402
import workload  # noqa: E402
from load import Measurement, median  # noqa: E402
from servers import RssSampler, Server, free_port, settle  # noqa: E402

from service.settings import SOURCE_BASE_IRI  # noqa: E402

BIN = Path(sys.executable).parent
#: Triples of the generated graphs: the shared part plus one copy of nvrr, vgn and cijfers
#: each (with what is inferred and described of them); measured on the build benchmark.
BASE_TRIPLES, TRIPLES_PER_COPY = 10_300, 17_400
HTML = "text/html,application/xhtml+xml"


@dataclass(frozen=True)
class Size:
    label: str
    copies: int | None  # None: the real project

    @classmethod
    def parse(cls, text: str) -> Size:
        if text == "real":
            return cls("real", None)
        match = re.fullmatch(r"(\d+(?:\.\d+)?)([km]?)", text.lower())
        if match is None:
            raise argparse.ArgumentTypeError(f"size {text!r}: give real, or a triple count like 100k or 1m")
        triples = float(match[1]) * {"": 1, "k": 1e3, "m": 1e6}[match[2]]
        copies = max(1, round((triples - BASE_TRIPLES) / TRIPLES_PER_COPY))
        return cls(text.lower(), copies)


@dataclass
class Engine:
    key: str
    title: str
    endpoint: str  # path of the SPARQL endpoint
    server: Server


@dataclass
class PageKind:
    key: str
    title: str
    cold: list[list[str]]  # per round: paths never visited before in this run
    warm: list[str]  # paths visited before, repeated


@dataclass
class SizeResult:
    size: Size
    build_folder: Path
    build_seconds: float | None
    build_triples: int
    default_triples: int
    engines: list[Engine]
    rows: dict[tuple[str, str], int | str] = field(default_factory=dict)
    check_seconds: dict[tuple[str, str], float] = field(default_factory=dict)  # one request, alone
    sparql: dict[tuple[str, str], list[Measurement]] = field(default_factory=dict)
    pages: dict[tuple[str, str], list[Measurement]] = field(default_factory=dict)
    page_kinds: list[PageKind] = field(default_factory=list)
    settled: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    load_before: str = ""
    load_after: str = ""


def loadavg() -> str:
    """The 1-minute load average: the machine is shared, and other work shows here."""
    return Path("/proc/loadavg").read_text().split()[0]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


#: wrk is one client; the per-client limits of /sparql would answer most of its requests 429
UNLIMITED = {"SDKG_CLIENT_QUERIES": "0", "SDKG_CLIENT_RATE": "0", "SDKG_ERROR_LIMIT": "0"}


def child_env() -> dict[str, str]:
    """The environment of the build and of our server: this checkout's ``service`` first."""
    env = {**os.environ, **UNLIMITED}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


# --- data -------------------------------------------------------------------------------


def prepare(size: Size, work: Path) -> tuple[Path, float | None, Path]:
    """Build the size (unless ``work`` already holds its build); load Oxigraph's store.

    Returns the build folder, the build's seconds (None when reused) and the Oxigraph store.
    """
    folder = work / size.label
    instance = folder / "instance"
    current = instance / "current"
    seconds = None
    folder.mkdir(parents=True, exist_ok=True)
    if not (current / "build.json").exists():
        source = ROOT
        if size.copies is not None:
            source = folder / "project"
            shutil.rmtree(source, ignore_errors=True)
            log(f"[{size.label}] generating a project with {size.copies} copies of the data graphs")
            benchmark_build.make_project(source, size.copies)
        log(f"[{size.label}] sdkg build --source-dir {source} --instance-dir {instance}")
        started = time.monotonic()
        with open(folder / "build.log", "wb") as out:
            done = subprocess.run(
                [str(BIN / "sdkg"), "build", "--source-dir", str(source), "--instance-dir", str(instance)],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=child_env(),
                cwd=ROOT,
                timeout=3600,
                check=False,
            )
        seconds = time.monotonic() - started
        if done.returncode != 0:
            raise RuntimeError(f"build of {size.label} failed; see {folder / 'build.log'}")
    else:
        log(f"[{size.label}] reusing the build in {current.resolve()}")
    build = current.resolve()
    store = folder / "oxigraph"
    marker = folder / "oxigraph.loaded"
    if not marker.exists() or marker.read_text() != build.name:
        shutil.rmtree(store, ignore_errors=True)
        log(f"[{size.label}] oxigraph load --location {store} --file sdkg.nt.gz")
        subprocess.run(
            [str(BIN / "oxigraph"), "load", "--location", str(store), "--file", str(dump(build))],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=1800,
            check=True,
        )
        marker.write_text(build.name)
    return build, seconds, store


def dump(build: Path) -> Path:
    """The dump of the default graph (the union of every graph but the shapes)."""
    return build / "dumps" / "sdkg.nt.gz"


def count_lines(path: Path) -> int:
    with gzip.open(path, "rb") as data:
        return sum(1 for line in data if line.strip() and not line.startswith(b"#"))


# --- servers ----------------------------------------------------------------------------


def start_engines(
    build: Path, store: Path, work: Path, ours_args: list[str], keys: list[str]
) -> list[Engine]:
    ask = quote("ASK {}", safe="")
    made: dict[str, Engine] = {}
    if "ours" in keys:
        port = free_port()
        argv = [str(BIN / "sdkg"), "serve", "--host", "127.0.0.1", "--port", str(port), "--store", str(build)]
        made["ours"] = Engine(
            "ours",
            "ours (sdkg serve)",
            "/sparql",
            Server(
                "ours", argv + ours_args, port, f"/sparql?query={ask}", work / "ours.log", child_env(), ROOT
            ),
        )
    if "oxigraph" in keys:
        port = free_port()
        argv = [
            str(BIN / "oxigraph"),
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
        ]
        made["oxigraph"] = Engine(
            "oxigraph",
            "Oxigraph server",
            "/query",
            Server("oxigraph", argv, port, f"/query?query={ask}", work / "oxigraph.log"),
        )
    if "rdflib" in keys:
        port = free_port()
        argv = [sys.executable, str(HERE / "rdflib_endpoint_app.py"), str(dump(build)), "--port", str(port)]
        made["rdflib"] = Engine(
            "rdflib",
            "rdflib-endpoint",
            "/",
            Server("rdflib-endpoint", argv, port, f"/?query={ask}", work / "rdflib-endpoint.log"),
        )
    engines = [made[k] for k in ("ours", "oxigraph", "rdflib") if k in made]
    for engine in engines:
        log(f"starting {engine.title}: {shlex.join(engine.server.argv)}")
        engine.server.start()
    servers.wait_ready([e.server for e in engines], timeout=900)
    for engine in engines:
        log(f"{engine.title} answers at {engine.server.url} after {engine.server.started_seconds:.1f} s")
    return engines


def get(url: str, accept: str, timeout: float = 120) -> tuple[int, bytes, str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read(), answer.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def select(engine: Engine, sparql: str, column: str) -> list[str]:
    status, body, _ = get(
        engine.server.url + engine.endpoint + "?query=" + quote(sparql, safe=""), workload.SELECT_JSON
    )
    if status != 200:
        raise RuntimeError(f"{engine.title} answered {status} to a selection query: {body[:300]!r}")
    return [b[column]["value"] for b in json.loads(body)["results"]["bindings"] if column in b]


# --- workload ---------------------------------------------------------------------------


def page_kinds(
    ours: Engine, picker: Engine, base: str, rounds: int, args: argparse.Namespace
) -> list[PageKind]:
    """Entity, search, dataset and home pages: fresh paths per round for cold, repeats for warm."""
    iris = select(picker, workload.ENTITIES.format(base=base), "s")
    entity = workload.slices([workload.doc_path(i, base) for i in iris], rounds, args.cold_entities)
    words = workload.search_words(select(picker, workload.LABELS, "label"))
    search_path = args.search_path or next(
        (p for p in ("/zoeken", "/search") if get(f"{ours.server.url}{p}?q=jeugd", HTML)[0] == 200), "/search"
    )
    searches = workload.slices([f"{search_path}?q={quote(w)}" for w in words], rounds, args.cold_searches)
    status, body, _ = get(ours.server.url + "/datasets", HTML)
    slugs = workload.dataset_slugs(body.decode("utf-8", "replace")) if status == 200 else []
    datasets = workload.slices([f"/datasets/{s}" for s in slugs], rounds, args.cold_datasets)
    kinds = [
        PageKind("entity", f"entity page /doc/… ({len(iris)} entities in the graph)", entity, entity[0]),
        PageKind("search", f"search page {search_path}?q=… (words of the labels)", searches, searches[0]),
        PageKind("dataset", f"dataset page /datasets/<slug> ({len(slugs)} datasets)", datasets, datasets[0]),
        PageKind("home", "homepage /", [["/"]] + [[] for _ in range(rounds - 1)], ["/"]),
    ]
    return [k for k in kinds if k.warm]


def check_rows(result: SizeResult, base: str) -> None:
    """Run every query once on every engine (token "check"): the row counts must agree."""
    for query in workload.QUERIES:
        counts = []
        for engine in result.engines:
            url = engine.server.url + query.path(engine.endpoint, base).replace(workload.TOKEN, "check")
            started = time.monotonic()
            try:
                status, body, content_type = get(url, query.accept, timeout=300)
                value: int | str = workload.rows(body, content_type) if status == 200 else f"HTTP {status}"
            except (OSError, ValueError) as error:
                value = f"error: {error}"
            result.rows[(query.name, engine.key)] = value
            result.check_seconds[(query.name, engine.key)] = time.monotonic() - started
            counts.append(value)
            log(f"  rows {query.name:9} {engine.key:8} {value} ({time.monotonic() - started:.2f} s)")
        if len(set(map(str, counts))) > 1:
            note = f"`{query.name}`: row counts differ: " + ", ".join(
                f"{e.title} {c}" for e, c in zip(result.engines, counts, strict=True)
            )
            result.notes.append(note)
            log("  MISMATCH " + note)


def measure(result: SizeResult, base: str, args: argparse.Namespace, run_id: str) -> None:
    all_servers = [e.server for e in result.engines]
    ours = next((e for e in result.engines if e.key == "ours"), None)

    def quiet() -> None:
        waited = settle(all_servers, args.settle_timeout)
        result.settled.append(waited)
        if waited >= args.settle_timeout:
            result.notes.append(f"a server was still busy after {args.settle_timeout:.0f} s of waiting")
        for server in all_servers:
            server.check_alive()

    for r in range(args.rounds):
        for qi, query in enumerate(workload.QUERIES if not args.skip_sparql else ()):
            for ei, engine in enumerate(result.engines):
                alone = result.check_seconds.get((query.name, engine.key), 0.0)
                if alone > args.duration / 2:
                    # fewer than two answers per connection would fit in a measurement, and the
                    # requests wrk leaves behind would keep the server busy long after it
                    if r == 0:
                        result.notes.append(
                            f"`{query.name}` on {engine.title} not measured: one request alone took "
                            f"{alone:.1f} s, more than half of a {args.duration:g} s measurement"
                        )
                        log(
                            f"round {r + 1}/{args.rounds} {query.name:9} {engine.key:8} skipped ({alone:.1f} s alone)"
                        )
                    continue
                quiet()
                with RssSampler(all_servers):
                    m, _ = load.run_wrk(
                        engine.server.url,
                        [query.path(engine.endpoint, base)],
                        query.accept,
                        f"{run_id}r{r}q{qi}e{ei}",
                        args.duration,
                        args.connections,
                        args.threads,
                        args.timeout,
                    )
                result.sparql.setdefault((query.name, engine.key), []).append(m)
                log(f"round {r + 1}/{args.rounds} {query.name:9} {engine.key:8} {fmt_measure(m)}")
        if ours is None or args.skip_pages:
            continue
        for kind in result.page_kinds:
            if kind.cold[r]:
                quiet()
                with RssSampler(all_servers):
                    m = load.first_visits(
                        ours.server.url, kind.cold[r], HTML, args.connections, args.timeout, args.duration * 6
                    )
                result.pages.setdefault((kind.key, "cold"), []).append(m)
                log(
                    f"round {r + 1}/{args.rounds} {kind.key:9} cold     {fmt_measure(m)} ({len(kind.cold[r])} URLs)"
                )
            quiet()
            with RssSampler(all_servers):
                m, _ = load.run_wrk(
                    ours.server.url,
                    kind.warm,
                    HTML,
                    f"{run_id}r{r}{kind.key}",
                    args.duration,
                    args.connections,
                    args.threads,
                    args.timeout,
                )
            result.pages.setdefault((kind.key, "warm"), []).append(m)
            log(f"round {r + 1}/{args.rounds} {kind.key:9} warm     {fmt_measure(m)} ({len(kind.warm)} URLs)")


def run_size(size: Size, work: Path, args: argparse.Namespace, run_id: str) -> SizeResult:
    build, seconds, store = prepare(size, work)
    info = json.loads((build / "build.json").read_text())
    base = info.get("base_iri", SOURCE_BASE_IRI)
    logs = work / size.label / "logs"
    engines = start_engines(build, store, logs, shlex.split(args.ours_args), args.engines)
    try:
        result = SizeResult(
            size, build, seconds, int(info.get("triples", 0)), count_lines(dump(build)), engines
        )
        result.load_before = loadavg()
        ours = next((e for e in engines if e.key == "ours"), None)
        picker = next((e for e in engines if e.key == "oxigraph"), engines[0])
        if ours is not None and not args.skip_pages:
            result.page_kinds = page_kinds(ours, picker, base, args.rounds, args)
        check_rows(result, base)
        measure(result, base, args, f"{run_id}{size.label.replace('.', '')}")
        result.load_after = loadavg()
        return result
    finally:
        for engine in engines:
            engine.server.stop()


# --- report -----------------------------------------------------------------------------


def fmt_measure(m: Measurement) -> str:
    problems = f" errors {m.errors}" if m.errors else ""
    problems += f" timeouts {m.timeouts}" if m.timeouts else ""
    return f"{m.rps:8.1f} req/s  p50 {num(m.p50_ms)} ms  p99 {num(m.p99_ms)} ms ({m.requests} in {m.seconds:.1f} s){problems}"


def num(value: float | None, digits: int | None = None) -> str:
    if value is None:
        return "–"
    if digits is None:
        digits = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:,.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "–"
    return f"{a / b:.2f}"


def summary(ms: list[Measurement]) -> dict[str, float | None | int]:
    return {
        "rps": median([m.rps for m in ms]),
        "rps_min": min((m.rps for m in ms), default=None),
        "rps_max": max((m.rps for m in ms), default=None),
        "p50": median([m.p50_ms for m in ms]),
        "p99": median([m.p99_ms for m in ms]),
        "requests": sum(m.requests for m in ms),
        "errors": sum(m.errors for m in ms),
        "timeouts": sum(m.timeouts for m in ms),
    }


def mib(kib: int) -> str:
    return f"{kib / 1024:,.0f}"


def size_report(result: SizeResult, args: argparse.Namespace) -> str:
    size = result.size
    what = "the real graph" if size.copies is None else f"generated, {size.copies} copies of the data graphs"
    built = f", built in {result.build_seconds:.0f} s" if result.build_seconds else ""
    lines = [
        f"### {size.label}: {result.default_triples:,} triples in the default graph ({what})",
        "",
        f"Build: {result.build_triples:,} triples in all graphs{built}. "
        f"Each measurement: wrk, {args.connections} connections, {args.threads} threads, {args.duration:g} s; "
        f"{args.rounds} rounds; figures are the median over rounds (req/s range min–max). "
        f"Load average {result.load_before} before, {result.load_after} after.",
        "",
    ]
    names = {e.key: e.title for e in result.engines}
    short = {"ours": "ours", "oxigraph": "Oxigraph", "rdflib": "rdflib-endpoint"}
    if result.sparql:
        lines += [
            "| query | engine | rows | req/s | range | p50 ms | p99 ms | errors/timeouts |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for query in workload.QUERIES:
            for engine in result.engines:
                ms = result.sparql.get((query.name, engine.key))
                rows = result.rows.get((query.name, engine.key), "?")
                if not ms:
                    alone = result.check_seconds.get((query.name, engine.key), 0.0)
                    lines.append(
                        f"| {query.name} | {names[engine.key]} | {rows} | not measured | | {num(alone * 1e3)} alone | | |"
                    )
                    continue
                s = summary(ms)
                rps = num(s["rps"]) if s["requests"] else "0 (none answered)"
                lines.append(
                    f"| {query.name} | {names[engine.key]} | {rows} | "
                    f"{rps} | {num(s['rps_min'])}–{num(s['rps_max'])} | {num(s['p50'])} | "
                    f"{num(s['p99'])} | {s['errors']}/{s['timeouts']} |"
                )
        lines.append("")
        others = [e for e in result.engines if e.key != "ours"]
        if "ours" in names and others:
            header = "| query | " + " | ".join(
                f"req/s ours/{short[e.key]} | p50 ours/{short[e.key]}" for e in others
            )
            lines += [header + " |", "|---|" + "---:|---:|" * len(others)]
            for query in workload.QUERIES:
                mine = summary(result.sparql.get((query.name, "ours"), []))
                cells = []
                for engine in others:
                    theirs = summary(result.sparql.get((query.name, engine.key), []))
                    cells += [ratio(mine["rps"], theirs["rps"]), ratio(mine["p50"], theirs["p50"])]
                lines.append(f"| {query.name} | " + " | ".join(cells) + " |")
            lines += [
                "",
                "req/s ratio below 1: ours answers fewer requests per second; p50 ratio above 1: ours is slower.",
                "",
            ]
    if result.pages:
        lines += [
            "Our pages (text/html). Cold: every URL visited for the first time in the run, once, "
            f"{args.connections} at a time; warm: wrk over URLs visited before.",
            "",
            "| page | cold URLs | cold req/s | cold p50 ms | cold p99 ms | warm URLs | warm req/s | warm p50 ms | warm p99 ms | errors/timeouts |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for kind in result.page_kinds:
            cold = summary(result.pages.get((kind.key, "cold"), []))
            warm = summary(result.pages.get((kind.key, "warm"), []))
            cold_urls = sum(len(c) for c in kind.cold)
            # one first visit (the homepage) gives a latency, not a throughput
            cold_rps = num(cold["rps"]) if cold["requests"] >= args.connections else "–"
            lines.append(
                f"| {kind.title} | {cold_urls} | {cold_rps} | {num(cold['p50'])} | {num(cold['p99'])} | "
                f"{len(kind.warm)} | {num(warm['rps'])} | {num(warm['p50'])} | {num(warm['p99'])} | "
                f"{cold['errors'] + warm['errors']}/{cold['timeouts'] + warm['timeouts']} |"
            )
        lines.append("")
    lines += [
        "Peak resident memory (VmRSS) during the load, and time to first answer after start:",
        "",
        "| server | peak RSS MiB (group) | peak per process MiB | ready after s |",
        "|---|---:|---|---:|",
    ]
    for engine in result.engines:
        server = engine.server
        parts = sorted(server.peak_rss.values(), key=lambda rp: (rp[0] != "main", rp[0], -rp[1]))
        per = ", ".join(f"{name} {mib(kib)}" for name, kib in parts) or "–"
        lines.append(f"| {engine.title} | {mib(server.peak_total)} | {per} | {server.started_seconds:.1f} |")
    lines.append("")
    if result.notes:
        lines += ["Notes:", ""] + [f"- {n}" for n in dict.fromkeys(result.notes)] + [""]
    waited = sum(result.settled)
    if waited > 5:
        lines += [f"Waited {waited:.0f} s in all for servers to go idle between measurements.", ""]
    return "\n".join(lines)


def command_version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "missing"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text else "?"


def machine() -> dict[str, str]:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {"nproc": str(os.cpu_count()), "memory": memory, "cpu": cpu, "kernel": platform.release()}


def versions() -> dict[str, str]:
    def dist(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "missing"

    return {
        "python": platform.python_version(),
        "pyoxigraph": dist("pyoxigraph"),
        "oxigraph CLI": command_version([str(BIN / "oxigraph"), "--version"]).removeprefix("oxigraph "),
        "rdflib-endpoint": dist("rdflib-endpoint"),
        "rdflib": dist("rdflib"),
        "uvicorn": dist("uvicorn"),
        "flask": dist("flask"),
        "wrk": command_version(["wrk", "-v"]).split(" [")[0].removeprefix("wrk "),
    }


def header(args: argparse.Namespace, started: datetime) -> str:
    m, v = machine(), versions()
    commit = command_version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    ours = "sdkg serve" + (f" {args.ours_args}" if args.ours_args else "")
    return "\n".join(
        [
            f"## {started:%Y-%m-%d %H:%M} UTC, sizes {' '.join(s.label for s in args.sizes)}",
            "",
            f"- machine: {m['nproc']} cores ({m['cpu']}), {m['memory']} memory, Linux {m['kernel']}",
            "- versions: " + ", ".join(f"{k} {val}" for k, val in v.items()),
            f"- commit {commit}; ours ran as `{ours}`",
            f"- `{shlex.join(['benchmarks/serve.py', *sys.argv[1:]])}`",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", nargs="+", type=Size.parse, default=[Size.parse(s) for s in ("real", "100k", "1m")]
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds of each wrk measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--timeout", type=float, default=30, help="seconds before wrk counts a request as timed out"
    )
    parser.add_argument("--settle-timeout", type=float, default=120, help="longest wait for idle servers")
    parser.add_argument("--ours-args", default="", help='extra arguments of `sdkg serve`, e.g. "--workers 4"')
    parser.add_argument(
        "--engines", nargs="+", default=["ours", "oxigraph", "rdflib"], choices=["ours", "oxigraph", "rdflib"]
    )
    parser.add_argument("--cold-entities", type=int, default=200, help="entity pages visited cold per round")
    parser.add_argument("--cold-searches", type=int, default=100, help="search terms visited cold per round")
    parser.add_argument("--cold-datasets", type=int, default=50, help="dataset pages visited cold per round")
    parser.add_argument("--search-path", help="search page path (default: /zoeken, else /search)")
    parser.add_argument("--skip-sparql", action="store_true")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--work-dir", type=Path, help="keep builds, stores and logs here and reuse them")
    parser.add_argument(
        "--results", type=Path, default=HERE / "RESULTS.md", help="file the report is appended to"
    )
    parser.add_argument("--no-results", action="store_true", help="print the report only")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed: run scripts/install-bench-packages.sh")

    started = datetime.now(UTC)
    run_id = format(int(started.timestamp()), "x")
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="sdkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report = [header(args, started)]
    print(report[0], flush=True)
    try:
        for size in args.sizes:
            log(f"=== size {size.label}")
            result = run_size(size, work, args, run_id)
            text = size_report(result, args)
            print(text, flush=True)
            report.append(text)
    finally:
        servers.stop_all()
        if args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    if not args.no_results:
        fresh = not args.results.exists()
        with open(args.results, "a", encoding="utf-8") as out:
            if fresh:
                out.write(
                    "# Serving benchmark results\n\nWritten by `benchmarks/serve.py`; see `benchmarks/README.md`.\n\n"
                )
            out.write("\n".join(report) + "\n")
        log(f"appended to {args.results}")


if __name__ == "__main__":
    main()
