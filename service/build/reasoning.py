"""Check the ontology with HermiT through owlready2: consistent, and no unsatisfiable class.

owlready2 reads RDF/XML or N-Triples, not Turtle, so the ontology is handed over as
N-Triples in a temporary file. HermiT runs on Java; without Java the check is skipped
with a clear line rather than failing the build.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph


@dataclass(frozen=True)
class ReasonerReport:
    status: str  # "consistent", "inconsistent", "unsatisfiable", "error", "skipped: no Java"
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status in {"consistent", "skipped: no Java"}


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """owlready2 prints warnings about punned terms to stdout; keep the build output readable."""
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        yield


def _first_lines(text: str, count: int = 6) -> str:
    """A Java error without its stack trace."""
    lines = [line for line in text.strip().splitlines() if not line.strip().startswith("at ")]
    return "\n".join(lines[:count])


def java_available() -> bool:
    return shutil.which("java") is not None


def check(ontology: Graph) -> ReasonerReport:
    """Run HermiT on the ontology and say what it found."""
    if not java_available():
        return ReasonerReport("skipped: no Java")
    import owlready2

    with tempfile.TemporaryDirectory() as folder, _quiet():
        path = Path(folder) / "ontology.nt"
        ontology.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as error:
            return ReasonerReport("inconsistent", _first_lines(str(error)))
        except owlready2.OwlReadyJavaError as error:
            return ReasonerReport("error", _first_lines(str(error)))
        unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes())
    if unsatisfiable:
        return ReasonerReport("unsatisfiable", ", ".join(unsatisfiable))
    return ReasonerReport("consistent")
