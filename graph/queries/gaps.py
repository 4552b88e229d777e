"""Gaps and overdue actions, grouped by organisation."""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

from graph.model import EdgeType, NodeType
from graph.queries.index import graph_index
from graph.queries.walk import (
    Graph,
    JsonResult,
    addressees,
    involved_organisations,
    item_key,
    label,
    nodes_of,
    organisations_addressed,
    recommendation_number,
    targets,
)
from loaders.dates import valid_iso

NO_ORGANISATION = "(no organisation named)"
GapKind = Literal[
    "recommendation without action",
    "action without lead",
    "action without assurance",
    "action without timescale",
    "organisation without own action",
    "overdue action",
]
KINDS: tuple[str, ...] = get_args(GapKind)


@dataclass(frozen=True)
class GapItem(JsonResult):
    kind: str  # one of KINDS
    node: str
    area: str | None
    recommendation: str | None
    text: str
    organisations: tuple[str, ...]
    detail: str
    sources: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class GapReport(JsonResult):
    as_of: str
    items: tuple[GapItem, ...]

    @functools.cached_property
    def by_organisation(self) -> dict[str, list[GapItem]]:
        """Each organisation (alphabetical, unnamed last) with its gaps; a shared gap is listed under each.

        Computed once per report, which is itself shared by every query and page of a graph.
        """
        grouped: dict[str, list[GapItem]] = {}
        for item in self.items:
            for name in item.organisations or (NO_ORGANISATION,):
                grouped.setdefault(name, []).append(item)
        return dict(sorted(grouped.items(), key=lambda p: (p[0] == NO_ORGANISATION, p[0])))

    def naming(self, organisation: str) -> tuple[GapItem, ...]:
        """The gaps that name ``organisation`` (its canonical name), in report order."""
        return self._naming.get(organisation, ())

    @functools.cached_property
    def _naming(self) -> dict[str, tuple[GapItem, ...]]:
        found: dict[str, dict[int, GapItem]] = {}
        for item in self.items:
            for name in item.organisations:
                found.setdefault(name, {})[id(item)] = item
        return {name: tuple(items.values()) for name, items in found.items()}

    def select(self, organisation: str | None = None, kind: str | None = None) -> tuple[GapItem, ...]:
        """The gaps naming ``organisation`` (canonical name) and of ``kind``, in report order."""
        items = self.naming(organisation) if organisation is not None else self.items
        return items if kind is None else tuple(i for i in items if i.kind == kind)

    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for i in self.items if i.kind == kind) for kind in KINDS}

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "counts": self.counts(),
            "by_organisation": {
                name: [item.to_json() for item in items] for name, items in self.by_organisation.items()
            },
        }


def due_date(timescale: str | None) -> date | None:
    """The last day of an ISO month ("2017-03"), or the ISO day itself; None if neither, or if
    the stored value is not a real date (a store written by an older extractor may hold one)."""
    if not timescale or not valid_iso(timescale):
        return None
    day = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", timescale)
    if day:
        return date(int(day[1]), int(day[2]), int(day[3]))
    month = re.match(r"(\d{4})-(\d{2})", timescale)
    if month:
        year, number = int(month[1]), int(month[2])
        return date(year, number, calendar.monthrange(year, number)[1])
    return None


def is_overdue(timescale: str | None, status: str | None, as_of: date) -> bool:
    """Past its timescale's last day on ``as_of`` and not reported "completed"."""
    due = due_date(timescale)
    return due is not None and due < as_of and status != "completed"


def _action_organisations(g: Graph, action: str) -> tuple[str, ...]:
    return tuple(label(g, o) for o in involved_organisations(g, action))


def _item(g: Graph, kind: str, node: str, organisations: tuple[str, ...], detail: str) -> GapItem:
    attrs = g.nodes[node]
    return GapItem(
        kind=kind,
        node=node,
        area=attrs.get("area"),
        recommendation=recommendation_number(g, node),
        text=attrs.get("text") or label(g, node),
        organisations=organisations,
        detail=detail,
        sources=tuple(attrs.get("source", ())),
    )


def gaps(g: Graph, as_of: date | None = None) -> GapReport:
    """Recommendations and actions missing an owner, a lead, assurance or a date, and overdue actions.

    An action has a lead when the plan names one or the action is reported as an organisation's
    own work.

    Parameters
    ----------
    g : MultiDiGraph
        A graph from :func:`graph.build.build_graph`.
    as_of : date, optional
        The day against which timescales are judged (default: today). An action is overdue when
        its timescale's last day is before ``as_of`` and its status is not "completed".

    Returns
    -------
    GapReport
        ``items`` in kind order then area/recommendation order; ``by_organisation`` groups them
        under every organisation involved (addressees of the recommendation and the action's own
        organisations).
    """
    today = as_of or date.today()
    return graph_index(g).answer(("gaps", today), lambda: _gaps(g, today))


def _gaps(g: Graph, today: date) -> GapReport:
    items: list[GapItem] = []
    recs = sorted(nodes_of(g, NodeType.RECOMMENDATION), key=lambda n: item_key(g, n))
    actions = sorted(nodes_of(g, NodeType.ACTION), key=lambda n: item_key(g, n))
    own = graph_index(g).own_organisations
    for rec in recs:
        if not targets(g, rec, EdgeType.ADDRESSED_BY_ACTION):
            owners = tuple(label(g, o) for o in addressees(g, rec))
            items.append(_item(g, KINDS[0], rec, owners, "no action is recorded for it"))
    for action in actions:
        attrs = g.nodes[action]
        orgs = _action_organisations(g, action)
        # an action reported as one organisation's work ("UHL has introduced ...") has its lead
        if not attrs.get("lead") and not own[action]:
            items.append(_item(g, KINDS[1], action, orgs, "no lead is named"))
        if not attrs.get("assurance") and not targets(g, action, EdgeType.ASSURED_BY):
            items.append(_item(g, KINDS[2], action, orgs, "no assurance route is named"))
        if not attrs.get("timescale") and not attrs.get("timescale_raw"):
            items.append(_item(g, KINDS[3], action, orgs, "no timescale is given"))
    acting = {org for a in actions for org in own[a]}
    # one pass over the recommendations, not one per organisation
    addressed_to: dict[str, list[str]] = {}
    for rec in recs:
        for org in organisations_addressed(g, rec):
            addressed_to.setdefault(org, []).append(rec)
    for org in nodes_of(g, NodeType.ORGANISATION):
        addressed = addressed_to.get(org, [])
        if addressed and org not in acting:
            numbers = ", ".join(g.nodes[r]["recommendation"] or label(g, r) for r in addressed)
            item = _item(g, KINDS[4], org, (label(g, org),), f"addressed by {numbers}; leads no action")
            items.append(item)
    for action in actions:
        attrs = g.nodes[action]
        if is_overdue(attrs.get("timescale"), attrs.get("status"), today):
            status = attrs.get("status") or "no status"
            detail = f"due {attrs['timescale']} ({attrs.get('timescale_raw') or ''}), {status}"
            items.append(_item(g, KINDS[5], action, _action_organisations(g, action), detail))
    return GapReport(as_of=today.isoformat(), items=tuple(items))
