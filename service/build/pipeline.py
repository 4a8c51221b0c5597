"""The build pipeline: sources -> checked, validated, reasoned graph -> published store.

Each step is a small function; ``build`` runs them in order, times them and reports
progress. Any failure raises ``BuildError`` naming the step, and the half-made build
folder is discarded: the published store and dumps stay as they were. A build killed
outright leaves a folder without build.json, which the next build removes
(``publish``), and its SHACL check process dies with it.

The graph is assembled in an in-memory Oxigraph store (parsing, inference, dumps and
the index all read it without touching disk) and written to the on-disk store in one
bulk load. pyshacl's SHACL Core check, the one step that runs in Python triple by
triple, runs in a child process from right after parsing, alongside the other steps
on the machine's other core; ``validate`` waits for it before anything is
published.

A build is a release when ``--release`` asks for one (``step_release`` keeps it in
``<instance>/releases/``), or when its graphs are exactly those of a release already
cut (the same content hash): then it carries that release's version and its dumps
are byte for byte the release's.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Graph

from service.build import (
    changelog,
    dcat,
    dumps,
    inference,
    publish,
    reasoning,
    reference_data,
    source_files,
    void,
)
from service.build import release as releasing
from service.build.source_files import SourceFile, graph_iri
from service.build.validation import shacl
from service.namespaces import prefixes
from service.sparql import formats
from service.store import built as stores
from service.store import releases, search_index

NOT_DATA = ("ontology", "shapes")
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class BuildError(Exception):
    """A build step failed; ``step`` names it and the message says why."""

    def __init__(self, step: str, message: str) -> None:
        super().__init__(f"build failed at step '{step}':\n{message}")
        self.step = step
        self.detail = message


@dataclass
class BuildSettings:
    source_dir: Path
    instance_dir: Path
    base_iri: str
    license: str = "https://creativecommons.org/licenses/by/4.0/"
    skip_reasoner: bool = False
    release: bool = False  # cut a release of this build (unless it is one already)
    publisher: dcat.Publisher = field(default_factory=dcat.Publisher)

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> BuildSettings:
        return cls(
            source_dir=Path(config["SOURCE_DIR"]),
            instance_dir=Path(config["INSTANCE_DIR"]),
            base_iri=config["BASE_IRI"],
            license=config["LICENSE"],
            skip_reasoner=bool(config["SKIP_REASONER"]),
            publisher=dcat.Publisher(
                iri=config.get("PUBLISHER", ""),
                name=config.get("PUBLISHER_NAME") or dcat.DEFAULT_PUBLISHER_NAME,
                email=config.get("CONTACT_EMAIL", ""),
                url=config.get("CONTACT_URL", ""),
            ),
        )


@dataclass
class BuildReport:
    folder: Path | None = None
    steps: list[tuple[str, float, str]] = field(default_factory=list)
    graphs: dict[str, int] = field(default_factory=dict)
    core_seconds: float = 0.0  # pyshacl's check, which ran alongside the other steps
    release: str | None = None  # the version of the release this build is, if any
    new_release: bool = False  # whether this build cut it

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


Progress = Callable[[str, float, str], None]


@dataclass
class _Work:
    """What the steps hand on to each other."""

    settings: BuildSettings
    sources: list[SourceFile] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # short graph names, sorted
    ontology: Graph | None = None
    shapes: Graph | None = None
    memory: Any = None  # the in-memory store the graph is assembled in
    validation: shacl.Validation | None = None  # the shapes split for validation
    checker: Any = None  # the child process checking SHACL Core, and its pipe
    sparql_results: list[shacl.ShaclResult] = field(default_factory=list)
    core_seconds: float = 0.0
    folder: Path | None = None
    store: Any = None
    content_hash: str = ""  # of every graph but the metadata: what releases are compared by
    release: dict[str, Any] | None = None  # the release this build is (``new``: cut by it)
    info: dict[str, Any] | None = None  # build.json, made once
    graph_dumps: dict[str, bytes] = field(
        default_factory=dict
    )  # Turtle of each graph, described then written

    @property
    def build_folder(self) -> Path:
        """The new build's folder, which the dump step makes."""
        assert self.folder is not None, "the dump step makes the build folder"
        return self.folder

    @property
    def ontology_graph(self) -> Graph:
        """The ontology as rdflib reads it, which the parse step makes."""
        assert self.ontology is not None, "the parse step reads the ontology"
        return self.ontology

    @property
    def prepared(self) -> shacl.Validation:
        """The shapes split for validation, which the check step makes."""
        assert self.validation is not None, "the check step prepares the validation"
        return self.validation

    @property
    def shapes_graph(self) -> Graph:
        """The shapes as rdflib reads them, which the parse step makes."""
        assert self.shapes is not None, "the parse step reads the shapes"
        return self.shapes


def build(settings: BuildSettings, progress: Progress | None = None) -> BuildReport:
    """Run every step; publish only when all of them passed."""
    report = BuildReport()
    work = _Work(settings)
    try:
        for name, step in STEPS:
            started = time.perf_counter()
            try:
                detail = step(work)
            except BuildError:
                raise
            except Exception as error:  # any other failure still names its step
                raise BuildError(name, f"{type(error).__name__}: {error}") from error
            elapsed = time.perf_counter() - started
            report.steps.append((name, elapsed, detail))
            if progress:
                progress(name, elapsed, detail)
    except BaseException:  # a failed step, or an interrupt: stop the check, keep nothing
        _stop_checker(work)
        if work.folder is not None:
            work.store = None
            publish.discard(work.folder)
        raise
    report.folder = work.folder
    report.core_seconds = work.core_seconds
    report.graphs = json.loads((work.build_folder / "build.json").read_text())["graphs"]
    if work.release is not None:
        report.release, report.new_release = work.release["version"], bool(work.release["new"])
    return report


def step_parse(work: _Work) -> str:
    """Load every file into its named graph of the in-memory store, and everything but
    the shapes into its default graph too, the asserted graph inference works on."""
    try:
        _parse_sources(work)
    except source_files.SourceError as error:
        raise BuildError("parse", str(error)) from error
    _check_imports(work)
    for graph in _asserted(work):
        # copied inside the store, so blank nodes stay the same nodes in both places
        work.memory.update(f"ADD <{graph}> TO DEFAULT")
    base = work.settings.base_iri
    sizes = ", ".join(f"{name} {stores.count(work.memory, graph_iri(base, name))}" for name in work.names)
    return f"{len(work.sources)} files: {sizes}"


def _parse_sources(work: _Work) -> None:
    """Read and parse every file; reading refuses some files unparsed (see ``source_files``)."""
    base = work.settings.base_iri
    work.sources = source_files.read_all(work.settings.source_dir, base)
    work.sources += reference_data.sources(work.settings.source_dir, base)
    work.names = sorted({source.graph for source in work.sources})
    if "ontology" not in work.names or "shapes" not in work.names:
        raise BuildError("parse", "ontology/ and shapes/ must each hold at least one RDF file")
    work.memory = pyoxigraph.Store()
    for source in work.sources:
        source_files.load_into(work.memory, source, graph_iri(base, source.graph))
    work.ontology = source_files.to_rdflib(_sources(work, "ontology"))
    work.shapes = source_files.to_rdflib(_sources(work, "shapes"))


_MISSING_IMPORTS = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?ontology ?import WHERE {
  VALUES ?g { <%s> <%s> }
  GRAPH ?g { ?ontology owl:imports ?import }
  FILTER NOT EXISTS { GRAPH ?any { { ?import a owl:Ontology } UNION { ?version owl:versionIRI ?import } } }
} ORDER BY ?import ?ontology"""


def _check_imports(work: _Work) -> None:
    """Every ``owl:imports`` in ontology/ and shapes/ must name an ontology (or a version
    of one) among the sources: nothing is fetched, and an import that is silently left
    out would publish a graph without the terms and constraints it was meant to have."""
    base = work.settings.base_iri
    query = _MISSING_IMPORTS % (graph_iri(base, "ontology"), graph_iri(base, "shapes"))
    missing = [f"  {row['ontology']} imports {row['import']}" for row in work.memory.query(query)]
    if missing:
        raise BuildError(
            "parse",
            "owl:imports of an ontology that is not among the sources (no owl:Ontology or "
            "owl:versionIRI with that IRI; imports are never fetched):\n" + "\n".join(missing),
        )


def _asserted(work: _Work) -> list[str]:
    """The graphs of asserted triples: everything but the shapes."""
    return [graph_iri(work.settings.base_iri, n) for n in work.names if n != "shapes"]


def _sources(work: _Work, graph: str) -> list[SourceFile]:
    return [source for source in work.sources if source.graph == graph]


def step_check(work: _Work) -> str:
    """Start pyshacl's SHACL Core check in a child process (``validate`` collects it)."""
    work.validation = shacl.prepare(work.shapes_graph)  # before the fork: the child inherits it
    context = multiprocessing.get_context("fork")  # the child inherits the parsed sources
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_check_core, args=(work, sender, os.getpid()), daemon=True)
    child.start()
    sender.close()
    work.checker = (child, receiver)
    return f"SHACL Core check started (process {child.pid})"


def _check_core(work: _Work, sender: Any, parent: int) -> None:
    """In the child: parse the data for rdflib, run pyshacl, send back its results."""
    _die_with_parent(parent)
    started = time.perf_counter()
    try:
        data = source_files.to_rdflib(s for s in work.sources if s.graph not in NOT_DATA)
        size = len(data)  # before pyshacl adds the ontology to it
        results = work.prepared.core(data, work.ontology_graph)
        sender.send(("results", results, size, time.perf_counter() - started))
    except BaseException as error:  # the parent reports it as the validate step's failure
        sender.send(("error", f"{type(error).__name__}: {error}", 0, 0.0))
    finally:
        sender.close()


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this child when the build dies, even by SIGKILL (Linux).

    A build that is killed cannot stop its check; without this the check would run on,
    for minutes on the real data, holding memory and a core. If the parent died before
    the request took effect, the kernel will not send the signal: the check ends itself.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _stop_checker(work: _Work) -> None:
    if work.checker is not None:
        child, receiver = work.checker
        child.kill()
        child.join()
        receiver.close()
        work.checker = None


def step_reason(work: _Work) -> str:
    if work.settings.skip_reasoner:
        return "skipped: SKIP_REASONER is set"
    digest = hashlib.sha256(work.ontology_graph.serialize(format="nt", encoding="utf-8")).hexdigest()
    cache = work.settings.instance_dir / "reasoner-cache.json"
    if cache.exists() and json.loads(cache.read_text()).get("consistent") == digest:
        return "consistent (HermiT, ontology unchanged since last check)"
    result = reasoning.check(work.ontology_graph)
    if not result.ok:
        raise BuildError("reason", f"HermiT: {result.status}: {result.detail}")
    if result.status == "consistent":
        work.settings.instance_dir.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"consistent": digest}))
    return f"{result.status} (HermiT)"


def step_constraints(work: _Work) -> str:
    """The SHACL-SPARQL constraints, on the asserted default graph (data and ontology)."""
    work.sparql_results = work.prepared.sparql(work.memory)
    report = shacl.ShaclReport.of(work.sparql_results)
    # violations are reported by ``validate``, together with the SHACL Core ones
    return (
        f"{len(report.violations)} violations, {len(report.results)} results" if report.results else "conform"
    )


def step_infer(work: _Work) -> str:
    inferred = graph_iri(work.settings.base_iri, "inferred")
    added = inference.materialise(work.memory, _asserted(work), inferred)
    return f"{added} inferred triples"


def step_describe(work: _Work) -> str:
    """Describe the graphs, as the release they are if they are one, in VoID and DCAT-AP-NL.

    The content hash is taken before the description is added (the description names
    the release, which is what the hash decides). Blank nodes are renamed by content
    and the quads ordered first, so every later step writes the same bytes for the same
    sources; the graphs' Turtle dumps are then made once, checksummed in the
    description and written as they are. The description's own blank nodes get
    canonical labels last (other files may then label theirs differently: a blank
    node's label is local to its file).
    """
    settings, graphs = work.settings, stores.graph_names(work.memory)
    work.content_hash = dumps.content_hash(work.memory, graphs)
    work.release = _release_of(work)
    work.memory = dumps.canonical(work.memory)
    work.graph_dumps = dumps.graph_dumps(work.memory, prefixes(settings.base_iri))
    checked = [dcat.DumpFile.of(name, data) for name, data in work.graph_dumps.items()]
    quads = void.describe(work.memory, settings.base_iri, graphs, work.release)
    quads += dcat.describe(work.memory, settings.base_iri, settings.license, settings.publisher, checked)
    work.memory.extend(quads)
    work.memory = dumps.canonical(work.memory)
    return f"{len(quads)} VoID/DCAT triples, {len(checked)} dumps checksummed; {_release_note(work)}"


def _release_of(work: _Work) -> dict[str, Any] | None:
    """The release these graphs are: one cut before with the same content, or a new one if asked for."""
    instance = work.settings.instance_dir
    known = releases.with_content(instance, work.content_hash)
    if known is not None:
        return {**known.info, "new": False}
    if not work.settings.release:
        return None
    today = datetime.now(UTC).date()
    version = releases.next_version([r.version for r in releases.all_releases(instance)], today)
    return _new_release(work, version, today)


def _new_release(work: _Work, version: str, today: date) -> dict[str, Any]:
    """The record of a release cut now: what it follows and which ontology version it carries."""
    ontology = graph_iri(work.settings.base_iri, "ontology")
    carried = changelog.ontology_version(work.memory, ontology)
    version_iri = changelog.ontology_version_iri(work.memory, ontology)
    previous = releases.all_releases(work.settings.instance_dir)
    return {
        "version": version,
        "date": today.isoformat(),
        "content_hash": work.content_hash,
        "previous": previous[-1].version if previous else None,
        "ontology": {
            "version": carried,
            "version_iri": version_iri,
        },
        "new": True,
    }


def _release_note(work: _Work) -> str:
    """What the build says about releasing: a release asked for on unchanged graphs is declined."""
    if work.release is None:
        return "unreleased"
    if work.release["new"]:
        return f"release {work.release['version']}"
    if work.settings.release:
        return f"unchanged since release {work.release['version']}: no new release"
    return f"the same graphs as release {work.release['version']}"


def _default_graph(work: _Work) -> list[str]:
    names = [*(n for n in work.names if n != "shapes"), "inferred", "metadata"]
    return [graph_iri(work.settings.base_iri, n) for n in names]


def step_dump(work: _Work) -> str:
    work.folder = publish.new_build_folder(work.settings.instance_dir)
    ours = prefixes(work.settings.base_iri)
    folder, graphs = work.build_folder / "dumps", _default_graph(work)
    written = dumps.write_all(work.memory, folder, ours, graphs, ready=work.graph_dumps)
    work.graph_dumps = {}
    metadata = graph_iri(work.settings.base_iri, "metadata")
    work.memory.dump(
        str(work.build_folder / void.VOID_FILE),
        dumps.oxigraph(formats.TURTLE),
        from_graph=dumps.NamedNode(metadata),
        prefixes=ours,
    )
    return f"{len(written)} files"


def step_index(work: _Work) -> str:
    path = work.build_folder / "search.sqlite"
    entries = search_index.build(
        work.memory, path, work.settings.base_iri, _default_graph(work), asserted=_asserted(work)
    )
    return f"{entries} entries"


def step_load(work: _Work) -> str:
    """Write the assembled graphs to the on-disk store in one bulk load.

    The default graph that queries see (data, ontology, inferred and metadata) is
    materialised first as the store's own default graph: one set of triples, so a
    triple asserted in two graphs counts once, and the engine reads one graph instead
    of a union of seven at query time. It is copied inside the store, so blank nodes
    stay the same nodes there and in their named graphs.
    """
    for graph in _default_graph(work):
        work.memory.update(f"ADD <{graph}> TO DEFAULT")
    work.store = stores.open_for_writing(work.build_folder / "store")
    work.store.bulk_load(
        work.memory.dump(format=pyoxigraph.RdfFormat.N_QUADS), format=pyoxigraph.RdfFormat.N_QUADS
    )
    return f"{stores.count(work.store)} triples in {len(stores.graph_names(work.store))} graphs"


def step_validate(work: _Work) -> str:
    """Wait for the SHACL Core check; any violation (with the SPARQL ones) stops the build."""
    child, receiver = work.checker
    try:
        kind, payload, size, work.core_seconds = receiver.recv()
    except EOFError:
        child.join()
        kind, payload, size = "error", f"the checking process ended with exit code {child.exitcode}", 0
    child.join()
    receiver.close()
    work.checker = None
    if kind == "error":
        raise BuildError("validate", payload)
    results = payload + work.sparql_results
    report = shacl.ShaclReport.of(results)
    if report.violations:
        raise BuildError("validate", report.summary())
    detail = f"{size} data triples conform" + (f" ({len(results)} warnings)" if results else "")
    return f"{detail}; the SHACL Core check took {work.core_seconds:.1f} s alongside the steps above"


def _build_info(work: _Work) -> dict[str, Any]:
    """What build.json records (made once: the release keeps the same copy)."""
    if work.info is None:
        graphs = {g: stores.count(work.store, g) for g in stores.graph_names(work.store)}
        release = work.release or {}
        work.info = {
            "built": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "base_iri": work.settings.base_iri,
            "graphs": graphs,
            "triples": sum(graphs.values()),
            "default_graph": _default_graph(work),
            "default_graph_materialised": True,
            "content_hash": work.content_hash,
            "release": release.get("version"),
            "ontology_version": (release.get("ontology") or {}).get("version"),
        }
    return work.info


def step_release(work: _Work) -> str:
    """Keep a new release with its changelog against the previous one; every other build passes."""
    if work.release is None or not work.release["new"]:
        return _release_note(work)
    instance = work.settings.instance_dir
    info = _build_info(work)
    previous = releases.find(instance, work.release["previous"] or "")
    before = None
    if previous is not None:
        before = changelog.read_release(
            previous.folder, json.loads((previous.folder / "build.json").read_text())
        )
    after = changelog.Snapshot(work.memory, work.settings.base_iri, info["graphs"])
    log = changelog.compare(after, before, work.release["version"], work.release["previous"])
    folder = releasing.write(instance, work.build_folder, work.release, info, log)
    return f"release {work.release['version']} kept in {folder}"


def step_publish(work: _Work) -> str:
    info = _build_info(work)
    work.store.flush()
    work.store = None  # close before readers open it
    publish.mark_complete(work.build_folder, info)  # last: a folder without it is a partial build
    publish.publish(work.settings.instance_dir, work.build_folder)
    return f"published {work.build_folder.name}"


STEPS: tuple[tuple[str, Callable[[_Work], str]], ...] = (
    ("parse", step_parse),
    ("check", step_check),
    ("reason", step_reason),
    ("constraints", step_constraints),
    ("infer", step_infer),
    ("describe", step_describe),
    ("dump", step_dump),
    ("index", step_index),
    ("load", step_load),
    ("validate", step_validate),
    ("release", step_release),
    ("publish", step_publish),
)
