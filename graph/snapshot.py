"""The built graph kept in the store, so that a server or a command starts without building it.

Building the graph of a national store (~340 documents, ~40k nodes, ~170k edges) takes tens of
seconds; reading it back takes about a second. After a build, :func:`save_snapshot` keeps the
graph in the store, tagged with the store revision it was built from and with :data:`BUILDER`,
a digest of the code and data files the build reads (a newer ``sgraph`` never takes an older
builder's graph for its own). :func:`current_graph` returns the stored graph when it is of the
current revision, else builds, keeps and returns it.

The graph is written with :mod:`marshal` (plain dicts, lists, strings and numbers; unlike pickle,
reading it back cannot run code) and zlib. It holds networkx's own adjacency dicts, which share
each edge's attribute dict between successors and predecessors; marshal keeps that sharing. The
documents the graph was built from are kept with it (their extractions as JSON, read on first
use), so that a server answers about documents and graph from one revision, and so are its
parts (:mod:`graph.parts`), so that the next build rebuilds only the areas that changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import marshal
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeAlias

import networkx as nx

from graph import kept_answers
from graph.build import build_graph
from graph.documents import StoredDocument
from graph.parts import KeptPart, PartCache, extraction_json, no_collection
from graph.stats import graph_stats
from graph.store import Store
from loaders.records import Extraction

Graph: TypeAlias = "nx.MultiDiGraph[Any]"
FORMAT = 4

_ROOT = Path(__file__).resolve().parents[1]
# what the graph is made from besides the documents: the builder and the data it reads
_BUILDER_FILES = ("graph", "loaders", "ontology")


def _builder_digest() -> str:
    digest = hashlib.sha256(f"format {FORMAT} networkx {nx.__version__}".encode())
    for name in _BUILDER_FILES:
        path = _ROOT / name
        for file in sorted(path.rglob("*") if path.is_dir() else [path]):
            if file.suffix in (".py", ".ttl", ".yaml", ".csv") and file.is_file():
                digest.update(str(file.relative_to(_ROOT)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


BUILDER = _builder_digest()


_DocumentRow = tuple[str, str, str, str, int, str, str]  # StoredDocument's fields, extraction as JSON


@dataclass(frozen=True)
class Kept:
    """A graph read back from the store, with the revision and the documents it was built from.

    The documents (their extractions as JSON, 40% of what is kept) stay compressed until first
    asked for: a server answers its first questions from the graph alone."""

    revision: int
    graph: Graph
    packed_rows: bytes  # the documents' rows, marshalled and compressed
    document_count: int
    # the graph's counts (graph.stats), computed when it was kept: a server answers /stats at once
    stats: dict[str, Any] | None = None
    # the shared answers made from the graph (graph.kept_answers), when they were kept with it
    answers: bytes | None = None

    @cached_property
    def rows(self) -> tuple[_DocumentRow, ...]:
        rows: tuple[_DocumentRow, ...] = marshal.loads(zlib.decompress(self.packed_rows))
        return rows

    def documents(self, earlier: Mapping[str, StoredDocument] | None = None) -> list[StoredDocument]:
        """The documents of this revision (their extractions are parsed here, on first need);
        a document of ``earlier`` (an earlier revision's, by id) that is the same version with
        the same extraction is taken as it is, not parsed again: after a load of a few areas,
        most of a national store's documents are those the server holds already (parsing them
        all again took 2.5 s and 150 MB more while both revisions were held)."""
        found = []
        for row in self.rows:
            same = earlier.get(row[0]) if earlier else None
            if same is None or _row_of(same) != row:
                same = StoredDocument(
                    id=row[0],
                    file_name=row[1],
                    format=row[2],
                    sha256=row[3],
                    size=row[4],
                    loaded_at=row[5],
                    extraction=Extraction.from_stored(json.loads(row[6])),
                    stored_json=row[6],
                )
            found.append(same)
        return found


def _row_of(d: StoredDocument) -> _DocumentRow:
    return (d.id, d.file_name, d.format, d.sha256, d.size, d.loaded_at, d.stored_json)


def pack_rows(documents: Sequence[StoredDocument]) -> bytes:
    rows = tuple(
        (d.id, d.file_name, d.format, d.sha256, d.size, d.loaded_at, extraction_json(d)) for d in documents
    )
    return zlib.compress(marshal.dumps(rows), 1)


def encode(
    g: Graph, documents: Sequence[StoredDocument] = (), parts: Mapping[str, KeptPart] | None = None
) -> bytes:
    """The graph, its counts, its documents and its parts as bytes; ValueError if an attribute
    is not a plain value."""
    state = (dict(g.graph), g._node, g._succ, g._pred)
    graph = zlib.compress(marshal.dumps(state), 1)
    stats = graph_stats(g).to_json()
    return marshal.dumps((FORMAT, graph, pack_rows(documents), len(documents), stats, dict(parts or {})))


def _unpack(data: bytes) -> tuple[Any, ...]:
    """What :func:`encode` wrote: (format, graph, rows, document count, stats, parts), each of
    graph, rows and parts still compressed."""
    outer = marshal.loads(data)
    if not isinstance(outer, tuple) or len(outer) != 6 or outer[0] != FORMAT:
        raise ValueError("not a graph snapshot of this format")
    return outer


def decode(data: bytes, revision: int = 0) -> Kept:
    """What :func:`encode` wrote: the graph identical in nodes, edges, attributes and order."""
    _format, packed, rows, count, stats, _parts = _unpack(data)
    with no_collection():
        attrs, nodes, succ, pred = marshal.loads(zlib.decompress(packed))
        g = nx.MultiDiGraph(**attrs)
        g._node = nodes
        g._adj = g._succ = succ
        g._pred = pred
    return Kept(revision, g, rows, count, stats)


def save_snapshot(
    store: Store,
    revision: int,
    g: Graph,
    documents: Sequence[StoredDocument],
    parts: Mapping[str, KeptPart] | None = None,
    answers: bytes | None = None,
) -> bool:
    """Keep ``g`` as the graph of ``revision`` (with the ``answers`` made from it, if given);
    False when it holds a value marshal cannot write."""
    try:
        data = encode(g, documents, parts)
    except ValueError:
        return False
    store.save_graph_snapshot(revision, BUILDER, data, answers)
    return True


def stored_snapshot(store: Store) -> Kept | None:
    """The newest graph this builder kept in the store; None if there is none."""
    found = store.latest_graph_snapshot(BUILDER)
    if found is None:
        return None
    revision, data = found
    try:
        kept = decode(data, revision)
    except (ValueError, EOFError, TypeError, zlib.error):
        return None  # unreadable: it is built again
    return dataclasses.replace(kept, answers=store.graph_answers(revision, BUILDER))


def stored_parts(store: Store) -> dict[str, KeptPart]:
    """The parts (:mod:`graph.parts`) of the newest graph this builder kept; empty if none."""
    found = store.latest_graph_snapshot(BUILDER)
    if found is None:
        return {}
    try:
        parts: dict[str, KeptPart] = _unpack(found[1])[5]
        return parts
    except (ValueError, EOFError, TypeError):
        return {}


def build_current(
    store: Store, parts: PartCache | None = None, answers: bool = False
) -> tuple[int, Graph, list[Any]]:
    """Build the graph of the store's current documents and keep it; (revision, graph, documents).

    Only the areas whose documents (or what resolution says of them) changed since the kept
    graph are built again (:mod:`graph.parts`); the graph is the same as a full build's.
    ``parts`` (by default the kept graph's) afterwards says how many were reused and built.
    With ``answers``, the graph's shared answers (:mod:`graph.kept_answers`) are made and kept
    with it, in the same write (a server never reads the graph without the answers made for it)."""
    revision, documents = store.revision_and_documents()
    parts = parts if parts is not None else PartCache(stored_parts(store))
    with no_collection():
        g = build_graph(documents, parts)
        made = kept_answers.keep(g) if answers else None
        save_snapshot(store, revision, g, documents, parts.kept, made)
    return revision, g, documents


def keep_current_graph(store: Store) -> PartCache | None:
    """Build and keep the graph of the store's current documents with its shared answers, unless
    the kept graph is of that revision already (None then; its answers are made if it has none);
    a command that changed the store calls it last, so that the next server or command starts
    from the kept graph and answers instead of making them."""
    revision = store.state()
    if store.graph_snapshot_revision(BUILDER) == revision:
        if store.graph_answers(revision, BUILDER) is None:
            kept = stored_snapshot(store)
            if kept is not None and kept.revision == revision:
                with no_collection():
                    store.save_graph_answers(revision, BUILDER, kept_answers.keep(kept.graph))
        return None
    parts = PartCache(stored_parts(store))
    build_current(store, parts, answers=True)
    return parts


def current_graph(store: Store) -> Graph:
    """The graph of the store's current documents: the kept one when up to date, else built."""
    revision = store.state()
    if store.graph_snapshot_revision(BUILDER) == revision:
        kept = stored_snapshot(store)
        if kept is not None and kept.revision == revision:
            return kept.graph
    return build_current(store)[1]
