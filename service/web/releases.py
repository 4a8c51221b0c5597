"""Blueprint "releases": the kept releases, their changelogs and files, and the release being served.

* ``/releases`` lists every release, newest first (``/releases.json`` as JSON);
* ``/releases/<version>`` shows one: date, ontology version, files with SHA-256, and
  its changelog against the previous release; JSON by ``.json``, ``?format=json`` or
  ``Accept``, and for RDF clients (``Accept: text/turtle``) the release in DCAT;
* ``/releases/<version>/<file>`` is one file of it, at a URL that never changes
  (``SHA256SUMS`` beside them, for ``sha256sum -c``).

Every response of the app names the release it serves in ``Sdkg-Release`` (``unreleased``
for a build that is none), and every page in its footer, so a reader can cite what
they saw.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, send_file

from service.build.release import DCAT_FILE
from service.models import releases as model
from service.sparql import formats
from service.store import releases
from service.store.built import StoreMissingError
from service.web import downloads
from service.web.store_access import get_store, served_store

bp = Blueprint("releases", __name__)

JSON = "application/json"


def instance_dir() -> Path:
    return Path(current_app.config["INSTANCE_DIR"])


def served_release() -> str:
    """The version of the release the served build is, or ``unreleased``.

    A scratch store changes with every write and a remote server is filled from
    elsewhere: neither is a release.
    """
    try:
        if served_store().writable:
            return releases.UNRELEASED
        return str(get_store().info.get("release") or releases.UNRELEASED)
    except (StoreMissingError, OSError):  # nothing published (yet), or a remote store
        return releases.UNRELEASED


@bp.after_app_request
def name_release(response: Response) -> Response:
    """Every response, errors and static files too, says which release answered it."""
    response.headers[releases.HEADER] = served_release()
    return response


@bp.app_context_processor
def release_of_page() -> dict[str, str]:
    """The footer of every page names the release (``base.html``)."""
    return {"sdkg_release": served_release()}


@bp.get("/releases")
def index() -> str:
    """Every kept release, newest first."""
    return render_template("releases/index.html", releases=model.listing(instance_dir()))


@bp.get("/releases.json")
def index_json() -> Response:
    """The list of releases as JSON, newest first."""
    listed = [vars(summary) for summary in model.listing(instance_dir())]
    return jsonify({"served": served_release(), "releases": listed})


@bp.get("/releases/<name>")
def release(name: str) -> Response | str:
    """One release and its changelog: HTML, or JSON by suffix, ``format=json`` or Accept."""
    as_json = name.endswith(".json") or request.args.get("format") == "json"
    version = name.removesuffix(".json")
    found = model.page(instance_dir(), version)
    if found is None:
        abort(404, description=f"Onbekende release: {version}. Alle releases staan op /releases.")
    chosen = formats.negotiate(request.accept_mimetypes, (formats.HTML, JSON, formats.TURTLE.media_type))
    if as_json or chosen == JSON:
        response = jsonify(found.as_json())
    elif chosen == formats.TURTLE.media_type and found.release.file(DCAT_FILE) is not None:
        response = send_file(found.release.folder / DCAT_FILE, mimetype=formats.TURTLE.media_type)
    else:
        response = Response(
            render_template(
                "releases/release.html", page=found, titles=downloads.title, served=served_release()
            )
        )
    if not name.endswith(".json") and "format" not in request.args:
        response.headers["Vary"] = "Accept"
    return response


@bp.get("/releases/<version>/<name>")
def release_file(version: str, name: str) -> Response:
    """One file of a release, its SHA-256 in ``X-Checksum-Sha256`` (and in SHA256SUMS)."""
    kept = releases.find(instance_dir(), version)
    path = kept.file(name) if kept is not None else None
    if kept is None or path is None:
        abort(404, description=f"Onbekend bestand: release {version} heeft geen bestand {name}.")
    media_type = "text/plain" if name == releases.CHECKSUMS_FILE else downloads.media_type(name)
    response = send_file(path, mimetype=media_type, max_age=31536000, conditional=True)
    if name.endswith(".gz"):
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    sha256 = kept.checksums.get(name)
    if sha256:
        response.headers["X-Checksum-Sha256"] = sha256
    return response
