"""Pieces of HTML that the pages repeat for each row, written in Python rather than by Jinja.

An organisation page at national scale shows up to a hundred recommendations with ~400 action
rows; written by the templates' macros, each row cost several Jinja calls (a third of the page's
time went to the machinery of calling, not to the text). These functions write the same markup
with :func:`markupsafe.escape` on every value from the graph, so no document text becomes markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import quote, quote_plus

from markupsafe import Markup, escape

from api import views
from loaders.blocks import Location

Json = dict[str, Any]
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_-]")


def source_url(source: Json) -> str:
    """The page showing a document at a location (a ``source`` entry of a node or edge)."""
    location = source.get("location") or {}
    # as urlencode writes it, without quoting numbers: a large page or map links thousands
    query = "&".join(f"{k}={v if type(v) is int else quote_plus(str(v))}" for k, v in location.items())
    return f"/pages/documents/{_quoted_document(str(source.get('document', '')))}/source" + (
        f"?{query}" if query else ""
    )


@lru_cache(maxsize=4096)
def _quoted_document(doc_id: str) -> str:
    return quote(doc_id, safe="")


def anchor(node: str) -> str:
    """The HTML id of a node's row on its page (an action's row in its recommendation's table)."""
    return "n-" + _NOT_IN_ID.sub("-", views.key_of(node))


def source_links(title: Callable[[Json], str]) -> Callable[[Iterable[Json]], Markup]:
    """For templates: ``source`` entries as links to their places, separated by semicolons."""

    def links(sources: Iterable[Json]) -> Markup:
        return Markup("; ".join(_source_link(source, title) for source in sources))

    return links


def _source_link(source: Json, title: Callable[[Json], str]) -> str:
    location = source.get("location")
    where = f", {Location(**location).describe()}" if location else ""
    url, text = escape(source_url(source)), escape(title(source) + where)
    return f'<span class="source"><a href="{url}">{text}</a></span>'


def action_rows(links: Callable[[Iterable[Json]], Markup]) -> Callable[[Iterable[Any]], Markup]:
    """For templates: the rows of an actions table (``actions_table`` in macros.html), one per
    action (an :class:`graph.queries.accountability.AccountableAction` or its JSON)."""

    def rows(actions: Iterable[Any]) -> Markup:
        return Markup("".join(_action_row(a if isinstance(a, dict) else vars(a), links) for a in actions))

    return rows


def _action_row(action: Json, links: Callable[[Iterable[Json]], Markup]) -> str:
    e = escape
    lead = e(action["lead"]) if action["lead"] else Markup('<span class="gap">no lead</span>')
    for by in action["lead_organisations"]:
        by = by if isinstance(by, dict) else vars(by)
        if by["through_role"]:
            inferred = f" (inferred: {e('; '.join(by['inferred']))})" if by["inferred"] else ""
            lead += Markup(f'<br><span class="where">{e(by["organisation"])}{inferred}</span>')
    assurance = (
        e("; ".join(action["assurance"]))
        if action["assurance"]
        else '<span class="gap">no assurance route</span>'
    )
    return (
        f'  <tr id="{e(anchor(action["node"]))}">\n'
        f"    <td>{e(action['text'])}</td>\n"
        f"    <td>{lead}</td>\n"
        f"    <td>{e(action['responsible'] or '')}</td>\n"
        f"    <td>{assurance}</td>\n"
        f"    <td>{_timescale(action)}</td>\n"
        f"    <td>{_status(action)}</td>\n"
        f"    <td>{links(action['sources'])}</td>\n"
        "  </tr>\n"
    )


def _timescale(action: Json) -> str:
    timescale, raw, kind = action["timescale"], action["timescale_raw"], action["timescale_kind"]
    if timescale:
        written = f' <span class="where">as written: {escape(raw)}</span>' if raw and raw != timescale else ""
        return f"{escape(timescale)}{f' ({escape(kind)})' if kind else ''}{written}"
    if raw:
        return f'{escape(raw)} <span class="where">(not a date)</span>\n'
    return '<span class="gap">no timescale</span>'


def _status(action: Json) -> str:
    status, rag = action["status"], action["rag"]
    said = f'<span class="status">{escape(status)}</span>' if status else '<span class="gap">no status</span>'
    return said + (f' <span class="rag rag-{escape(rag)}">RAG: {escape(rag)}</span>' if rag else "")


class Menu:
    """A filter menu's options (values, or ``(value, label)`` pairs), each written once per graph:
    a national menu lists ~900 organisations, and writing them in the template for every tracker
    or gaps page was half of its time."""

    def __init__(self, options: Iterable[str | tuple[str, str]]) -> None:
        self.options = tuple(options)
        self._written = tuple(_option(option, selected=False) for option in self.options)
        self._at: dict[str, list[int]] = {}
        for i, option in enumerate(self.options):
            self._at.setdefault(option if isinstance(option, str) else option[0], []).append(i)

    def __iter__(self) -> Iterator[str | tuple[str, str]]:
        return iter(self.options)

    def __len__(self) -> int:
        return len(self.options)

    def written(self, current: str | None) -> Markup:
        """The ``<option>`` elements, those whose value is ``current`` selected."""
        written = list(self._written)
        for i in self._at.get(current, []) if isinstance(current, str) else []:
            written[i] = _option(self.options[i], selected=True)
        return Markup("".join(written))


def _option(option: str | tuple[str, str], selected: bool) -> str:
    chosen = " selected" if selected else ""
    if isinstance(option, str):
        return f"<option{chosen}>{escape(option)}</option>"
    return f'<option value="{escape(option[0])}"{chosen}>{escape(option[1])}</option>'


Where = Callable[[str], str | None]  # the page of a node (api.pages.node_page)


def gap_rows(links: Callable[[Iterable[Json]], Markup]) -> Callable[[Iterable[Json], Where], Markup]:
    """For the gaps page: the rows of a group's table, one per ``{"item": GapItem, "review": its
    label}``, each gap's text linked to the page ``where`` gives for its node (a group of a
    national area has hundreds)."""

    def rows(grouped: Iterable[Json], where: Where) -> Markup:
        return Markup("".join(_gap_row(row["item"], row["review"], where, links) for row in grouped))

    return rows


def _gap_row(item: Any, review: str | None, where: Where, links: Callable[[Iterable[Json]], Markup]) -> str:
    e = escape
    url, text = where(item.node), e(item.text)
    what = f'<a href="{e(url)}">{text}</a>' if url else text
    organisations, sources = e("; ".join(item.organisations)), links(item.sources)
    return (
        f'<tr><td class="gap">{e(item.kind)}</td><td>{e(item.area or "")}</td><td>{e(review or "")}</td>\n'
        f"<td>{e(item.recommendation or '')}</td>\n"
        f"<td>{what}</td>\n"
        f"<td>{e(item.detail)}</td><td>{organisations}</td><td>{sources}</td></tr>\n"
    )
