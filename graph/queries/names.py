"""Resolve the names users type (organisations, themes, areas, reviews, recommendations) to nodes.

Each ``resolve_*`` function returns a node id or raises :class:`UnknownName`, whose message lists
the close matches (difflib) so a command line or web page can say "did you mean ...".
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable

from graph.model import NodeType
from graph.queries.walk import Graph, nodes_of
from graph.resolve import normalise_name

_FILLER = frozenset({"the", "and", "of", "nhs"})


class UnknownName(LookupError):
    """A name that matches no node (or several equally): ``kind``, the ``name`` and ``suggestions``."""

    def __init__(self, name: str, kind: str, suggestions: list[str], ambiguous: bool = False) -> None:
        self.name = name
        self.kind = kind
        self.suggestions = suggestions
        self.ambiguous = ambiguous
        if ambiguous:
            message = f"{kind} '{name}' is ambiguous: it could be " + "; ".join(suggestions)
        elif suggestions:
            message = f"unknown {kind} '{name}'. Close matches: " + "; ".join(suggestions)
        else:
            message = f"unknown {kind} '{name}' (no close match)"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


def _comparable(name: str) -> str:
    """Normalised name in which the usual short forms equal their long forms ("CCG")."""
    return re.sub(r"\bclinical commissioning groups?\b", "ccg", normalise_name(name))


def _resolve(name: str, kind: str, names_by_node: dict[str, list[str]], partial: bool = True) -> str:
    """Exact (normalised) name, else the one node one of whose names holds all the query's words.

    ``names_by_node`` lists each node's own name first: when a name is one node's own name and
    another's alias, the node it names wins.
    """
    wanted = _comparable(name)
    hits = [node for node, names in names_by_node.items() if any(_comparable(n) == wanted for n in names)]
    own = [node for node in hits if _comparable(names_by_node[node][0]) == wanted]
    if len(own) == 1:
        return own[0]
    if partial:
        words = frozenset(wanted.split()) - _FILLER

        def holds(each: str) -> bool:
            return bool(words) and words <= frozenset(_comparable(each).split())

        if not hits:
            hits = [node for node, names in names_by_node.items() if any(holds(n) for n in names)]
        else:
            # An alias that is also a word of other nodes' own names ("CCG", written for one CCG
            # by one document, with other CCGs stored) does not single out the node it was
            # written for: every node whose own name holds the word is a candidate.
            generic = [node for node, names in names_by_node.items() if holds(names[0])]
            if any(node not in hits for node in generic):
                hits = list(dict.fromkeys([*hits, *generic]))
    display = {node: names[0] for node, names in names_by_node.items()}
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise UnknownName(name, kind, sorted(display[h] for h in hits), ambiguous=True)
    raise UnknownName(name, kind, close_matches(name, names_by_node))


def close_matches(name: str, names_by_node: dict[str, list[str]], limit: int = 5) -> list[str]:
    """Display names of the nodes whose names look most like ``name``."""
    by_form: dict[str, str] = {}
    for names in names_by_node.values():
        for each in names:
            by_form.setdefault(normalise_name(each), names[0])
    wanted = normalise_name(name)
    found = difflib.get_close_matches(wanted, sorted(by_form), n=limit * 2, cutoff=0.5)
    found += sorted(form for form in by_form if wanted and (wanted in form or form in wanted.split()))
    return list(dict.fromkeys(by_form[f] for f in found))[:limit]


def unknown_document(document: str, known: Iterable[str]) -> UnknownName:
    """The error for a document id the store does not hold, listing the stored ids most like it."""
    return UnknownName(document, "document", close_matches(document, {d: [d] for d in known}))


def _node_id(g: Graph, name: str, node_type: NodeType) -> str | None:
    """``name`` itself when it is the id of a node of ``node_type``."""
    return name if name in g and g.nodes[name].get("type") == node_type.value else None


def organisation_names(g: Graph) -> dict[str, list[str]]:
    """Each organisation's canonical name first, then its aliases."""
    return {
        node: [g.nodes[node]["label"], *g.nodes[node].get("aliases", [])]
        for node in nodes_of(g, NodeType.ORGANISATION)
    }


def resolve_organisation(g: Graph, name: str) -> str:
    """The Organisation node for a node id, canonical name, alias or initialism (any case).

    A canonical name wins over another organisation's alias spelt the same.

    Raises
    ------
    UnknownName
        No organisation has that name, or several do (an initialism used in two areas).
    """
    return _node_id(g, name, NodeType.ORGANISATION) or _resolve(name, "organisation", organisation_names(g))


def resolve_theme(g: Graph, name: str) -> str:
    """The Theme node for its node id, theme id ("fgm") or label."""
    if node := _node_id(g, name, NodeType.THEME):
        return node
    names = {n: [n.split(":", 1)[1], g.nodes[n]["label"]] for n in nodes_of(g, NodeType.THEME)}
    return _resolve(name, "theme", names, partial=False)


def resolve_area(g: Graph, name: str) -> str:
    """The Area node for its node id or name."""
    if node := _node_id(g, name, NodeType.AREA):
        return node
    names = {n: [g.nodes[n]["label"]] for n in nodes_of(g, NodeType.AREA)}
    return _resolve(name, "area", names)


def resolve_review(g: Graph, name: str) -> str:
    """A Review node by its id, or by its area's name when the area had one review."""
    if node := _node_id(g, name, NodeType.REVIEW):
        return node
    by_area: dict[str, list[str]] = defaultdict(list)
    for review in nodes_of(g, NodeType.REVIEW):
        by_area[g.nodes[review].get("area") or review].append(review)
    names = {reviews[0]: [area] for area, reviews in by_area.items() if len(reviews) == 1}
    return _resolve(name, "review", names)


def resolve_recommendation(g: Graph, ref: str) -> str:
    """A Recommendation node by id, by "AREA NUMBER" ("Northshire 1.2") or by a number used once.

    Numbers as written in any document count ("27" finds the recommendation also written "27.1");
    a recommendation without a number goes by its first words (its label).
    """
    if node := _node_id(g, ref, NodeType.RECOMMENDATION):
        return node
    names: dict[str, list[str]] = {}
    numbers: dict[str, list[str]] = defaultdict(list)
    for rec in nodes_of(g, NodeType.RECOMMENDATION):
        attrs = g.nodes[rec]
        written = list(
            dict.fromkeys([attrs["recommendation"] or attrs["label"], *attrs.get("ids_as_written", [])])
        )
        area = attrs.get("area") or ""
        names[rec] = [f"{area} {w}".strip() for w in written]
        for number in written:
            numbers[number].append(rec)
    number = ref.strip()
    if number in numbers:
        hits = list(dict.fromkeys(numbers[number]))
        if len(hits) == 1:
            return hits[0]
        raise UnknownName(ref, "recommendation", sorted(names[h][0] for h in hits), ambiguous=True)
    return _resolve(ref, "recommendation", names, partial=False)
