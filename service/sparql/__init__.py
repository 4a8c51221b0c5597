"""The SPARQL protocol as pure functions: requests, formats, the SERVICE gate, the service description.

Nothing here opens a store or knows Flask: each function takes text, a request or a
graph and returns a value, so the protocol can be tested without a server.
"""
