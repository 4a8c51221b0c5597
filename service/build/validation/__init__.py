"""SHACL validation: pyshacl for SHACL Core, Oxigraph for the SPARQL-based constraints.

``shacl.validate`` is the one contract (a report grouped by shape and focus node);
``constraints`` runs SHACL-SPARQL over all focus nodes at once, and ``core_rewrites``
turns a few SHACL Core patterns into such constraints where that is faster.
"""
