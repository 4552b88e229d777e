"""A rebuild after a change builds again only the areas it touches, and gives exactly the graph a
full build of the same documents gives: the same nodes and edges, in the same order, with the
same attributes (graph/parts.py, graph/snapshot.py's build_current)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from graph_support import linked, northshire_plan, org, rec, southvale_plan

from graph.build import build_graph
from graph.parts import PartCache
from graph.snapshot import build_current, stored_parts, stored_snapshot
from graph.store import Store
from loaders.extract import extract_file
from loaders.records import Extraction, ReviewRecord


def everything(g: nx.MultiDiGraph) -> tuple[list, list]:
    return list(g.nodes(data=True)), list(g.edges(keys=True, data=True))


def put(store: Store, extraction: Extraction, content: bytes | None = None) -> None:
    if content is None:  # hand-written here: give it the references the loader's last step writes
        linked(extraction)
    store.put(extraction.file, content or extraction.model_dump_json().encode(), extraction, "test")


def rebuild(store: Store) -> PartCache:
    """build_current as a server or command runs it; returns what it reused and built, and checks
    the graph kept against a full build of the same documents."""
    parts = PartCache(stored_parts(store))
    revision, documents = store.revision_and_documents()
    incremental = build_graph(documents, parts)
    full = build_graph(store.documents())
    assert everything(incremental) == everything(full)
    _, kept, _ = build_current(store)
    assert everything(kept) == everything(full)
    assert stored_snapshot(store).revision == revision
    return parts


def midshire_plan() -> Extraction:
    """A third invented area, whose plan names the national body Northshire's names too."""
    return Extraction(
        file="mid_plan.txt",
        area="Midshire",
        document_kind="action plan",
        review=ReviewRecord(fieldwork="2021-06"),
        organisations=[org("Midshire Council", "local authority"), org("National Care Office", "regulator")],
        recommendations=[rec("1", "Review the fostering panel", "Midshire Council", "National Care Office")],
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "sgraph.db")
    north = northshire_plan()
    north.organisations.append(org("National Care Office", "regulator"))
    put(store, north)
    put(store, southvale_plan())
    put(store, midshire_plan())
    build_current(store)
    return store


def test_a_change_to_one_area_rebuilds_that_area_only(store: Store) -> None:
    south = southvale_plan()
    south.recommendations[0].actions[0].status = "completed"
    south.recommendations.append(rec("3.2", "Train school nurses", "Southvale Community NHS Trust", line=9))
    put(store, south)
    parts = rebuild(store)
    assert (parts.built, parts.reused) == (1, 2)


def test_nothing_changed_reuses_every_area(store: Store) -> None:
    parts = rebuild(store)
    assert (parts.built, parts.reused) == (0, 3)


def test_adding_and_removing_documents(store: Store) -> None:
    later = southvale_plan().model_copy(update={"file": "south_plan_2021.txt"})
    later.review = ReviewRecord(fieldwork="2021-02")
    put(store, later)
    parts = rebuild(store)
    assert (parts.built, parts.reused) == (1, 2)  # Southvale has a second review now
    store.remove("north_plan.txt")
    parts = rebuild(store)
    # Southvale is kept; Midshire is built again, as the body it shared with Northshire changed
    assert (parts.built, parts.reused) == (1, 1)


def test_what_one_area_says_of_a_shared_body_reaches_the_other_areas(store: Store) -> None:
    """A national body's entry (its aliases) is resolved over every area's documents: a plan of
    one area naming it anew changes the other areas' parts that name it, which are built again."""
    mid = midshire_plan()
    mid.organisations[1] = org("National Care Office", "regulator", "NCO")
    put(store, mid)
    parts = rebuild(store)
    assert parts.built == 2  # Midshire, and Northshire, which names the same body
    full = build_graph(store.documents())
    body = next(n for n, d in full.nodes(data=True) if d.get("label") == "National Care Office")
    assert "NCO" in full.nodes[body]["aliases"]


def test_the_corpus_changed_a_document_at_a_time(tmp_path: Path, corpus_dir: Path) -> None:
    store = Store(tmp_path / "corpus.db")
    files = sorted(corpus_dir.glob("*.txt"))
    extractions = [extract_file(path) for path in files]
    for path, extraction in zip(files, extractions, strict=True):
        put(store, extraction, path.read_bytes())
    build_current(store)
    # a plan's actions change status one quarter later; then a report is withdrawn
    plan = next(e for e in extractions if any(r.actions for r in e.recommendations))
    changed = plan.model_copy(deep=True)
    for recommendation in changed.recommendations:
        for row in recommendation.actions:
            row.status = "completed"
    put(store, changed, b"next quarter")
    parts = rebuild(store)
    assert parts.reused >= 1 and parts.built >= 1
    store.remove(Path(files[-1]).name)
    rebuild(store)
