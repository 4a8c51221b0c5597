"""The ``sdkg`` command: build, validate, serve and query the knowledge graph."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rdflib import Graph

from service import settings as config
from service.build.pipeline import BuildError, BuildReport, BuildSettings, build
from service.store.terminal import render_results


def _settings(**overrides: object) -> dict:
    values = config.from_environment()
    values.update({k.upper(): v for k, v in overrides.items() if v is not None})
    return values


@click.group(help="Sociaal Domein Kennisgraaf: build, validate, serve and query the graph.")
def main() -> None:
    pass


@main.command("build")
@click.option(
    "--source-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder with ontology/, shapes/, data/.",
)
@click.option(
    "--instance-dir", type=click.Path(file_okay=False, path_type=Path), help="Where builds are written."
)
@click.option("--base-iri", help="Base IRI to publish under.")
@click.option("--skip-reasoner", is_flag=True, default=None, help="Skip the HermiT check.")
@click.option(
    "--release",
    is_flag=True,
    help="Cut a release of this build (refused, politely, when nothing changed since the last one).",
)
@click.option(
    "--into",
    metavar="URL",
    help="Also push every graph to this Graph Store Protocol URL (e.g. http://host:7878/store).",
)
def build_command(
    source_dir: Path | None,
    instance_dir: Path | None,
    base_iri: str | None,
    skip_reasoner: bool | None,
    release: bool,
    into: str | None,
) -> None:
    """Parse, validate, reason, load, describe, dump, index and publish (and with --release, keep)."""
    values = _settings(
        source_dir=source_dir, instance_dir=instance_dir, base_iri=base_iri, skip_reasoner=skip_reasoner
    )

    def progress(step: str, seconds: float, detail: str) -> None:
        click.echo(f"[{step:>11}] {seconds:6.2f}s  {detail}")

    try:
        settings = BuildSettings.from_config(values)
        settings.release = release
        report = build(settings, progress)
    except BuildError as error:
        click.echo(str(error), err=True)
        click.echo("the published store and dumps are unchanged", err=True)
        sys.exit(1)
    total = sum(seconds for _, seconds, _ in report.steps)
    click.echo(f"built {report.triples} triples in {total:.2f}s -> {report.folder}")
    _say_release(report, release)
    if into and report.folder is not None:
        _push(report.folder, into)


def _say_release(report: BuildReport, asked: bool) -> None:
    """Say which release the build is; a release asked for on unchanged graphs is declined, not failed."""
    if report.new_release:
        click.echo(f"release {report.release} cut: it is kept in releases/{report.release}/")
    elif asked and report.release:
        click.echo(
            f"nothing to release: the graphs are unchanged since release {report.release} "
            "(same content hash), so no new release was cut"
        )
    elif asked:
        click.echo("no release was cut", err=True)


def _push(folder: Path, url: str) -> None:
    """Send the new build's graphs to a remote store (``--store URL`` then serves them)."""
    from urllib.error import URLError

    from service.store.built import BuiltStore
    from service.store.remote import push

    try:
        sent = push(BuiltStore.open(folder), url)
    except (URLError, OSError) as error:
        click.echo(f"push to {url} failed: {error}", err=True)
        sys.exit(1)
    click.echo(f"pushed {len(sent)} graphs ({sum(sent.values())} bytes) -> {url}")


@main.command("validate")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--alone", is_flag=True, help="Validate the files without the project's own data beside them.")
def validate_command(files: tuple[Path, ...], alone: bool) -> None:
    """Validate RDF files (Turtle, JSON-LD, RDF/XML, N-Triples) against the shapes."""
    from service.build import source_files
    from service.build.validation import shacl

    values = _settings()
    base = values["BASE_IRI"]
    try:
        # read first: a file that is refused unread fails before the project is parsed
        sources = [source_files.read(path, "data", base) for path in files]
        graphs = _project_graphs(Path(values["SOURCE_DIR"]), base, with_data=not alone)
        data = graphs["data"]
        source_files.to_rdflib(sources, data)
    except source_files.SourceError as error:
        click.echo(f"syntax error: {error}", err=True)
        sys.exit(2)
    report = shacl.validate(data, graphs["shapes"], graphs["ontology"])
    if report.violations:
        click.echo(report.summary(), err=True)
        sys.exit(1)
    click.echo(f"conforms: {', '.join(str(f) for f in files)}")


def _project_graphs(source_dir: Path, base: str, with_data: bool) -> dict[str, Graph]:
    """The project's ontology and shapes, and its data unless a file is checked alone."""
    from service.build import reference_data, source_files

    graphs = {"ontology": Graph(), "shapes": Graph(), "data": Graph()}
    for path, name in source_files.discover(source_dir):
        group = name if name in ("ontology", "shapes") else "data"
        if group != "data" or with_data:
            source_files.to_rdflib([source_files.read(path, name, base)], graphs[group])
    if with_data:
        source_files.to_rdflib(reference_data.sources(source_dir, base), graphs["data"])
    return graphs


@main.command("serve")
@click.option("--host", help="Address to listen on.")
@click.option("--port", type=int, help="Port to listen on.")
@click.option("--store", help="Store to serve: a built store folder or a SPARQL endpoint URL.")
@click.option(
    "--writable",
    is_flag=True,
    default=None,
    help="Serve --store (default <instance>/scratch) as a scratch store the admin token can write.",
)
@click.option("--processes", type=int, help="Server processes (SERVER_PROCESSES; 0: one per core).")
@click.option("--threads", type=int, help="Threads per server process (SERVER_THREADS).")
@click.option("--dev", is_flag=True, help="Werkzeug's development server (one process) instead of gunicorn.")
def serve_command(
    host: str | None,
    port: int | None,
    store: str | None,
    writable: bool | None,
    processes: int | None,
    threads: int | None,
    dev: bool,
) -> None:
    """Serve the graph over HTTP (gunicorn; --dev: the development server)."""
    values = _settings(
        host=host,
        port=port,
        store=store,
        writable=writable,
        server_processes=processes,
        server_threads=threads,
    )
    check_isolation(values)
    if dev:
        _serve_dev(values)
        return
    _check_scratch_lock(values)
    from service.web import wsgi

    wsgi.serve(values)


def _serve_dev(values: dict[str, Any]) -> None:
    from service import create_app
    from service.store.scratch import StoreInUseError

    try:
        app = create_app(values)
    except StoreInUseError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    app.run(host=values["HOST"], port=int(values["PORT"]), threaded=True)


def _check_scratch_lock(values: dict[str, Any]) -> None:
    """Stop at once, in the master process, when another process serves the scratch store."""
    if not values["WRITABLE"] or values["STORE"].startswith(("http://", "https://")):
        return
    from service.store.scratch import StoreInUseError, take_lock

    folder = Path(values["STORE"]) if values["STORE"] else Path(values["INSTANCE_DIR"]) / "scratch"
    try:
        take_lock(folder).close()  # the server process takes it again for good
    except StoreInUseError as error:
        click.echo(str(error), err=True)
        sys.exit(1)


def check_isolation(values: dict[str, Any]) -> None:
    """Say at start-up when query workers cannot be cut off from the network.

    Without isolation the SERVICE gate is the only control; with federation switched
    on that is refused unless ALLOW_UNISOLATED_FEDERATION says otherwise.
    """
    from service.store import isolation

    reason = isolation.probe()
    if reason is None:
        return
    click.echo(f"warning: query workers keep network access on this host ({reason})", err=True)
    if values["SERVICE_ALLOWLIST"] and not values["ALLOW_UNISOLATED_FEDERATION"]:
        click.echo(
            "refusing to serve with SERVICE_ALLOWLIST set: set ALLOW_UNISOLATED_FEDERATION=1 "
            "to rely on the SERVICE gate alone",
            err=True,
        )
        sys.exit(1)


@main.command("query")
@click.argument("text", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r"), help="Read the query from a file.")
@click.option(
    "--format", "output", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.option("--store", help="A built store folder (default: the published one).")
def query_command(text: str | None, query_file, output: str, store: str | None) -> None:
    """Run a SPARQL query on the built store and print the result."""
    from service.store.served import open_store

    sparql = query_file.read() if query_file else text
    if not sparql:
        raise click.UsageError("give a query or -f FILE")
    values = _settings(store=store)
    built = open_store(values["STORE"], Path(values["INSTANCE_DIR"])).get()
    from service.namespaces import prefixes

    try:
        results = built.query(sparql, prefixes=prefixes(built.info.get("base_iri") or values["BASE_IRI"]))
    except SyntaxError as error:
        click.echo(f"query error: {error}", err=True)
        sys.exit(2)
    click.echo(render_results(results, output), nl=False)


@main.command("coverage")
@click.option(
    "--check", is_flag=True, help="Exit 1 when a section is uncovered or data/COVERAGE.md is out of date."
)
def coverage_command(check: bool) -> None:
    """Write data/COVERAGE.md: every source section and what the graph took from it."""
    from service.build import coverage
    from service.store.served import open_store

    values = _settings()
    built = open_store(values["STORE"], Path(values["INSTANCE_DIR"])).get()
    data = Path(values["SOURCE_DIR"]) / "data"
    counts = coverage.taken(built, values["BASE_IRI"])
    text = coverage.render(counts, values["BASE_IRI"], data / "coverage")
    target = data / "COVERAGE.md"
    missing = [
        s.slug
        for d in ("nvrr", "vgn")
        for s in coverage.uncovered(coverage.source_sections(d), counts, values["BASE_IRI"])
    ]
    if check:
        stale = not target.exists() or target.read_text(encoding="utf-8") != text
        for slug in missing:
            click.echo(f"not covered: {slug}", err=True)
        if stale:
            click.echo(f"{target} is out of date: run `sdkg coverage`", err=True)
        sys.exit(1 if missing or stale else 0)
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target} ({len(missing)} sections not covered)")
