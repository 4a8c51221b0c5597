"""The build pipeline: sources -> checked, validated, reasoned graph -> published store.

Each step is a small function; ``build`` runs them in order, times them and reports
progress. Any failure raises ``BuildError`` naming the step, and the half-made build
folder is discarded: the published store and dumps stay as they were.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rdflib import Graph

from service import dumps, inference, publish, reasoning, searchindex, sourcefiles, validation, void
from service import store as stores
from service.namespaces import PREFIXES
from service.sourcefiles import SourceFile, graph_iri

NOT_DATA = ("ontology", "shapes")


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

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> BuildSettings:
        return cls(
            source_dir=Path(config["SOURCE_DIR"]),
            instance_dir=Path(config["INSTANCE_DIR"]),
            base_iri=config["BASE_IRI"],
            license=config["LICENSE"],
            skip_reasoner=bool(config["SKIP_REASONER"]),
        )


@dataclass
class BuildReport:
    folder: Path | None = None
    steps: list[tuple[str, float, str]] = field(default_factory=list)
    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


Progress = Callable[[str, float, str], None]


@dataclass
class _Work:
    """What the steps hand on to each other."""

    settings: BuildSettings
    sources: list[SourceFile] = field(default_factory=list)
    graphs: dict[str, Graph] = field(default_factory=dict)
    folder: Path | None = None
    store: Any = None


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
    except BuildError:
        if work.folder is not None:
            work.store = None
            publish.discard(work.folder)
        raise
    report.folder = work.folder
    report.graphs = json.loads((work.folder / "build.json").read_text())["graphs"]
    return report


def step_parse(work: _Work) -> str:
    try:
        work.sources = sourcefiles.load_all(work.settings.source_dir, work.settings.base_iri)
        for source in work.sources:
            work.graphs.setdefault(source.graph, Graph())
            work.graphs[source.graph] += sourcefiles.to_rdflib(source)
    except sourcefiles.SourceError as error:
        raise BuildError("parse", str(error)) from error
    if "ontology" not in work.graphs or "shapes" not in work.graphs:
        raise BuildError("parse", "ontology/ and shapes/ must each hold at least one RDF file")
    sizes = ", ".join(f"{name} {len(g)}" for name, g in sorted(work.graphs.items()))
    return f"{len(work.sources)} files: {sizes}"


def step_validate(work: _Work) -> str:
    data = Graph()
    for name, graph in work.graphs.items():
        if name not in NOT_DATA:
            data += graph
    report = validation.validate(data, work.graphs["shapes"], work.graphs["ontology"])
    if report.violations:
        raise BuildError("validate", report.summary())
    warnings = len(report.results) - len(report.violations)
    return f"{len(data)} data triples conform" + (f" ({warnings} warnings)" if warnings else "")


def step_reason(work: _Work) -> str:
    if work.settings.skip_reasoner:
        return "skipped: SKIP_REASONER is set"
    ontology = work.graphs["ontology"]
    digest = hashlib.sha256(ontology.serialize(format="nt", encoding="utf-8")).hexdigest()
    cache = work.settings.instance_dir / "reasoner-cache.json"
    if cache.exists() and json.loads(cache.read_text()).get("consistent") == digest:
        return "consistent (HermiT, ontology unchanged since last check)"
    result = reasoning.check(ontology)
    if not result.ok:
        raise BuildError("reason", f"HermiT: {result.status}: {result.detail}")
    if result.status == "consistent":
        work.settings.instance_dir.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"consistent": digest}))
    return f"{result.status} (HermiT)"


def step_load(work: _Work) -> str:
    work.folder = publish.new_build_folder(work.settings.instance_dir)
    work.store = stores.open_for_writing(work.folder / "store")
    for source in work.sources:
        stores.load_source(work.store, source, graph_iri(work.settings.base_iri, source.graph))
    return f"{stores.count(work.store)} triples in {len(stores.graph_names(work.store))} graphs"


def _asserted_graphs(work: _Work) -> list[str]:
    return [graph_iri(work.settings.base_iri, n) for n in sorted(work.graphs) if n != "shapes"]


def step_infer(work: _Work) -> str:
    inferred = graph_iri(work.settings.base_iri, "inferred")
    added = inference.materialise(work.store, _asserted_graphs(work), inferred)
    return f"{added} inferred triples"


def step_describe(work: _Work) -> str:
    graphs = stores.graph_names(work.store)
    quads = void.describe(work.store, work.settings.base_iri, graphs, work.settings.license)
    work.store.extend(quads)
    return f"{len(quads)} VoID/DCAT triples"


def _default_graph(work: _Work) -> list[str]:
    names = [*(n for n in sorted(work.graphs) if n != "shapes"), "inferred", "metadata"]
    return [graph_iri(work.settings.base_iri, n) for n in names]


def step_dump(work: _Work) -> str:
    written = dumps.write_all(work.store, work.folder / "dumps", PREFIXES, _default_graph(work))
    metadata = graph_iri(work.settings.base_iri, "metadata")
    work.store.dump(
        str(work.folder / "void.ttl"),
        dumps.RdfFormat.TURTLE,
        from_graph=dumps.NamedNode(metadata),
        prefixes=PREFIXES,
    )
    return f"{len(written)} files"


def step_index(work: _Work) -> str:
    path = work.folder / "search.sqlite"
    entries = searchindex.build(work.store, path, work.settings.base_iri, _default_graph(work))
    return f"{entries} entries"


def step_publish(work: _Work) -> str:
    graphs = {g: stores.count(work.store, g) for g in stores.graph_names(work.store)}
    info = {
        "built": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "base_iri": work.settings.base_iri,
        "graphs": graphs,
        "triples": sum(graphs.values()),
        "default_graph": _default_graph(work),
    }
    (work.folder / "build.json").write_text(json.dumps(info, indent=2))
    work.store.flush()
    work.store = None  # close before readers open it
    publish.publish(work.settings.instance_dir, work.folder)
    return f"published {work.folder.name}"


STEPS: tuple[tuple[str, Callable[[_Work], str]], ...] = (
    ("parse", step_parse),
    ("validate", step_validate),
    ("reason", step_reason),
    ("load", step_load),
    ("infer", step_infer),
    ("describe", step_describe),
    ("dump", step_dump),
    ("index", step_index),
    ("publish", step_publish),
)
