"""``sgraph export``: the whole graph as RDF (turtle, JSON-LD, N-Triples), GraphML, GEXF, node-link
JSON or CSV files for ``neo4j-admin database import``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from api.common import db_option, open_graph
from graph import exports
from graph.rdf import DEFAULT_BASE, check_base


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(exports.EVERY_FORMAT)),
    required=True,
    help="turtle, jsonld, nt (RDF in the ontology's terms); graphml, gexf (Gephi); json (node-link); "
    "csv (a folder of files for neo4j-admin database import).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write (for csv: the folder); default standard output (not for csv).",
)
@click.option(
    "--base",
    metavar="IRI",
    help=f"Base IRI of the nodes, for the RDF formats (default {DEFAULT_BASE}).",
)
@db_option
def export_command(fmt: str, output: Path | None, base: str | None, db: Path) -> None:
    """Export the whole graph, with every fact's source document and place, to another tool."""
    if base is not None and fmt not in ("turtle", "jsonld", "nt"):
        raise click.UsageError("--base applies to the RDF formats (turtle, jsonld, nt) only")
    try:
        check_base(base or DEFAULT_BASE)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--base") from None
    graph = open_graph(db)
    if fmt == "csv":
        if output is None:
            raise click.UsageError("csv writes several files: give the folder with -o")
        output.mkdir(parents=True, exist_ok=True)
        files = exports.neo4j_csv(graph)
        for name, content in files.items():
            (output / name).write_bytes(content)
        click.echo(f"Wrote {len(files)} files to {output}. Import them into Neo4j from that folder with:")
        click.echo(exports.neo4j_import_command(files))
        return
    data = exports.export(graph, fmt, base or DEFAULT_BASE)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(data)
        click.echo(f"Wrote {output} ({len(data):,} bytes, {fmt}).", err=True)
