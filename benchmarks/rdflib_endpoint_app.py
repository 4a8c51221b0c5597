"""rdflib-endpoint over one N-Triples file (gzipped or not), served by uvicorn on 127.0.0.1.

    python benchmarks/rdflib_endpoint_app.py sdkg.nt.gz --port 8000

The file is parsed into one rdflib ``Graph``, so its triples are the endpoint's default
graph; the SPARQL endpoint answers at ``/``. rdflib-endpoint's own ``serve`` command does
the same for files rdflib can read by name, but cannot read a gzipped dump.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

import uvicorn
from rdflib import Graph
from rdflib_endpoint import SparqlEndpoint


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    graph = Graph()
    opener = gzip.open if args.file.suffix == ".gz" else open
    with opener(args.file, "rb") as data:
        graph.parse(data, format="nt")
    print(f"loaded {len(graph)} triples from {args.file}", flush=True)
    app = SparqlEndpoint(graph=graph, title="rdflib-endpoint (benchmark)")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
