"""What a command that changed the store does last: keep the graph of the new revision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.common import text_console

if TYPE_CHECKING:
    from graph.store import Store


def keep_graph(store: Store) -> None:
    """Build the graph of the store's documents (only the areas that changed) and keep it in the
    store, so that the next command or ``sgraph serve`` reads it instead of building it; nothing
    when the kept graph is of the current revision already."""
    from graph.isolated import run_in_background
    from graph.snapshot import keep_current_graph

    run_in_background()  # the command's last work: a server on this machine answers first
    with text_console(stderr=True).status("building the graph"):
        keep_current_graph(store)
