"""The actions tracker: every action in one table, as leads keep it in their spreadsheets.

One row per action with its area, review, recommendation and its addressees, lead, responsible
officer, assurance, timescale, status, whether it is overdue as of a chosen day, themes and the
recommendation's expected outcomes. Filters name areas, reviews, organisations and themes as
users write them (resolved once, by :mod:`graph.queries.names`); building the table walks each
action's own edges once, so it is linear in the number of actions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.model import EdgeType, NodeType
from graph.queries.gaps import due_date, is_overdue
from graph.queries.index import graph_index
from graph.queries.names import resolve_area, resolve_organisation, resolve_review, resolve_theme
from graph.queries.walk import (
    Graph,
    JsonResult,
    addressees,
    involved_organisations,
    item_key,
    label,
    leading_organisations,
    natural_key,
    nodes_of,
    owner_of,
    targets,
)

NO_STATUS = "none"
"""The ``status`` filter value for actions whose plan gives no status."""


@dataclass(frozen=True)
class ActionFilter:
    """Which actions to keep; every field left ``None`` keeps all. Names as users write them.

    ``status`` is a status word ("completed", "on track", ...) or :data:`NO_STATUS`;
    ``overdue`` keeps overdue (True) or not overdue (False) actions as of ``as_of``
    (default today); ``text`` keeps actions whose wording, lead, responsible officer or
    assurance contains it (case ignored).
    """

    area: str | None = None
    review: str | None = None
    organisation: str | None = None
    theme: str | None = None
    status: str | None = None
    overdue: bool | None = None
    text: str | None = None
    as_of: date | None = None


@dataclass(frozen=True)
class TrackerRow(JsonResult):
    """One action as a tracker row; ``organisations`` are its recommendation's addressees."""

    node: str
    area: str | None
    review: str | None
    review_label: str | None
    recommendation: str | None
    recommendation_node: str | None
    recommendation_text: str | None
    organisations: tuple[str, ...]
    text: str
    lead: str | None
    lead_organisations: tuple[str, ...]
    responsible: str | None
    assurance: tuple[str, ...]
    timescale: str | None
    timescale_raw: str | None
    due: str | None  # the last day the timescale allows, ISO
    status: str | None
    rag: str | None
    overdue: bool
    themes: tuple[str, ...]
    outcomes: tuple[str, ...]
    sources: tuple[dict[str, Any], ...] = field(default=())


@dataclass(frozen=True)
class ActionTable(JsonResult):
    as_of: str
    rows: tuple[TrackerRow, ...]


def _matches_text(row: TrackerRow, wanted: str) -> bool:
    fields = [row.text, row.lead or "", row.responsible or "", *row.assurance]
    return any(wanted in f.casefold() for f in fields)


def _row(g: Graph, action: str, as_of: date) -> TrackerRow:
    attrs = g.nodes[action]
    owner = owner_of(g, action)
    is_rec = owner is not None and g.nodes[owner]["type"] == NodeType.RECOMMENDATION.value
    review = attrs.get("review")
    themes = targets(g, action, EdgeType.HAS_THEME) + (targets(g, owner, EdgeType.HAS_THEME) if owner else [])
    outcomes = targets(g, owner, EdgeType.HAS_OUTCOME) if owner else []
    due = due_date(attrs.get("timescale"))
    return TrackerRow(
        node=action,
        area=attrs.get("area"),
        review=review,
        review_label=label(g, review) if review and review in g else None,
        recommendation=(g.nodes[owner].get("recommendation") or label(g, owner))
        if is_rec and owner
        else None,
        recommendation_node=owner if is_rec else None,
        recommendation_text=g.nodes[owner].get("text") if owner else None,
        organisations=tuple(label(g, o) for o in addressees(g, owner)) if owner else (),
        text=attrs.get("text") or "",
        lead=attrs.get("lead"),
        lead_organisations=tuple(label(g, o) for o in leading_organisations(g, action)),
        responsible=attrs.get("responsible"),
        assurance=tuple(attrs.get("assurance") or ())
        or tuple(label(g, b) for b in targets(g, action, EdgeType.ASSURED_BY)),
        timescale=attrs.get("timescale"),
        timescale_raw=attrs.get("timescale_raw"),
        due=due.isoformat() if due else None,
        status=attrs.get("status"),
        rag=attrs.get("rag"),
        overdue=is_overdue(attrs.get("timescale"), attrs.get("status"), as_of),
        themes=tuple(dict.fromkeys(t.split(":", 1)[1] for t in themes)),
        outcomes=tuple(str(g.nodes[o].get("text") or "") for o in outcomes),
        sources=tuple(attrs.get("source", ())),
    )


def action_table(g: Graph, wanted: ActionFilter | None = None) -> ActionTable:
    """Every action that passes ``wanted``, in area, review and recommendation order.

    Raises
    ------
    UnknownName
        An area, review, organisation or theme in ``wanted`` matches nothing (or several);
        the message lists close matches.
    """
    wanted = wanted or ActionFilter()
    as_of = wanted.as_of or date.today()
    area = label(g, resolve_area(g, wanted.area)) if wanted.area else None
    review = resolve_review(g, wanted.review) if wanted.review else None
    org = resolve_organisation(g, wanted.organisation) if wanted.organisation else None
    theme = resolve_theme(g, wanted.theme).split(":", 1)[1] if wanted.theme else None
    status = wanted.status.casefold() if wanted.status else None
    text = wanted.text.casefold().strip() if wanted.text else None
    rows = []
    for action in _candidates(g, area, review, org):
        attrs = g.nodes[action]
        if area and attrs.get("area") != area:
            continue
        if review and attrs.get("review") != review:
            continue
        if status and (attrs.get("status") or NO_STATUS) != status:
            continue
        if org and org not in involved_organisations(g, action):
            continue
        row = _row(g, action, as_of)
        if theme and theme not in row.themes:
            continue
        if wanted.overdue is not None and row.overdue != wanted.overdue:
            continue
        if text and not _matches_text(row, text):
            continue
        rows.append(row)
    return ActionTable(as_of.isoformat(), tuple(rows))


def _candidates(g: Graph, area: str | None, review: str | None, org: str | None) -> list[str]:
    """The actions that may pass the filter, in the table's order: those of the area, review or
    organisation asked for, from lists made once per graph (sorting all ~25k actions and asking
    each for its organisations was 0.5 s a tracker page of one organisation at national scale)."""
    index = graph_index(g)
    if org:
        return index.lasting("actions involving each organisation", lambda: _involving(g)).get(org, [])
    if review:
        return index.lasting("actions by review", lambda: _by_attribute(g, "review")).get(review, [])
    if area:
        return index.lasting("actions by area", lambda: _by_attribute(g, "area")).get(area, [])
    return _in_table_order(g)


def _in_table_order(g: Graph) -> list[str]:
    def in_order() -> list[str]:
        return sorted(nodes_of(g, NodeType.ACTION), key=lambda a: item_key(g, a))

    return graph_index(g).lasting("actions in table order", in_order)


def _involving(g: Graph) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for action in _in_table_order(g):
        for org in involved_organisations(g, action):
            found[org].append(action)
    return dict(found)


def _by_attribute(g: Graph, name: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for action in _in_table_order(g):
        found[g.nodes[action].get(name)].append(action)
    return dict(found)


def _text_key(value: str | None) -> tuple[bool, str]:
    return (not value, (value or "").casefold())  # blanks last


SORT_KEYS: dict[str, Callable[[TrackerRow], Any]] = {
    "area": lambda r: _text_key(r.area),
    "review": lambda r: _text_key(r.review_label),
    "recommendation": lambda r: (_text_key(r.area), natural_key(r.recommendation)),
    "organisations": lambda r: _text_key("; ".join(r.organisations)),
    "lead": lambda r: _text_key(r.lead),
    "responsible": lambda r: _text_key(r.responsible),
    "assurance": lambda r: _text_key("; ".join(r.assurance)),
    "due": lambda r: _text_key(r.due),
    "status": lambda r: _text_key(r.status),
    "overdue": lambda r: not r.overdue,
    "themes": lambda r: _text_key(", ".join(r.themes)),
}
"""The columns a tracker can be sorted by."""


def sort_rows(rows: tuple[TrackerRow, ...], by: str, descending: bool = False) -> list[TrackerRow]:
    """``rows`` ordered by one of :data:`SORT_KEYS` (stable: ties keep the table's order)."""
    if by not in SORT_KEYS:
        raise ValueError(f"cannot sort by {by!r}: choose one of {', '.join(SORT_KEYS)}")
    return sorted(rows, key=SORT_KEYS[by], reverse=descending)
