"""Check the ontology with HermiT through owlready2: consistent, and no unsatisfiable class.

owlready2 reads RDF/XML or N-Triples, not Turtle, so the ontology is handed over as
N-Triples in a temporary file. HermiT runs on Java; without Java the check is skipped
with a clear line rather than failing the build.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph


@dataclass(frozen=True)
class ReasonerReport:
    status: str  # "consistent", "inconsistent", "unsatisfiable", "skipped: no Java"
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status in {"consistent", "skipped: no Java"}


def java_available() -> bool:
    return shutil.which("java") is not None


def check(ontology: Graph) -> ReasonerReport:
    """Run HermiT on the ontology and say what it found."""
    if not java_available():
        return ReasonerReport("skipped: no Java")
    import owlready2

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ontology.nt"
        ontology.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as error:
            return ReasonerReport("inconsistent", str(error).strip()[:2000])
        unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes())
    if unsatisfiable:
        return ReasonerReport("unsatisfiable", ", ".join(unsatisfiable))
    return ReasonerReport("consistent")
