"""SHACL validation: pyshacl for SHACL Core, Oxigraph for the SPARQL-based constraints.

One job per module. ``shacl`` is the entry point (``prepare``, ``validate``, the report)
and its docstring states the whole strategy and its guarantee; ``core_rewrites`` changes
the validator's copy of the shapes (Core patterns into SPARQL, lifted property shapes);
``constraints`` runs SPARQL constraints in Oxigraph, joined over all focus nodes.
"""
