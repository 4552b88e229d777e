"""One page of a list, as the API and ``sgraph ... --json`` answer it: ``{total, limit, offset, items}``.

At national scale whole answers ran to tens of megabytes (every gap of every organisation), so
every list is answered a page at a time; only the page's own items are described.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
Json = Any

# the lists inside composite answers, each answered as one page
PAGED_PARTS = {
    "co-accountability": ("pairs", "organisations", "communities"),
    "dependencies": ("cross_references", "cycles", "assurance_chains", "depends_on"),
    "organisation": (
        "accountable_alone",
        "accountable_jointly",
        "actions",
        "actions_led",
        "findings",
        "gaps",
    ),
}


def page(items: Sequence[Any], limit: int, offset: int) -> Json:
    """Items ``offset`` to ``offset + limit`` of ``items``, with their total."""
    return page_of(items, limit, offset, lambda item: item)


def page_of(items: Sequence[T], limit: int, offset: int, describe: Callable[[T], Json]) -> Json:
    """One page of ``items``, only its own items described (the rest are only counted)."""
    chosen = items[offset : offset + limit]
    return {"total": len(items), "limit": limit, "offset": offset, "items": [describe(i) for i in chosen]}


def paged_parts(body: Json, parts: tuple[str, ...], limit: int, offset: int) -> Json:
    """``body`` with each of its lists ``parts`` replaced by one page of it."""
    return {key: page(value, limit, offset) if key in parts else value for key, value in body.items()}
