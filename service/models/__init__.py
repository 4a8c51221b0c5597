"""Page models: what a page shows about a resource, a class, the ontology or a data set.

Each model gathers its facts with the named queries of ``service.queries`` and returns
dataclasses that the templates and the machine twins render. A model reads what it
is given: a ``context.PageContext`` (the built store and a ``links.Links`` mapper for
the data's base IRI), never the Flask request or application, so it runs the same in
a request, a test or a script.
"""
