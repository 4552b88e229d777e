"""What a server holds at a revision switch: the new revision takes the documents it shares with
the previous one as they are, one text model serves the queries that would have made two, and
the previous revision is let go as soon as no one holds its snapshot.

No memory figure is asserted (bench/national_scale.py samples the server's); these tests hold
the mechanisms."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graph_support import corpus_documents
from web_support import lakeside_briefing

from api.revisions import Snapshot
from graph import snapshot
from graph.build import build_graph
from graph.kept_answers import keep, make_ready
from graph.model import NodeType
from graph.queries.index import graph_index
from graph.queries.similarity import COMPARED, comparable_items, text_model
from graph.store import Store


def briefing(file: str) -> Any:
    return lakeside_briefing().model_copy(update={"file": file})


def kept_revision(store: Store) -> snapshot.Kept:
    snapshot.keep_current_graph(store)
    kept = snapshot.stored_snapshot(store)
    assert kept is not None
    return kept


def test_documents_unchanged_since_the_previous_revision_are_taken_as_they_are(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.put("a.txt", b"a", briefing("a.txt"))
        store.put("b.txt", b"b", briefing("b.txt"))
        first = Snapshot(*_graph_and_revision(kept := kept_revision(store)), kept)
        before = {d.id: d for d in first.documents}
        store.put("b.txt", b"b, next version", briefing("b.txt"))  # a new version of b
        store.put("c.txt", b"c", briefing("c.txt"))
        second = Snapshot(*_graph_and_revision(kept := kept_revision(store)), kept, first)
        after = {d.id: d for d in second.documents}
        assert after["a.txt"] is before["a.txt"]
        assert after["b.txt"] is not before["b.txt"] and after["b.txt"].sha256 != before["b.txt"].sha256
        assert sorted(after) == ["a.txt", "b.txt", "c.txt"]
        # each as a snapshot with nothing before it reads it
        assert second.documents == snapshot.stored_snapshot(store).documents()  # type: ignore[union-attr]


def test_a_previous_revision_never_read_gives_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.put("a.txt", b"a", briefing("a.txt"))
        first = Snapshot(*_graph_and_revision(kept := kept_revision(store)), kept)
        store.put("c.txt", b"c", briefing("c.txt"))
        second = Snapshot(*_graph_and_revision(kept := kept_revision(store)), kept, first)
        assert first.document_index() is None
        assert [d.id for d in second.documents] == ["a.txt", "c.txt"]


def _graph_and_revision(kept: snapshot.Kept) -> tuple[Any, int]:
    return kept.graph, kept.revision


@pytest.fixture
def no_collector() -> Iterator[None]:
    """The cyclic collector off, as for a served (frozen) revision: only reference counts free."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_snapshot_no_one_holds_lets_its_graph_go_at_once(tmp_path: Path, no_collector: None) -> None:
    with Store(tmp_path / "s.db") as store:
        store.put("a.txt", b"a", briefing("a.txt"))
        kept = kept_revision(store)
    current = Snapshot(kept.graph, kept.revision, kept)
    del kept
    g = current.graph
    list(g.edges)  # the views networkx keeps point back to the graph
    assert g.degree is not None and g.in_edges is not None
    graph_gone, snapshot_gone = weakref.ref(g), weakref.ref(current)
    del g
    pinned = current  # a request still reading it
    del current
    assert graph_gone() is not None
    del pinned
    assert snapshot_gone() is None and graph_gone() is None


def test_the_same_texts_have_one_text_model(corpus_dir: Path) -> None:
    g = build_graph(corpus_documents(corpus_dir))
    wider, narrower = text_model(g, COMPARED, 1), text_model(g, COMPARED, 4)
    if comparable_items(g, COMPARED, 4) == comparable_items(g, COMPARED, 1):
        assert narrower is wider
    else:
        assert narrower.items == comparable_items(g, COMPARED, 4) != wider.items
    # with only long texts (as at national scale), the models are one
    long_only = g.copy()
    for node, kind in g.nodes(data="type"):
        if kind in {t.value for t in COMPARED} and len((g.nodes[node].get("text") or "").split()) < 8:
            long_only.remove_node(node)
    assert comparable_items(long_only, COMPARED, 1)
    assert text_model(long_only, COMPARED, 4) is text_model(long_only, COMPARED, 1)


def test_an_answer_kept_twice_is_read_once(corpus_dir: Path) -> None:
    documents = corpus_documents(corpus_dir)
    built = build_graph(documents)
    shared = {"organisations": [NodeType.ORGANISATION.value]}
    index = graph_index(built)
    assert index.answer(("first",), lambda: shared) is index.answer(("second",), lambda: shared)
    data = keep(built)
    received = snapshot.decode(snapshot.encode(built)).graph
    assert make_ready(received, data)
    read = graph_index(received)
    first = read.answer(("first",), lambda: {"computed": []})
    assert first == shared and read.answer(("second",), lambda: {"computed": []}) is first
