"""SHACL-SPARQL constraints (``sh:sparql``) evaluated by Oxigraph.

Its one job is to run SPARQL constraints over a store: the ones the shapes declare
(``declared``) and the ones that stand for a rewritten SHACL Core pattern
(``standing_for``; ``core_rewrites`` makes them, ``shacl`` decides what runs where).

pyshacl evaluates a constraint's SELECT with rdflib's SPARQL engine, which took
minutes for the Data Cube integrity constraints over a few hundred observations.
Oxigraph runs the same SELECT, with ``$this`` pre-bound to the focus node as
https://www.w3.org/TR/shacl/#sparql-constraints-prebound defines. Every solution is a
validation result.

Most constraints are *joinable*: ``$this`` is bound at the top level of the query, so
joining the query with the shape's targets gives exactly the pre-bound results, and
one query covers every focus node (see ``joinable`` and ``bulk_query``). The others run
once per focus node with the focus IRI written into the query (see ``prebind``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph
from rdflib import RDF, RDFS, Graph, Literal, Namespace
from rdflib.term import Node

from service.store.built import solutions

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class SparqlConstraint:
    shape: str
    select: str
    messages: tuple[str, ...]
    severity: str
    targets: str  # a graph pattern binding ?this
    #: sh:value of a result without ?value: the focus node, as SHACL-SPARQL defines for a
    #: node shape, or nothing (a rewritten count, whose Core form reports no value)
    value_is_focus: bool = True

    @property
    def joinable(self) -> bool:
        return joinable(self.select)


def declared(shapes: Graph) -> list[SparqlConstraint]:
    """The active SHACL-SPARQL constraints (``sh:sparql``) of the shapes."""
    return [
        _constraint(shapes, shape, node)
        for shape, node in shapes.subject_objects(SH.sparql)
        if shapes.value(node, SH.deactivated) != Literal(True)
    ]


def standing_for(
    shapes: Graph, shape: Node, reported: Node, select: str, value_is_focus: bool
) -> SparqlConstraint:
    """A constraint that stands for a SHACL Core constraint of ``shape``: on its targets,
    with the source shape, messages and severity of ``reported``."""
    severity = shapes.value(reported, SH.severity) or SH.Violation
    return SparqlConstraint(
        str(reported),
        select,
        _messages(shapes, reported),
        str(severity).rsplit("#", 1)[-1],
        _targets(shapes, shape),
        value_is_focus=value_is_focus,
    )


def _constraint(shapes: Graph, shape: Node, node: Node) -> SparqlConstraint:
    messages = tuple(str(m) for m in shapes.objects(node, SH.message)) or _messages(shapes, shape)
    severity = shapes.value(node, SH.severity) or shapes.value(shape, SH.severity) or SH.Violation
    select = _prefixes(shapes, node) + str(shapes.value(node, SH.select))
    select = select.replace("$currentShape", f"<{shape}>")
    return SparqlConstraint(
        str(shape), select, messages, str(severity).rsplit("#", 1)[-1], _targets(shapes, shape)
    )


def _messages(shapes: Graph, shape: Node) -> tuple[str, ...]:
    return tuple(str(m) for m in shapes.objects(shape, SH.message))


def _prefixes(shapes: Graph, node: Node) -> str:
    lines = []
    for owner in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines) + "\n"


def _targets(shapes: Graph, shape: Node) -> str:
    patterns = [f"{{ ?this a/<{RDFS.subClassOf}>* <{c}> }}" for c in shapes.objects(shape, SH.targetClass)]
    if (shape, RDF.type, RDFS.Class) in shapes:
        patterns.append(f"{{ ?this a/<{RDFS.subClassOf}>* <{shape}> }}")
    patterns += [f"{{ ?this <{p}> [] }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    patterns += [f"{{ [] <{p}> ?this }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    patterns += [f"{{ VALUES ?this {{ <{n}> }} }}" for n in shapes.objects(shape, SH.targetNode)]
    return " UNION ".join(patterns)


def focus_nodes(store: pyoxigraph.Store, constraint: SparqlConstraint) -> list:
    """The shape's focus nodes, found with one query for all its targets."""
    if not constraint.targets:
        return []
    return [
        row["this"]
        for row in solutions(store.query(f"SELECT DISTINCT ?this WHERE {{ {constraint.targets} }}"))
    ]


#: The tokens that matter for telling where ``$this`` occurs: strings, IRIs and
#: comments are single tokens, so braces or keywords inside them are not counted.
TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[$?]\w+|[{}]|[A-Za-z_]\w*|\s+|.",
)
THIS = ("$this", "?this")  # one variable, two spellings (variable names are case-sensitive)


def _tokens(select: str) -> list[str]:
    return TOKENS.findall(select)


def joinable(select: str) -> bool:
    """Whether joining the query with its targets gives the same results as pre-binding.

    ``$this`` must be bound where the join puts it: in the top-level group, directly in
    an ``OPTIONAL`` group, inside an ``EXISTS`` block (evaluated with the solution's
    bindings substituted), or in a triple pattern of a subquery that projects ``$this``
    and groups by it when it groups or aggregates. A nested group or ``BIND`` would see
    ``?this`` unbound, and ``VALUES``, ``MINUS``, ``LIMIT``, ``OFFSET`` or a top-level
    ``GROUP BY`` without ``$this`` count over all focus nodes at once, so those make a
    query non-joinable.

    >>> joinable("SELECT $this WHERE { $this a ?c . FILTER NOT EXISTS { $this ?p ?o } }")
    True
    >>> joinable("SELECT $this ?v WHERE { { BIND ($this AS ?v) } UNION { $this ?p ?v } }")
    False
    >>> joinable("SELECT $this ?n WHERE { { SELECT $this (COUNT(*) AS ?n) WHERE { ?x ?p $this } GROUP BY $this } }")
    True
    >>> joinable("SELECT $this WHERE { OPTIONAL { $this ?p ?v } FILTER (!BOUND(?v)) }")
    True
    >>> joinable("SELECT $this ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?x ?p $this } } }")
    False
    """
    tokens = [t for t in _tokens(select) if not t.isspace() and not t.startswith("#")]
    words = [t.upper() for t in tokens]
    if {"VALUES", "MINUS", "LIMIT", "OFFSET"} & set(words) or not _groups_by_this(tokens, words):
        return False
    blocks: list[str] = []  # "root" (a query's WHERE group), "subquery", "exists", "optional", "group"
    parens = [0]  # open parentheses within each open block
    for i, (token, word) in enumerate(zip(tokens, words, strict=True)):
        if word == "{":
            blocks.append(_block_kind(words, i, blocks))
            parens.append(0)
            if blocks[-1] == "subquery" and not _subquery_keeps_this(tokens, i):
                return False
        elif word == "}":
            blocks.pop()
            parens.pop()
        elif word in "()":
            parens[-1] += 1 if word == "(" else -1
        elif token in THIS or word == "BIND":
            if token in THIS and parens[-1] and "subquery" in blocks:
                return False  # in an expression of a subquery, maybe before it binds ?this
            roots = [n for n, kind in enumerate(blocks) if kind == "root"]
            below = blocks[roots[-1] + 1 :] if roots else []
            if below and (word == "BIND" or not _binds_this(below)):
                return False
    return True


def _groups_by_this(tokens: list[str], words: list[str]) -> bool:
    """A top-level GROUP BY must include ``$this``, or groups would span focus nodes."""
    last_close = len(words) - 1 - words[::-1].index("}") if "}" in words else len(words)
    tail, upper = tokens[last_close:], words[last_close:]
    return "GROUP" not in upper or any(t in THIS for t in tail[upper.index("GROUP") :])


def _block_kind(words: list[str], at: int, blocks: list[str]) -> str:
    if words[at + 1 : at + 2] == ["SELECT"]:
        return "subquery"
    if not blocks or blocks[-1] == "subquery":
        return "root"
    return {"EXISTS": "exists", "OPTIONAL": "optional"}.get(words[at - 1], "group")


def _binds_this(below: list[str]) -> bool:
    """Whether ``?this`` is bound where it occurs, given the blocks between it and its
    query's top level: anywhere inside ``EXISTS`` or a subquery, or directly in an
    ``OPTIONAL`` group (whose solutions are joined on ``?this``, and whose filter sees
    both sides)."""
    return below[0] in ("exists", "subquery") or below == ["optional"]


def _subquery_keeps_this(tokens: list[str], at: int) -> bool:
    """A subquery ``{ SELECT … }`` that uses ``$this`` binds it in a triple pattern of its
    own WHERE group, projects it, and groups by it if it groups or aggregates."""
    depth, end = 0, at
    for end in range(at, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[end], 0)
        if depth == 0:
            break
    block = tokens[at:end]
    if not any(t in THIS for t in block):
        return True
    where = block.index("{", 1)
    last_close = len(block) - 1 - block[::-1].index("}")
    projection, body, tail = block[:where], block[where + 1 : last_close], block[last_close:]
    upper_tail = [t.upper() for t in tail]
    grouped = "GROUP" in upper_tail and any(t in THIS for t in tail[upper_tail.index("GROUP") :])
    needs_grouping = "GROUP" in upper_tail or "(" in projection
    return (
        any(t in THIS for t in projection)
        and (grouped or not needs_grouping)
        and any(t in THIS for t in _top_level(body))
    )


def _top_level(body: list[str]) -> list[str]:
    """The tokens of a group outside nested groups and parentheses."""
    kept, braces, parens = [], 0, 0
    for token in body:
        braces += {"{": 1, "}": -1}.get(token, 0)
        parens += {"(": 1, ")": -1}.get(token, 0)
        if braces == 0 and parens == 0 and token not in "{}()":
            kept.append(token)
    return kept


def bulk_query(select: str, targets: str) -> str:
    """The query for every focus node at once: ``?this`` joined with the targets.

    The targets go first into the top-level group, so ``BIND`` and ``FILTER`` there see
    ``?this`` bound, and ``?this`` is added to the projection if it is missing.

    >>> bulk_query("SELECT ?value WHERE { $this ?p ?value }", "{ ?this a <http://a/C> }")
    'SELECT ?this ?value WHERE { { SELECT DISTINCT ?this WHERE { { ?this a <http://a/C> } } } ?this ?p ?value }'
    """
    tokens = _tokens(select)
    out: list[str] = []
    opened = projected = False
    parens = 0
    for token in tokens:
        if token in THIS:
            token = "?this"
        if not opened and token == "{":
            if not projected:
                out = _project_this(out)
            out.append("{ { SELECT DISTINCT ?this WHERE { " + targets + " } }")
            opened = True
            continue
        parens += {"(": 1, ")": -1}.get(token, 0)
        if not opened and token == "?this" and parens == 0:
            projected = True
        out.append(token)
    return "".join(out)


def _project_this(out: list[str]) -> list[str]:
    """Add ``?this`` right after ``SELECT`` (and ``DISTINCT`` / ``REDUCED``), unless ``*``."""
    words = [i for i, t in enumerate(out) if not t.isspace()] + [len(out)]
    at = next(n for n, i in enumerate(words) if out[i].upper() == "SELECT")
    if out[words[at + 1]].upper() in ("DISTINCT", "REDUCED"):
        at += 1
    if words[at + 1] < len(out) and out[words[at + 1]] == "*":
        return out
    return [*out[: words[at] + 1], " ?this", *out[words[at] + 1 :]]


#: Where ``$this`` must stay a variable: projections, and GROUP BY / ORDER BY clauses.
PROJECTION = re.compile(r"(SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?)([^{]*?)(\bWHERE\b|\{)", re.IGNORECASE)
GROUPING = re.compile(
    r"((?:GROUP|ORDER)\s+BY\s)(.*?)(\bHAVING\b|\bORDER\b|\bLIMIT\b|\bOFFSET\b|\}|$)",
    re.IGNORECASE | re.DOTALL,
)


def prebind(select: str, focus: pyoxigraph.NamedNode) -> str:
    """The query with ``$this`` replaced by the focus IRI, as SHACL's pre-binding defines.

    In projections (``SELECT $this …``) and GROUP BY / ORDER BY clauses the variable
    stays, renamed to ``?this``: an IRI is not allowed there, and grouping by a
    variable that is unbound in every solution groups exactly as by the constant. Oxigraph's own ``substitutions`` join the binding at
    the top of the query instead, so ``$this`` inside ``BIND`` or a nested ``FILTER``
    would stay unbound; that is used only for blank-node focus nodes, which have no
    syntax of their own.

    >>> prebind("SELECT $this ?v WHERE { BIND ($this AS ?v) }", pyoxigraph.NamedNode("http://a/x"))
    'SELECT ?this ?v WHERE { BIND (<http://a/x> AS ?v) }'
    """
    marked = select
    for clause in (PROJECTION, GROUPING):
        marked = clause.sub(lambda m: m[1] + m[2].replace("$this", "?this") + m[3], marked)
    return marked.replace("$this", str(focus))


def _query(
    store: pyoxigraph.Store, constraint: SparqlConstraint, query: str, **options: Any
) -> pyoxigraph.QuerySolutions:
    try:
        return solutions(store.query(query, **options))
    except SyntaxError as error:
        raise ValueError(f"the SPARQL constraint of {constraint.shape} does not parse: {error}") from error


def _solutions(
    store: pyoxigraph.Store, constraint: SparqlConstraint, join: bool
) -> Iterator[tuple[Any, dict[str, str]]]:
    """(focus node, bindings) for every solution of the constraint over its focus nodes."""
    if join:
        results = _query(store, constraint, bulk_query(constraint.select, constraint.targets))
        names = [v.value for v in results.variables]
        for row in results:
            yield row["this"], {name: row[name].value for name in names if row[name] is not None}
        return
    for focus in focus_nodes(store, constraint):
        if isinstance(focus, pyoxigraph.NamedNode):
            results = _query(store, constraint, prebind(constraint.select, focus))
        else:
            this = {pyoxigraph.Variable("this"): focus}
            results = _query(store, constraint, constraint.select, substitutions=this)
        names = [v.value for v in results.variables]
        for row in results:
            yield focus, {name: row[name].value for name in names if row[name] is not None}


def evaluate(
    store: pyoxigraph.Store, constraints: list[SparqlConstraint], join: bool = True
) -> Iterator[dict[str, str]]:
    """Every violation of the constraints in the store's default graph. ``join=False``
    runs every constraint once per focus node, the reference the joined queries are
    tested against."""
    for constraint in constraints:
        if not constraint.targets:
            continue
        for focus, bindings in _solutions(store, constraint, join and constraint.joinable):
            default_value = focus.value if constraint.value_is_focus else ""
            yield {
                "severity": constraint.severity,
                "shape": constraint.shape,
                "focus": focus.value,
                "path": bindings.get("path", ""),
                "value": bindings.get("value", default_value),
                "message": " / ".join(_fill(m, bindings) for m in constraint.messages) or "(no message)",
            }


def _fill(message: str, bindings: dict[str, str]) -> str:
    return re.sub(r"\{[?$](\w+)\}", lambda m: bindings.get(m[1], m[0]), message)


def load(data: Graph, ontology: Graph | None) -> pyoxigraph.Store:
    """An in-memory store of data plus ontology, the graph pyshacl validates too."""
    store = pyoxigraph.Store()
    for graph in (data, ontology):
        if graph is not None:
            store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store
