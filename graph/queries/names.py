"""Resolve the names users type (organisations, themes, areas, reviews, recommendations) to nodes.

Each ``resolve_*`` function returns a node id or raises :class:`UnknownName`, whose message lists
the close matches (:mod:`graph.queries.close_names`) so a command line or web page can say "did you mean ...".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from graph.model import NodeType
from graph.queries.close_names import CloseNames
from graph.queries.index import graph_index
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


class NameIndex:
    """The names of one kind of node, indexed once per graph (:func:`_indexed`).

    Resolving a name used to normalise every name of every node of its kind on each lookup: at
    national scale (900 organisations) 11 ms, most of an organisation question's time over
    HTTP. Here each name is normalised once; a lookup reads a few dictionaries. ``names_by_node``
    lists each node's own name first: when a name is one node's own name and another's alias,
    the node it names wins.
    """

    def __init__(self, kind: str, names_by_node: dict[str, list[str]], partial: bool = True) -> None:
        self.kind = kind
        self.partial = partial
        self.names_by_node = names_by_node
        self._rank = {node: i for i, node in enumerate(names_by_node)}
        self._named: dict[str, dict[str, None]] = defaultdict(dict)  # form -> nodes with a name of it
        self._own: dict[str, list[str]] = defaultdict(list)  # form -> nodes whose own name it is
        self._owner: list[str] = []  # each name's node, by the name's number
        self._own_names: set[int] = set()  # the numbers of own names
        self._with_word: dict[str, set[int]] = defaultdict(set)  # word -> the names holding it
        self._close: CloseNames | None = None  # for close matches, made on first miss
        for node, names in names_by_node.items():
            for position, each in enumerate(names):
                form = _comparable(each)
                self._named[form][node] = None
                number = len(self._owner)
                self._owner.append(node)
                if position == 0:
                    self._own[form].append(node)
                    self._own_names.add(number)
                for word in form.split():
                    self._with_word[word].add(number)

    def resolve(self, name: str) -> str:
        """Exact (normalised) name, else the one node one of whose names holds all the query's
        words; raises :class:`UnknownName` with the candidates or close matches."""
        wanted = _comparable(name)
        hits = list(self._named.get(wanted, ()))
        own = self._own.get(wanted, [])
        if len(own) == 1:
            return own[0]
        if self.partial:
            words = frozenset(wanted.split()) - _FILLER
            if not hits:
                hits = self._holding(words, own_only=False)
            else:
                # An alias that is also a word of other nodes' own names ("CCG", written for one
                # CCG by one document, with other CCGs stored) does not single out the node it was
                # written for: every node whose own name holds the word is a candidate.
                generic = self._holding(words, own_only=True)
                if any(node not in hits for node in generic):
                    hits = list(dict.fromkeys([*hits, *generic]))
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            suggestions = sorted(self.names_by_node[h][0] for h in hits)
            raise UnknownName(name, self.kind, suggestions, ambiguous=True)
        if self._close is None:
            self._close = CloseNames(_forms(self.names_by_node))
        raise UnknownName(name, self.kind, self._close.closest(normalise_name(name)))

    def _holding(self, words: frozenset[str], own_only: bool) -> list[str]:
        """The nodes (in their order) one of whose names (own name only: ``own_only``) holds
        every word of ``words``; none for no words."""
        if not words:
            return []
        sets = sorted((self._with_word.get(word, set()) for word in words), key=len)
        names = sets[0].intersection(*sets[1:])
        if own_only:
            names &= self._own_names
        return sorted({self._owner[n] for n in names}, key=self._rank.__getitem__)


def close_matches(name: str, names_by_node: dict[str, list[str]], limit: int = 5) -> list[str]:
    """Display names of the nodes whose names look most like ``name``."""
    return CloseNames(_forms(names_by_node)).closest(normalise_name(name), limit)


def _forms(names_by_node: dict[str, list[str]]) -> dict[str, str]:
    """Each normalised name (in sorted order) -> the display name of the first node that has it."""
    by_form: dict[str, str] = {}
    for names in names_by_node.values():
        for each in names:
            by_form.setdefault(normalise_name(each), names[0])
    return dict(sorted(by_form.items()))


def _indexed(
    g: Graph, kind: str, names: Callable[[], dict[str, list[str]]], partial: bool = True
) -> NameIndex:
    """The index of the names of one ``kind`` of node of ``g``, made on first use and kept with
    the graph (which is not changed once built)."""
    return graph_index(g).lasting(("names", kind), lambda: NameIndex(kind, names(), partial))


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
    return _node_id(g, name, NodeType.ORGANISATION) or _indexed(
        g, "organisation", lambda: organisation_names(g)
    ).resolve(name)


def resolve_theme(g: Graph, name: str) -> str:
    """The Theme node for its node id, theme id ("fgm") or label."""
    if node := _node_id(g, name, NodeType.THEME):
        return node

    def names() -> dict[str, list[str]]:
        return {n: [n.split(":", 1)[1], g.nodes[n]["label"]] for n in nodes_of(g, NodeType.THEME)}

    return _indexed(g, "theme", names, partial=False).resolve(name)


def resolve_area(g: Graph, name: str) -> str:
    """The Area node for its node id or name."""
    if node := _node_id(g, name, NodeType.AREA):
        return node

    def names() -> dict[str, list[str]]:
        return {n: [g.nodes[n]["label"]] for n in nodes_of(g, NodeType.AREA)}

    return _indexed(g, "area", names).resolve(name)


def resolve_review(g: Graph, name: str) -> str:
    """A Review node by its id, or by its area's name when the area had one review."""
    if node := _node_id(g, name, NodeType.REVIEW):
        return node

    def names() -> dict[str, list[str]]:
        by_area: dict[str, list[str]] = defaultdict(list)
        for review in nodes_of(g, NodeType.REVIEW):
            by_area[g.nodes[review].get("area") or review].append(review)
        return {reviews[0]: [area] for area, reviews in by_area.items() if len(reviews) == 1}

    return _indexed(g, "review", names).resolve(name)


def resolve_recommendation(g: Graph, ref: str) -> str:
    """A Recommendation node by id, by "AREA NUMBER" ("Northshire 1.2") or by a number used once.

    Numbers as written in any document count ("27" finds the recommendation also written "27.1");
    a recommendation without a number goes by its first words (its label).
    """
    if node := _node_id(g, ref, NodeType.RECOMMENDATION):
        return node
    index, numbers = graph_index(g).lasting(("names", "recommendation"), lambda: _recommendation_names(g))
    number = ref.strip()
    if number in numbers:
        hits = list(dict.fromkeys(numbers[number]))
        if len(hits) == 1:
            return hits[0]
        suggestions = sorted(index.names_by_node[h][0] for h in hits)
        raise UnknownName(ref, "recommendation", suggestions, ambiguous=True)
    return index.resolve(ref)


def _recommendation_names(g: Graph) -> tuple[NameIndex, dict[str, list[str]]]:
    """The recommendations' names ("AREA NUMBER", one per number written), and the
    recommendations each number as written is used by."""
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
    return NameIndex("recommendation", names, partial=False), dict(numbers)
