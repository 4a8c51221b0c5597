"""Page models: what a page shows about a resource, a class, the ontology or a data set.

Each model gathers its facts with the named queries of ``service.queries`` and returns
dataclasses that the templates and the machine twins render.
"""
