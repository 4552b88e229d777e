"""What every ``sgraph`` command shares: the ``--db`` option and opening the store or the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import networkx as nx

from graph.store import Store, StoreError

DEFAULT_DB = Path("sgraph.db")

db_option = click.option(
    "--db",
    "db",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="SGRAPH_DB",
    default=DEFAULT_DB,
    show_default=True,
    show_envvar=True,
    help="The store file (SQLite). Defaults to $SGRAPH_DB, else ./sgraph.db.",
)


def open_store(db: Path, *, create: bool = False) -> Store:
    """Open the store at ``db``; a missing or unusable file becomes a clear command-line error.

    Only commands that add documents pass ``create=True``: reading commands given a mistyped
    path should say so rather than show an empty store.
    """
    try:
        return Store(db, create=create)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def open_graph(db: Path) -> nx.MultiDiGraph[Any]:
    """Build the graph from the current documents of the store at ``db``."""
    from graph.build import build_graph

    with open_store(db) as store:
        return build_graph(store.documents())
