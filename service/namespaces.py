"""Prefixes shared by the build, the dumps and the SPARQL endpoint (provisional)."""

from __future__ import annotations

BASE = "https://sociaaldomein.example/"
PREFIXES: dict[str, str] = {
    "sdo": BASE + "def/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
}
