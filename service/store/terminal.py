"""Query results as text for the terminal: an aligned table, CSV or SPARQL JSON."""

from __future__ import annotations

from typing import Any

import pyoxigraph


def render_results(results: Any, output: str) -> str:
    """Render SELECT/ASK/CONSTRUCT results of pyoxigraph in the chosen text format."""
    if isinstance(results, bool):
        return ("true" if results else "false") + "\n"
    if isinstance(results, pyoxigraph.QueryTriples):
        return _text(pyoxigraph.serialize(results, format=pyoxigraph.RdfFormat.N_TRIPLES))
    if output == "csv":
        return _text(results.serialize(format=pyoxigraph.QueryResultsFormat.CSV))
    if output == "json":
        return _text(results.serialize(format=pyoxigraph.QueryResultsFormat.JSON)) + "\n"
    return table(results)


def _text(serialised: bytes | None) -> str:
    """pyoxigraph returns the bytes when it is given no output file."""
    return (serialised or b"").decode()


def table(results: Any) -> str:
    """An aligned plain-text table of a SELECT result."""
    names = [v.value for v in results.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in results]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    out.append(f"({len(rows)} rows)")
    return "\n".join(out) + "\n"


def _cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    return term.value if isinstance(term, pyoxigraph.NamedNode) else str(term)
