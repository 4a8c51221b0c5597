"""Blueprint "downloads": the dumps of the published build and its dataset description.

``/downloads`` lists every dump with size and media type; ``/dumps/<file>`` serves
one (``send_from_directory`` keeps requests inside the dumps folder);
``/.well-known/void`` (RFC 8615, VoID §7.2) serves the VoID/DCAT description the
build wrote, as Turtle or, by Accept, in the other RDF formats.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import PurePath

from flask import Blueprint, Response, abort, make_response, render_template, request, send_from_directory
from rdflib import Graph

from service.build.dumps import DUMP_FILES
from service.build.void import VOID_FILE
from service.models import vocabulary
from service.render import twins
from service.sparql import formats
from service.web.links import data_base
from service.web.store_access import get_store

bp = Blueprint("downloads", __name__)


@dataclass(frozen=True)
class Dump:
    name: str
    title: str
    media_type: str
    size: int

    @property
    def size_text(self) -> str:
        """Size in the unit a reader expects (kB or MB)."""
        if self.size >= 1_000_000:
            return f"{self.size / 1_000_000:.1f} MB".replace(".", ",")
        return f"{max(self.size // 1000, 1)} kB"


def media_type(name: str) -> str:
    """The media type of a dump file.

    >>> media_type("nvrr.ttl")
    'text/turtle'
    >>> media_type("sdkg.nq.gz")
    'application/n-quads'
    """
    if name in DUMP_FILES:
        return DUMP_FILES[name][0].media_type
    fmt = formats.by_suffix(PurePath(name).suffix)
    if fmt is not None:
        return fmt.media_type
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


#: Files a release keeps beside the dumps, and what they are.
OTHER_FILES = {
    "void.ttl": "Beschrijving van de dataset (VoID en DCAT)",
    "build.json": "Gegevens van de build",
    "changelog.json": "Wijzigingen ten opzichte van de vorige release",
    "SHA256SUMS": "SHA-256 van elk bestand (voor sha256sum -c)",
    "dcat.ttl": "Deze release in DCAT: de bestanden met grootte en SHA-256 (spdx:checksum)",
}


def title(name: str) -> str:
    """What a dump (or another file of a release) holds, in Dutch.

    >>> title("nvrr.ttl")
    'Graaf nvrr als Turtle'
    """
    if name in DUMP_FILES:
        return DUMP_FILES[name][1]
    if name in OTHER_FILES:
        return OTHER_FILES[name]
    return f"Graaf {PurePath(name).stem} als {formats.TURTLE.title}"


def dumps() -> list[Dump]:
    """Every file in the published build's dumps folder; whole-graph dumps first."""
    folder = get_store().folder / "dumps"
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        found.append(Dump(path.name, title(path.name), media_type(path.name), path.stat().st_size))
    return sorted(found, key=lambda d: (d.name not in DUMP_FILES, d.name))


@bp.get("/downloads")
def downloads() -> str:
    """The dumps, the dataset description and the SPARQL endpoint, for people."""
    return render_template("downloads.html", dumps=dumps(), info=get_store().info)


@bp.get("/dumps/<path:filename>")
def dump(filename: str) -> Response:
    """One dump file, with its media type."""
    folder = get_store().folder / "dumps"
    response = send_from_directory(folder, filename, mimetype=media_type(filename), max_age=3600)
    if filename.endswith(".gz"):
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/.well-known/void")
def void() -> Response:
    """The VoID/DCAT description of the dataset (Turtle unless Accept asks for another RDF format)."""
    path = get_store().folder / VOID_FILE
    if not path.exists():
        abort(404)
    chosen = twins.choose(request.accept_mimetypes)
    if chosen is None:
        abort(406)
    fmt = chosen if isinstance(chosen, formats.Format) else formats.TURTLE
    if fmt is formats.TURTLE:  # the file as the build wrote it
        response = make_response(path.read_bytes())
    else:
        graph = Graph().parse(path, format=formats.TURTLE.rdflib)
        response = make_response(twins.serialize(graph, fmt, vocabulary.prefixes(data_base())))
    response.content_type = formats.content_type(fmt.media_type)
    response.headers["Vary"] = "Accept"
    return response
