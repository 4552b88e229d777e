"""``sgraph remove``: take a document out of the graph, keeping or purging its history."""

from __future__ import annotations

from pathlib import Path

import click

from api.cli_keep import keep_graph
from api.common import db_option, open_store
from graph.build_lock import building


@click.command()
@click.argument("document_id", metavar="ID")
@click.option("--purge", is_flag=True, help="Also delete every stored version (no history is kept).")
@db_option
def remove(document_id: str, purge: bool, db: Path) -> None:
    """Remove document ID (its file name, as `sgraph documents` lists it) from the graph.

    Every fact only this document supported goes; facts another document also states stay,
    with that document as their source. One transaction: on any error nothing changes. Its
    versions stay in the history (`sgraph documents --history ID`) unless --purge; loading the
    file again brings it back. The graph without it is built and kept in the store for the next
    command. A graph pushed to a server changes at the next `sgraph push`.
    """
    from graph.queries.names import unknown_document
    from graph.store import UnknownDocument

    with building(db), open_store(db) as store:  # a server's rebuild waits for it
        try:
            kept = store.remove(document_id, purge=purge)
        except UnknownDocument:
            raise click.ClickException(
                str(unknown_document(document_id, (d.id for d in store.documents())))
            ) from None
        keep_graph(store)
    history = "its history was purged" if purge else f"{kept} version(s) kept in its history"
    click.echo(f"Removed {document_id} from {db}; {history}.")
