"""The ``sgraph`` command line: load documents, look at what was read, and serve the web app."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.text import Text

from api.cli_bolt import connection_options, open_driver, push
from api.cli_keep import keep_graph
from api.cli_maps import map_command, plot_command
from api.cli_query import query
from api.cli_remove import remove
from api.cli_search import search
from api.common import db_option, open_graph, open_store, text_console
from api.lazy_commands import LazyGroup
from graph.build_lock import building

# Loading, extraction and the graph are imported by the commands that use them: importing them
# all made every command, `sgraph --help` included, spend seconds starting.
if TYPE_CHECKING:
    from graph.ingest import LoadResult
    from graph.store import Store
    from loaders.records import Extraction

STATUS_STYLE = {
    "loaded": "green",
    "new version": "green",
    "re-extracted": "cyan",
    "unchanged": "dim",
    "skipped": "yellow",
    "failed": "bold red",
}


# export needs rdflib and the exporters: imported when it runs (see api/lazy_commands.py)
@click.group(
    cls=LazyGroup,
    lazy={"export": "api.cli_export:export_command"},
    context_settings={"help_option_names": ["-h", "--help"]},
)
def main() -> None:
    """Safeguarding Graph: CQC children's safeguarding (CLAS) review paperwork as a knowledge graph.

    Load review reports, briefings and action plans (`sgraph load`), then ask who is accountable
    for what, jointly with whom, and where the gaps are. Every command takes --db PATH (default
    $SGRAPH_DB, else ./sgraph.db).
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Also list each document's warnings.")
@db_option
def load(paths: tuple[Path, ...], verbose: bool, db: Path) -> None:
    """Read the documents in PATHS (files, or folders searched recursively) into the store.

    Each file is stored in one transaction: a file that cannot be read is reported with the
    reason and nothing already stored changes; the other files still load. Loading the same
    content again changes nothing; a changed file of the same name becomes a new version and
    the old one stays in its history (see `sgraph documents --history`). Folders are searched
    for document files (.txt, .csv, .tsv, .docx, .pdf, .html, .xlsx...); hidden files are left
    out. The graph of the documents is then built (only the areas that changed) and kept in the
    store, so the next command or `sgraph serve` starts from it. Exits with status 1 if any file
    failed.
    """
    with building(db), open_store(db, create=True) as store:  # a server's rebuild waits for it
        results = _load_with_progress(store, paths)
        _print_load_summary(results, verbose, db)
        keep_graph(store)
    failed = sum(r.failed for r in results)
    if failed:
        click.echo(
            f"error: {failed} of {len(results)} file(s) failed; the others are stored in {db}", err=True
        )
        sys.exit(1)


def _load_with_progress(store: Store, paths: tuple[Path, ...]) -> list[LoadResult]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from graph.ingest import load_paths

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=text_console(stderr=True), transient=True) as bar:
        task = bar.add_task("loading", total=None)

        def show(path: Path, done: int, total: int) -> None:
            bar.update(task, description=path.name, completed=done, total=total)

        results = load_paths(store, paths, progress=show)
        bar.update(task, completed=len(results))
    return results


def _print_load_summary(results: list[LoadResult], verbose: bool, db: Path) -> None:
    from rich.table import Table

    from loaders.file_names import display_name

    console = text_console()
    # paths are shown below their common folder, so long folder names do not crowd the table
    folder = Path(os.path.commonpath([r.path.absolute().parent for r in results]))
    title = Text(display_name(f"Loaded into {db} from {folder}"))
    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("File", overflow="fold", ratio=3)
    for column in ("Result", "Version", "Warnings"):
        table.add_column(column, no_wrap=True)
    table.add_column("Reason", overflow="fold", ratio=2)
    for result in results:
        table.add_row(
            Text(display_name(str(result.path.absolute().relative_to(folder)))),
            Text(result.status, style=STATUS_STYLE[result.status]),
            str(result.version or ""),
            str(len(result.warnings)) if result.document_id else "",
            Text(result.reason or ""),
        )
    console.print(table)
    counts = Counter(r.status for r in results)
    console.print(", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    if verbose:
        for result in results:
            if result.warnings:
                console.print(Text(f"\n{display_name(str(result.path))} warnings:", style="bold"))
                for warning in result.warnings:
                    console.print(Text(f"  - {warning}"))


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction as JSON (gold SCHEMA.md format).")
@db_option
def extract(file: Path, as_json: bool, db: Path) -> None:
    """Show what FILE says (review, recommendations, actions, organisations) without storing it.

    Nothing is written: --db is accepted only so that every command takes the same options.
    """
    from graph.ingest import extract_path
    from loaders.errors import UnreadableDocument

    try:
        extraction = extract_path(file)
    except UnreadableDocument as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(extraction.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_extraction(extraction)


def _print_extraction(extraction: Extraction) -> None:
    from rich.table import Table

    console = text_console()
    review = extraction.review
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    for label, value in (
        ("File", extraction.file),
        ("Format", extraction.format),
        ("Area", extraction.area),
        ("Kind", extraction.document_kind),
        ("Date", extraction.document_date),
        ("Review", " / ".join(v for v in (review.regulator, review.programme) if v)),
        ("Fieldwork", review.fieldwork),
        ("Published", review.published),
        ("Recommendations stated", review.recommendations_stated),
        ("Actions stated", review.actions_stated),
        ("Status counts", review.status_counts),
        ("Organisations", len(extraction.organisations)),
        ("Findings", len(extraction.findings)),
        ("Actions without a recommendation", len(extraction.actions)),
        ("Assurance bodies", "; ".join(extraction.assurance_bodies)),
    ):
        facts.add_row(label, Text("" if value is None else str(value)))
    console.print(facts)
    if extraction.recommendations:
        table = Table(title="Recommendations", title_justify="left")
        for column in ("Id", "Addressed to", "Actions", "Themes", "Where"):
            table.add_column(column, overflow="fold")
        for rec in extraction.recommendations:
            table.add_row(
                Text(rec.id),
                Text("; ".join(rec.addressed_to)),
                str(len(rec.actions)),
                Text(", ".join(t.theme for t in rec.themes)),
                rec.location.describe(),
            )
        console.print(table)
    for warning in extraction.warnings:
        console.print(Text("warning: ", style="yellow") + Text(warning))


@main.command()
@click.option("--history", "history_of", metavar="ID", help="List every stored version of document ID.")
@db_option
def documents(history_of: str | None, db: Path) -> None:
    """List the stored documents (current versions), or one document's versions with --history."""
    from rich.table import Table

    from graph.store import UnknownDocument

    console = text_console()
    with open_store(db) as store:
        if history_of is None:
            stored = store.documents()
            if not stored:
                console.print(Text(f"No documents in {db} yet: load some with `sgraph load PATH`."))
                return
            table = Table(title=Text(f"Documents in {db}"), title_justify="left")
            for column in ("Id", "Format", "Size", "Area", "Loaded at", "SHA-256", "Warnings"):
                table.add_column(column, overflow="fold")
            for doc in stored:
                table.add_row(
                    Text(doc.id),
                    doc.format,
                    str(doc.size),
                    Text(doc.extraction.area or ""),
                    doc.loaded_at,
                    doc.sha256[:12],
                    str(len(doc.extraction.warnings)),
                )
            console.print(table)
            return
        try:
            versions = store.history(history_of)
        except UnknownDocument as exc:
            known = ", ".join(doc.id for doc in store.documents()) or "none"
            raise click.ClickException(f"{exc} (known documents: {known})") from exc
    table = Table(title=Text(f"Versions of {history_of}"), title_justify="left")
    for column in ("Version", "Current", "Loaded at", "SHA-256", "Size", "Recommendations", "Warnings"):
        table.add_column(column)
    for entry in versions:
        doc = entry.document
        table.add_row(
            str(entry.version),
            "yes" if entry.current else "",
            doc.loaded_at,
            doc.sha256[:12],
            str(doc.size),
            str(len(doc.extraction.recommendations)),
            str(len(doc.extraction.warnings)),
        )
    console.print(table)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@db_option
def stats(as_json: bool, db: Path) -> None:
    """Count what the graph holds: documents, areas, reviews, nodes and edges by type."""
    from rich.table import Table

    from graph.stats import graph_stats

    summary = graph_stats(open_graph(db))
    if as_json:
        click.echo(json.dumps(summary.to_json(), indent=2, ensure_ascii=False))
        return
    console = text_console()
    overview = Table.grid(padding=(0, 2))
    overview.add_column(style="bold")
    overview.add_column()
    overview.add_row("Documents", str(summary.documents))
    overview.add_row("Areas", Text(f"{len(summary.areas)}  ({'; '.join(summary.areas)})"))
    overview.add_row("Reviews", Text(f"{len(summary.reviews)}  ({'; '.join(summary.reviews)})"))
    overview.add_row("Nodes", str(summary.nodes))
    overview.add_row("Edges", str(summary.edges))
    console.print(overview)
    for title, counts in (("Nodes by type", summary.nodes_by_type), ("Edges by type", summary.edges_by_type)):
        table = Table(title=title, title_justify="left")
        table.add_column("Type")
        table.add_column("Count", justify="right")
        for name, count in counts.items():
            table.add_row(Text(name), str(count))
        console.print(table)


@main.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default)."
)
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--backend",
    metavar="URI",
    help="Answer the /queries/ questions on this Neo4j 5 or FalkorDB server (bolt://HOST:PORT), "
    "where `sgraph push` wrote the graph.",
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    show_default=True,
    help="Print a line per request (client, method, path, status) to the standard error.",
)
@connection_options
@db_option
def serve(
    host: str,
    port: int,
    backend: str | None,
    access_log: bool,
    user: str | None,
    password: str | None,
    database: str | None,
    dialect_name: str,
    db: Path,
) -> None:
    """Serve the web pages and JSON API for the store at --db (http://HOST:PORT); a port another
    server listens on is refused.

    Only requests addressed to a loopback name (localhost, 127.0.0.1, [::1]) are answered unless
    $SGRAPH_ALLOWED_HOSTS lists more names (comma-separated): set it to the name people use when
    serving a network, ideally behind a reverse proxy with TLS and access control.
    """
    from api.app import create_app
    from api.serving import CannotListen, check_listenable, http_server, run

    try:  # before the store is opened (or created) or a backend connected
        check_listenable(host, port)
    except CannotListen as exc:
        raise click.ClickException(f"{exc}; choose another --port or --host.") from exc

    def serve_app(app: Any) -> None:
        # the access log is off unless asked for: each line is formatted and written in Python
        run(http_server(app, host, port, access_log))

    if backend is None:
        serve_app(create_app(db))
        return
    from graph.backends.bolt import BoltBackend
    from graph.backends.cypher import dialect

    chosen = dialect(dialect_name)
    driver = open_driver(backend, chosen, user, password, database)
    try:
        questions = BoltBackend(driver, chosen, database)
        serve_app(create_app(db, questions))
    finally:
        driver.close()


# The question and map commands live in their own modules; registered here so `sgraph` lists them.
for command in (query, search, map_command, plot_command, push, remove):
    main.add_command(command)
