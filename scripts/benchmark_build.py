"""Benchmark the build: the real graph, and generated graphs of growing size.

Generated graphs copy the real data graphs (nvrr, vgn, cijfers) k times with every
IRI they mint suffixed by the copy number, so each copy is as valid as the original
and the mix of classes and shapes stays that of the real data. Run by hand:

    .venv/bin/python scripts/benchmark_build.py [--copies 1 10 25 60]

It prints seconds per step and total for each size, and the time per million triples,
so linear growth shows as a flat column. SHACL Core (pyshacl) runs in a child
process alongside the other steps; its time is listed last.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph

from service.build.pipeline import BuildReport, BuildSettings, build
from service.settings import PROJECT_ROOT, SOURCE_BASE_IRI

COPIED_GRAPHS = ("nvrr", "vgn", "cijfers")
#: IRIs under these types are shared reference entities; copies keep pointing at them.
SHARED_TYPES = (
    "sectie",
    "wet",
    "gemeente",
    "organisatie",
    "publicatie",
    "thema",
    "vorm",
    "bestuurslaag",
    "eenheid",
    "begrippenkader",
    "samenwerkingsvorm",
    "code",
)
MINTED = re.compile(re.escape(SOURCE_BASE_IRI) + r"id/([a-z-]+)/([a-z0-9-]+)")


def renamed(term: object, copy: int) -> object:
    """The copy's version of a term: IRIs we mint get a suffix, shared entities stay."""
    if not isinstance(term, pyoxigraph.NamedNode):
        return term
    match = MINTED.fullmatch(term.value)
    if match is None or match[1] in SHARED_TYPES:
        return term
    return pyoxigraph.NamedNode(f"{term.value}-c{copy}")


def copy_file(path: Path, copy: int) -> bytes:
    triples = pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    copied = (
        pyoxigraph.Triple(renamed(t.subject, copy), t.predicate, renamed(t.object, copy)) for t in triples
    )
    return pyoxigraph.serialize(copied, format=pyoxigraph.RdfFormat.N_TRIPLES)


def make_project(target: Path, copies: int) -> None:
    for folder in ("ontology", "shapes", "data/kern"):
        shutil.copytree(PROJECT_ROOT / folder, target / folder)
    for graph in COPIED_GRAPHS:
        for path in sorted((PROJECT_ROOT / "data" / graph).glob("*.ttl")):
            for copy in range(copies):
                out = target / "data" / graph / f"{path.stem}-{copy}.nt"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(copy_file(path, copy))


def run(copies: int, folder: Path) -> tuple[BuildReport, float]:
    """Generate the project, then build it; return the report and the build's seconds."""
    project, instance = folder / f"p{copies}", folder / f"i{copies}"
    make_project(project, copies)
    started = time.perf_counter()
    report = build(BuildSettings(source_dir=project, instance_dir=instance, base_iri=SOURCE_BASE_IRI))
    return report, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 10, 25, 60])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'copies':>6} {'triples':>9} {'total s':>8} {'s per M':>8}  steps (shacl-core ran alongside)")
        for copies in args.copies:
            report, total = run(copies, Path(folder))
            steps = [(name, seconds) for name, seconds, _ in report.steps] + [
                ("shacl-core", report.core_seconds)
            ]
            detail = " ".join(f"{name}={seconds:.1f}" for name, seconds in steps)
            per_million = total / report.triples * 1e6
            print(f"{copies:>6} {report.triples:>9} {total:>8.1f} {per_million:>8.1f}  {detail}", flush=True)


if __name__ == "__main__":
    main()
