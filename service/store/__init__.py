"""The store layer: the published build, a scratch store or a remote server, and the query workers.

Everything that opens a store or evaluates a query on it lives here: the read-only
built store, the writable scratch store, the remote SPARQL server, and the killable
worker processes (without network) that evaluate queries for the endpoint.
"""
