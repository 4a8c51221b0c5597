"""SHACL-SPARQL constraints (``sh:sparql``) evaluated by Oxigraph.

pyshacl evaluates a constraint's SELECT with rdflib's SPARQL engine, which took
minutes for the Data Cube integrity constraints over a few hundred observations.
Oxigraph runs the same SELECT, with ``$this`` pre-bound to the focus node as
https://www.w3.org/TR/shacl/#sparql-constraints-prebound defines. Every solution is a
validation result. pyshacl still checks SHACL Core, apart from the patterns that
``core_to_sparql`` rewrites into constraints of this kind.

Most constraints are *joinable*: ``$this`` is bound at the top level of the query, so
joining the query with the shape's targets gives exactly the pre-bound results, and
one query covers every focus node (see ``joinable`` and ``bulk_query``). The others run
once per focus node with the focus IRI written into the query (see ``prebind``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph
from rdflib import RDF, RDFS, Graph, Literal, Namespace
from rdflib.term import Node

from service import core_to_sparql

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class SparqlConstraint:
    shape: str
    select: str
    messages: tuple[str, ...]
    severity: str
    targets: str  # a graph pattern binding ?this

    @property
    def joinable(self) -> bool:
        return joinable(self.select)


def split(shapes: Graph) -> tuple[Graph, list[SparqlConstraint]]:
    """The shapes left for pyshacl, and the SPARQL constraints for Oxigraph.

    The constraints are the declared ``sh:sparql`` ones and the Core patterns that
    ``core_to_sparql`` rewrites; both are taken out of the shapes pyshacl sees.
    """
    done = core_to_sparql.rewrites(shapes)
    core = core_to_sparql.without(shapes, done)
    core.remove((None, SH.sparql, None))
    constraints = [
        _constraint(shapes, shape, node)
        for shape, node in shapes.subject_objects(SH.sparql)
        if shapes.value(node, SH.deactivated) != Literal(True)
    ]
    constraints += [_rewritten(shapes, rewrite) for rewrite in done]
    return core, constraints


def _constraint(shapes: Graph, shape: Node, node: Node) -> SparqlConstraint:
    messages = tuple(str(m) for m in shapes.objects(node, SH.message)) or _messages(shapes, shape)
    severity = shapes.value(node, SH.severity) or shapes.value(shape, SH.severity) or SH.Violation
    select = _prefixes(shapes, node) + str(shapes.value(node, SH.select))
    select = select.replace("$currentShape", f"<{shape}>")
    return SparqlConstraint(
        str(shape), select, messages, str(severity).rsplit("#", 1)[-1], _targets(shapes, shape)
    )


def _rewritten(shapes: Graph, rewrite: core_to_sparql.Rewrite) -> SparqlConstraint:
    severity = shapes.value(rewrite.reported, SH.severity) or SH.Violation
    return SparqlConstraint(
        str(rewrite.reported),
        rewrite.select,
        _messages(shapes, rewrite.reported),
        str(severity).rsplit("#", 1)[-1],
        _targets(shapes, rewrite.shape),
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


def focus_nodes(store: pyoxigraph.Store, constraint: SparqlConstraint, **dataset: object) -> list:
    """The shape's focus nodes, found with one query for all its targets."""
    if not constraint.targets:
        return []
    query = f"SELECT DISTINCT ?this WHERE {{ {constraint.targets} }}"
    return [row["this"] for row in store.query(query, **dataset)]


#: The tokens that matter for telling where ``$this`` occurs: strings, IRIs and
#: comments are single tokens, so braces or keywords inside them are not counted.
TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[$?]\w+|[{}]|[A-Za-z_]\w*|\s+|.",
)
THIS = ("$THIS", "?THIS")  # one variable, two spellings


def _tokens(select: str) -> list[str]:
    return TOKENS.findall(select)


def joinable(select: str) -> bool:
    """Whether joining the query with its targets gives the same results as pre-binding.

    ``$this`` must be bound where the join puts it: in the top-level group, directly in
    an ``OPTIONAL`` group, inside an ``EXISTS`` block (evaluated with the solution's
    bindings substituted), or inside a subquery that projects ``$this`` (and groups by
    it when it groups), which is then checked the same way. Any other nested group,
    ``BIND`` or ``VALUES`` would see ``?this`` unbound, so those make a query
    non-joinable.

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
    words = [t.upper() for t in _tokens(select) if not t.isspace() and not t.startswith("#")]
    if "VALUES" in words:
        return False
    blocks: list[str] = []  # "root" (a query's WHERE group), "subquery", "exists" or "group"
    for i, word in enumerate(words):
        if word == "{":
            blocks.append(_block_kind(words, i, blocks))
            if blocks[-1] == "subquery" and not _subquery_keeps_this(words, i):
                return False
        elif word == "}":
            blocks.pop()
        elif word in THIS or word == "BIND":
            roots = [n for n, kind in enumerate(blocks) if kind == "root"]
            below = blocks[roots[-1] + 1 :] if roots else []
            if below and (word == "BIND" or not _binds_this(below)):
                return False
    return True


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


def _subquery_keeps_this(words: list[str], at: int) -> bool:
    """A subquery ``{ SELECT … }`` that uses ``$this`` projects it and groups by it."""
    depth, end = 0, at
    for end in range(at, len(words)):
        depth += {"{": 1, "}": -1}.get(words[end], 0)
        if depth == 0:
            break
    block = words[at:end]
    if not any(w in THIS for w in block):
        return True
    where = block.index("{", 1)
    last_close = len(block) - 1 - block[::-1].index("}")
    projection, tail = block[:where], block[last_close:]
    grouped = "GROUP" not in tail or any(w in THIS for w in tail[tail.index("GROUP") :])
    return any(w in THIS for w in projection) and grouped


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
    for token in tokens:
        if token.upper() in THIS:
            token = "?this"
        if not opened and token == "{":
            if not projected:
                out = _project_this(out)
            out.append("{ { SELECT DISTINCT ?this WHERE { " + targets + " } }")
            opened = True
            continue
        if not opened and token == "?this":
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


def _query(store: pyoxigraph.Store, constraint: SparqlConstraint, query: str, **options: object):
    try:
        return store.query(query, **options)
    except SyntaxError as error:
        raise ValueError(f"the SPARQL constraint of {constraint.shape} does not parse: {error}") from error


def _solutions(
    store: pyoxigraph.Store, constraint: SparqlConstraint, dataset: dict, join: bool
) -> Iterator[tuple[object, dict[str, str]]]:
    """(focus node, bindings) for every solution of the constraint over its focus nodes."""
    if join:
        results = _query(store, constraint, bulk_query(constraint.select, constraint.targets), **dataset)
        names = [v.value for v in results.variables]
        for row in results:
            yield row["this"], {name: row[name].value for name in names if row[name] is not None}
        return
    for focus in focus_nodes(store, constraint, **dataset):
        if isinstance(focus, pyoxigraph.NamedNode):
            results = _query(store, constraint, prebind(constraint.select, focus), **dataset)
        else:
            this = {pyoxigraph.Variable("this"): focus}
            results = _query(store, constraint, constraint.select, substitutions=this, **dataset)
        names = [v.value for v in results.variables]
        for row in results:
            yield focus, {name: row[name].value for name in names if row[name] is not None}


def evaluate(
    store: pyoxigraph.Store,
    constraints: list[SparqlConstraint],
    default_graph: list[str] | None = None,
    join: bool = True,
) -> Iterator[dict[str, str]]:
    """Every violation of the constraints, in the store's default graph or the union of
    the named graphs ``default_graph``. Without a ``?value`` a result's value is its focus
    node, the value node of a node shape. ``join=False`` runs every constraint once per
    focus node, the reference the joined queries are tested against."""
    dataset = {"default_graph": [pyoxigraph.NamedNode(g) for g in default_graph]} if default_graph else {}
    for constraint in constraints:
        if not constraint.targets:
            continue
        for focus, bindings in _solutions(store, constraint, dataset, join and constraint.joinable):
            yield {
                "severity": constraint.severity,
                "shape": constraint.shape,
                "focus": focus.value,
                "path": bindings.get("path", ""),
                "value": bindings.get("value", focus.value),
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
