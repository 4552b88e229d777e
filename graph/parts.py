"""The graph built area by area, so that a change rebuilds only the areas it touches.

Everything a document adds to the graph is keyed by its area (its review, recommendations,
roles, assurance bodies, collectives) or by the document itself (actions, findings), except the
organisations and themes that documents of several areas name. So :func:`graph.build.build_graph`
builds one *part* per area (documents without an area form one part) from what resolution
decided for the whole store (:class:`Resolved`), and :func:`merge_parts` joins the parts, in
the order of their first document: a node or edge in several parts gets the sources and list
values of each, in that order, and its other attributes from the first part that set them (as
within a part, where the first document wins).

A part depends only on its own documents and on what resolution says about them, which
:func:`fingerprint` digests. A later build given the parts of an earlier one (:class:`PartCache`)
takes every part whose fingerprint is unchanged as it was and builds only the others; since a
full build merges its parts the same way, both give the same graph.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import json
import marshal
import zlib
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeAlias

import networkx as nx

from graph.documents import StoredDocument
from graph.resolve import OrganisationIndex, assign_reviews, recommendation_ids, resolve_organisations
from graph.sources import SourceSets

Graph: TypeAlias = "nx.MultiDiGraph[Any]"
# what a kept part is: its fingerprint and its encoded graph
KeptPart = tuple[str, bytes]


@dataclass
class Resolved:
    """What resolution decides for the whole store, which each document's part reads."""

    reviews: dict[str, str]  # document id -> review node
    organisations: OrganisationIndex
    rec_ids: dict[str, dict[str, str]]  # review node -> {id as written: canonical id}
    review_notes: dict[str, list[str]]  # document id -> what joining it to a review did
    # the organisation index by document, for fingerprints (made on first need)
    _names: dict[str, list[tuple[str, str]]] | None = None

    @classmethod
    def of(cls, docs: Sequence[StoredDocument]) -> Resolved:
        notes: dict[str, list[str]] = {}
        reviews = assign_reviews(docs, notes)
        ids_by_review: dict[str, dict[str, list[str]]] = defaultdict(dict)
        for doc in docs:
            ids_by_review[reviews[doc.id]][doc.id] = [r.id for r in doc.extraction.recommendations]
        rec_ids = {review: recommendation_ids(ids) for review, ids in ids_by_review.items()}
        return cls(reviews, resolve_organisations(docs), rec_ids, notes)

    def names_of(self, document: str) -> list[tuple[str, str]]:
        """The (name as the document's records write it, node) resolutions of one document."""
        if self._names is None:
            self._names = defaultdict(list)
            for (owner, name), node in self.organisations.by_document.items():
                self._names[owner].append((name, node))
        return self._names.get(document, [])


def area_of(doc: StoredDocument) -> str:
    return doc.extraction.area or ""


def parts_of(docs: Sequence[StoredDocument]) -> list[tuple[str, list[StoredDocument]]]:
    """The documents (in id order) grouped by area, in the order of each area's first document."""
    grouped: dict[str, list[StoredDocument]] = {}
    for doc in sorted(docs, key=lambda d: d.id):
        grouped.setdefault(area_of(doc), []).append(doc)
    return list(grouped.items())


def fingerprint(docs: Sequence[StoredDocument], resolved: Resolved) -> str:
    """A digest of everything one part is built from: its documents, their reviews and
    recommendation ids, and every organisation name resolution gives them, with its entry."""
    index = resolved.organisations
    reviews = [resolved.reviews[d.id] for d in docs]
    names = [resolved.names_of(d.id) for d in docs]
    nodes = sorted({node for pairs in names for _, node in pairs})
    payload = {
        "documents": [_document_digest(d) for d in docs],
        "reviews": reviews,
        "review notes": [resolved.review_notes.get(d.id, []) for d in docs],
        "recommendation ids": [resolved.rec_ids.get(r, {}) for r in sorted(set(reviews))],
        "names": names,
        # (the entries' fields are strings and tuples of strings: astuple's deep copy of each
        # was most of the time this took)
        "entries": [_fields(index.entries[n]) for n in nodes if n in index.entries],
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _fields(entry: Any) -> tuple[Any, ...]:
    return tuple(getattr(entry, f.name) for f in dataclasses.fields(entry))


def _document_digest(doc: StoredDocument) -> str:
    fields = json.dumps([doc.id, doc.file_name, doc.format, doc.sha256, doc.size, doc.loaded_at])
    return hashlib.sha256(f"{fields}\n{extraction_json(doc)}".encode()).hexdigest()


def extraction_json(doc: StoredDocument) -> str:
    """The document's extraction as JSON: as the store holds it when read from there."""
    return doc.stored_json or json.dumps(doc.extraction.to_json(), ensure_ascii=False, sort_keys=True)


@contextmanager
def no_collection() -> Iterator[None]:
    """The cyclic collector paused: making a graph's million containers otherwise triggers
    collection after collection over them (it tripled the time to read one back). Around a whole
    build, not each part: resumed after every part read back, the collector went over the graph
    made so far again and again (1.1 s of a 4.6 s rebuild after one change)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def encode_part(g: Graph) -> bytes:
    """A part as bytes; ValueError if an attribute is not a plain value."""
    return zlib.compress(marshal.dumps((g._node, g._succ, g._pred)), 1)


def decode_part(data: bytes) -> Graph:
    with no_collection():
        nodes, succ, pred = marshal.loads(zlib.decompress(data))
        g = nx.MultiDiGraph()
        g._node = nodes
        g._adj = g._succ = succ
        g._pred = pred
    return g


class PartCache:
    """The parts of an earlier build (fingerprint and bytes, by area), and those of this one."""

    def __init__(self, known: Mapping[str, KeptPart] | None = None) -> None:
        self._known = dict(known or {})
        self.kept: dict[str, KeptPart] = {}
        self.reused = 0
        self.built = 0

    def take(self, area: str, stamp: str) -> Graph | None:
        """The earlier part of ``area`` if it was built from the same things, else None."""
        found = self._known.get(area)
        if found is None or found[0] != stamp:
            return None
        try:
            g = decode_part(found[1])
        except (ValueError, EOFError, TypeError, zlib.error):
            return None
        self.kept[area] = found
        self.reused += 1
        return g

    def keep(self, area: str, stamp: str, g: Graph) -> None:
        """Keep a part just built (before it is merged, which changes it)."""
        self.built += 1
        # (a value marshal cannot write leaves the part out: it is built again next time)
        with contextlib.suppress(ValueError):
            self.kept[area] = (stamp, encode_part(g))


def merge_parts(parts: Sequence[Graph]) -> Graph:
    """One graph of all ``parts`` (which it takes over: they must not be used again)."""
    g = nx.MultiDiGraph()
    nodes, succ, pred = g._node, g._succ, g._pred
    seen = SourceSets()
    with no_collection():
        for part in parts:
            for n, attrs in part._node.items():
                held = nodes.get(n)
                if held is None:
                    nodes[n] = attrs
                    succ[n] = {}
                    pred[n] = {}
                else:
                    _merge_attributes(held, attrs, seen)
            for u, targets in part._succ.items():
                out = succ[u]
                for v, keyed in targets.items():
                    mine = out.get(v)
                    if mine is None:
                        out[v] = keyed  # linked into pred below, in the part's order
                        continue
                    for key, attrs in keyed.items():
                        if key in mine:
                            _merge_attributes(mine[key], attrs, seen)
                        else:
                            mine[key] = attrs
            for v, origins in part._pred.items():
                into = pred[v]
                for u in origins:
                    if u not in into:
                        into[u] = succ[u][v]
    return g


_EMPTY: tuple[Any, ...] = (None, "", [], {})


def _merge_attributes(held: dict[str, Any], attrs: dict[str, Any], seen: SourceSets) -> None:
    """As a later document's facts join a node or edge: lists gain the values they lack (sources
    first of all), and an attribute not yet set takes the part's value."""
    for key, value in attrs.items():
        current = held.get(key)
        if isinstance(current, list) and isinstance(value, list):
            seen.merge(current, value)
        elif current in _EMPTY and value not in _EMPTY:
            held[key] = value
