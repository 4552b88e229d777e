"""What every ``sgraph`` command shares: ``--db``, opening the store or the graph, the console, and
turning an unknown name into a clear error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:  # the graph, store and console are imported when a command uses them
    import networkx as nx
    from rich.console import Console

    from graph.store import Store

F = TypeVar("F", bound=Callable[..., Any])

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
    from graph.store import Store, StoreError

    try:
        return Store(db, create=create)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def text_console(stderr: bool = False) -> Console:
    from rich.console import Console

    # highlight=False: document text must print as written, not re-coloured as numbers or URLs
    return Console(stderr=stderr, highlight=False)


def names_fail_cleanly(command: F) -> F:
    """Unknown or ambiguous names become exit status 1 with the close matches, not a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from graph.queries.names import UnknownName

        try:
            return command(*args, **kwargs)
        except UnknownName as exc:
            raise click.ClickException(str(exc)) from exc

    return run  # type: ignore[return-value]


def open_graph(db: Path) -> nx.MultiDiGraph[Any]:
    """The graph of the current documents of the store at ``db``: the one kept in the store when
    it is up to date, else built (and kept for the next command)."""
    from graph.snapshot import current_graph

    with open_store(db) as store:
        return current_graph(store)


def parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """A click callback for options that take one day (``--as-of``), written as ISO 2017-06-30."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date like 2017-06-30") from exc
