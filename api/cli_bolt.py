"""``sgraph push``: write the graph to a Neo4j 5 or FalkorDB server, and the connection options
that ``sgraph serve --backend`` shares."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from api.common import db_option, open_graph, text_console
from graph.backends.cypher import DIALECTS, Dialect, dialect

if TYPE_CHECKING:  # the driver is imported when a command connects, not when sgraph starts
    import neo4j

F = TypeVar("F", bound=Callable[..., Any])


def connection_options(command: F) -> F:
    """--user, --password, --database and --dialect, for every command that talks to a Bolt server."""
    for option in reversed(
        (
            click.option(
                "--user",
                envvar="SGRAPH_BOLT_USER",
                show_envvar=True,
                help="User name on the server (none: no authentication).",
            ),
            click.option(
                "--password", envvar="SGRAPH_BOLT_PASSWORD", show_envvar=True, help="Password of --user."
            ),
            click.option(
                "--database",
                help="Database on a Neo4j server (default: its own); not for FalkorDB.",
            ),
            click.option(
                "--dialect",
                "dialect_name",
                type=click.Choice(DIALECTS),
                default="neo4j5",
                show_default=True,
                help="The server's Cypher: neo4j5 (Neo4j 5) or falkordb (FalkorDB's Bolt endpoint).",
            ),
        )
    ):
        command = option(command)
    return command


def open_driver(
    uri: str, chosen: Dialect, user: str | None, password: str | None, database: str | None
) -> neo4j.Driver:
    """A connected driver; a server that cannot be reached or refuses the login is a clear error."""
    import neo4j

    from graph.backends.bolt import connect

    try:
        chosen.database(database)
        driver = connect(uri, chosen, user, password)
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, ValueError, OSError) as exc:
        raise click.ClickException(f"cannot connect to {uri}: {exc}") from exc
    return driver


@click.command()
@click.option("--uri", required=True, help="The server, e.g. bolt://localhost:7687.")
@connection_options
@db_option
def push(
    uri: str, user: str | None, password: str | None, database: str | None, dialect_name: str, db: Path
) -> None:
    """Write the graph built from the store to a Neo4j 5 or FalkorDB server over Bolt.

    Nodes are merged on their id and edges on (start, type, end), so pushing again leaves the
    same graph; facts of documents changed or removed since the last push are replaced or
    deleted. Every node carries the label Sgraph and its type's label (Organisation,
    Recommendation, ...); every node and edge keeps the ids of its source documents.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from graph.backends.push import push_graph

    g = open_graph(db)
    chosen: Dialect = dialect(dialect_name)
    driver = open_driver(uri, chosen, user, password, database)
    columns = (TextColumn("pushing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=text_console(stderr=True), transient=True) as bar:
            task = bar.add_task("push", total=g.number_of_nodes() + g.number_of_edges())

            def show(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = push_graph(driver, g, chosen, database=database, progress=show)
    except neo4j.exceptions.Neo4jError as exc:
        raise click.ClickException(f"{uri} refused the push: {exc}") from exc
    finally:
        driver.close()
    click.echo(
        f"Pushed to {uri}: the server holds {result.nodes} nodes and {result.edges} edges; "
        f"removed {result.removed_nodes} nodes and {result.removed_edges} edges no document supports now."
    )
