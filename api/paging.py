"""One page of a list, as the API and ``sgraph ... --json`` answer it: ``{total, limit, offset, items}``.

At national scale whole answers ran to tens of megabytes (every gap of every organisation), so
every list is answered a page at a time; only the page's own items are described.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from graph.queries.walk import JsonResult

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
    # inside the items of a list: a national theme has ~300 examples and a cluster ~350 members,
    # and a whole page of them was 2.7 MB of JSON for 20 themes
    "theme": ("examples",),
    "cluster": ("members",),
}


def page(items: Sequence[Any], limit: int, offset: int) -> Json:
    """Items ``offset`` to ``offset + limit`` of ``items``, with their total."""
    return page_of(items, limit, offset, lambda item: item)


def page_of(items: Sequence[T], limit: int, offset: int, describe: Callable[[T], Json]) -> Json:
    """One page of ``items``, only its own items described (the rest are only counted)."""
    chosen = items[offset : offset + limit]
    return {"total": len(items), "limit": limit, "offset": offset, "items": [describe(i) for i in chosen]}


def page_with_parts(items: Sequence[Any], limit: int, offset: int, answer: str, most: int) -> Json:
    """One page of ``items``, each with its lists ``PAGED_PARTS[answer]`` cut to their first ``most``
    (a page, with their total)."""
    return page_of(items, limit, offset, lambda item: paged_result(item, answer, most, 0))


def paged_parts(body: Json, parts: tuple[str, ...], limit: int, offset: int) -> Json:
    """``body`` with each of its lists ``parts`` replaced by one page of it."""
    return {key: page(value, limit, offset) if key in parts else value for key, value in body.items()}


def paged_result(result: JsonResult, answer: str, limit: int, offset: int) -> Json:
    """``result`` with each of its lists ``PAGED_PARTS[answer]`` replaced by one page of it.

    The values stay as they are (dataclasses): the web app's encoder (pydantic) writes a
    dataclass as its fields, byte for byte what ``to_json()`` gives, several times faster, and
    only the page is written (a national trust's profile holds ~1,000 gaps and ~300 actions;
    converting all of them for a page of 100 was most of its answer's time). The command line
    makes the page plain JSON values with :func:`graph.queries.walk.to_jsonable`.
    """
    parts = PAGED_PARTS[answer]
    if type(result).to_json is not JsonResult.to_json or not dataclasses.is_dataclass(result):
        return paged_parts(result.to_json(), parts, limit, offset)  # it writes its own JSON
    found = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    return {name: page(value, limit, offset) if name in parts else value for name, value in found.items()}
