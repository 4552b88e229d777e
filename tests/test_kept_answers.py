"""A graph's shared answers made where it is built and kept with it (graph/kept_answers.py): what
is read back equals what is computed afresh, nothing is computed again when they were kept, a gap
report is only for the day it was made, and anything not of this graph or format is computed.

No timing is asserted (bench/national_scale.py measures the switch); these tests hold the mechanism."""

from __future__ import annotations

import importlib
import marshal
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from answers_support import answers
from graph_support import corpus_documents
from web_support import lakeside_briefing

from api import rebuild
from api.revisions import GraphCache
from graph import kept_answers, snapshot
from graph.build import build_graph
from graph.kept_answers import MARK, UnknownKept, keep, make_ready, pack, unpack
from graph.model import NodeType
from graph.queries.gaps import GapItem, GapReport
from graph.queries.index import graph_index, warm
from graph.store import Store

# the query modules (graph.queries names functions after some of them)
gaps, coaccountability, themes, similarity, text = (
    importlib.import_module(f"graph.queries.{name}")
    for name in ("gaps", "coaccountability", "themes", "similarity", "text")
)
# what warm() computes; each raises once its answers are meant to be read, not computed
COMPUTATIONS = (
    (gaps, "_gaps"),
    (coaccountability, "_co_accountability"),
    (themes, "_recurring_themes"),
    (similarity, "_similar_items"),
    (text.TfIdf, "__init__"),
)


def _computed(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("a kept answer was computed again")


def never_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    for owner, name in COMPUTATIONS:
        monkeypatch.setattr(owner, name, _computed)


@pytest.fixture(scope="module")
def documents(corpus_dir: Path) -> list[Any]:
    return corpus_documents(corpus_dir)


def test_values_come_back_as_they_were() -> None:
    sources = ({"line": 4},)
    item = GapItem("overdue action", "Action:x", "Northshire", "3", "do it", ("A", "B"), "late", sources)
    report = GapReport("2026-12-02", (item, item))
    value = {
        ("gaps", date(2026, 12, 2)): report,
        ("kinds", (NodeType.ACTION, NodeType.FINDING)): [NodeType.ACTION],
        "arrays": (np.arange(4, dtype=np.int64), np.linspace(0, 1, 3)),
        "plain": {"a": [1, 2.5, None, True], 3: ("x",)},
        "looks packed": (MARK, "date", "2020-01-01"),
        "sets": ({1, 2}, frozenset({"a"})),
    }
    back = unpack(marshal.loads(marshal.dumps(pack(value))))
    assert back.keys() == value.keys()
    assert back[("gaps", date(2026, 12, 2))] == report
    got = back[("gaps", date(2026, 12, 2))]
    assert type(got.items[0]) is GapItem and got.items[0] is got.items[1]  # met twice, read once
    assert got.by_organisation == report.by_organisation  # its cached parts are made again
    assert back[("kinds", (NodeType.ACTION, NodeType.FINDING))] == [NodeType.ACTION]
    assert [a.tolist() for a in back["arrays"]] == [[0, 1, 2, 3], [0.0, 0.5, 1.0]]
    for key in ("plain", "looks packed", "sets"):
        assert back[key] == value[key]


@pytest.mark.parametrize(
    "packed",
    [
        (MARK, "object", "os:system", {}),
        (MARK, "object", "graph.queries.gaps:date", {}),  # not a class of the module's own
        (MARK, "enum", "graph.queries.gaps:GapItem", "x"),
        (MARK, "array", "|O", b""),
        (MARK, "lambda", "x"),
    ],
)
def test_only_the_queries_own_forms_are_read(packed: tuple[Any, ...]) -> None:
    with pytest.raises(UnknownKept):
        unpack(packed)


def test_what_cannot_be_kept_is_said() -> None:
    with pytest.raises(ValueError, match="cannot be kept"):
        pack({"f": open})
    with pytest.raises(ValueError, match="cannot be kept"):
        pack(np.zeros(2, dtype=np.float32))


def test_kept_answers_equal_fresh_ones_and_are_not_computed_again(
    documents: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build_graph(documents)
    data = keep(built)
    # the graph as a server receives it: read back from the store's form, with nothing made yet
    received = snapshot.decode(snapshot.encode(built)).graph
    assert make_ready(received, data)
    with monkeypatch.context() as patched:
        never_computed(patched)
        warm(received)
    assert answers(received) == answers(build_graph(documents))


def test_a_gap_report_is_kept_for_the_day_it_was_made(
    documents: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build_graph(documents)
    data = keep(built)
    today = date.today()
    tomorrow = snapshot.decode(snapshot.encode(built)).graph
    assert make_ready(tomorrow, data, today=today + timedelta(days=1))
    with monkeypatch.context() as patched:
        never_computed(patched)
        with pytest.raises(AssertionError, match="computed again"):
            gaps.gaps(tomorrow, as_of=today)  # not read: made for another day than this one's
        co = coaccountability.co_accountability(tomorrow)  # every other answer is read
    assert co == coaccountability.co_accountability(build_graph(documents))


def test_answers_of_another_graph_or_form_are_not_taken(documents: list[Any]) -> None:
    built = build_graph(documents)
    data = keep(built)
    other = build_graph(documents[:2])
    assert not make_ready(other, data)
    assert not make_ready(built, b"not kept answers")
    assert not make_ready(built, marshal.dumps((kept_answers.FORMAT + 1, None, [], {}, b"")))
    assert graph_index(other).made()[0] == {}  # nothing given


def test_an_unreadable_kept_answer_is_computed(documents: list[Any]) -> None:
    built = build_graph(documents)
    outer = list(marshal.loads(keep(built)))
    outer[2] = [(key, b"spoiled") for key, _blob in outer[2]]
    received = snapshot.decode(snapshot.encode(built)).graph
    assert make_ready(received, marshal.dumps(tuple(outer)))
    assert gaps.gaps(received) == gaps.gaps(build_graph(documents))


def test_the_answers_go_with_the_kept_graph_to_the_child_and_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.put("a.txt", b"a", lakeside_briefing())
        snapshot.keep_current_graph(store)  # as `sgraph load` leaves it
        kept = snapshot.stored_snapshot(store)
        assert kept is not None and kept.answers is not None
        assert store.graph_answers(kept.revision, snapshot.BUILDER) == kept.answers
    # what the rebuild child sends, the server receives whole
    sent = tmp_path / "frames"
    with sent.open("wb") as stream:
        rebuild.send(kept, stream)
    with sent.open("rb") as stream:
        assert rebuild.receive(stream).answers == kept.answers
    fresh = gaps.gaps(build_graph(Store(db).documents()))
    # a server starting from the kept graph reads the answers, computes none of them
    monkeypatch.setattr("api.revisions.build_current", _computed)
    never_computed(monkeypatch)
    cache = GraphCache(db)
    cache.serving.set()  # its warm-up runs now, inside this test, not after it
    try:
        current = cache.snapshot()
        warm(current.graph)
        assert gaps.gaps(current.graph) == fresh
    finally:
        cache.close()


def test_a_kept_graph_without_answers_gets_them(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.put("a.txt", b"a", lakeside_briefing())
        snapshot.current_graph(store)  # a question's build: the graph only
        revision = store.state()
        assert store.graph_answers(revision, snapshot.BUILDER) is None
        assert snapshot.keep_current_graph(store) is None  # not built again
        data = store.graph_answers(revision, snapshot.BUILDER)
        kept = snapshot.stored_snapshot(store)
    assert data is not None and kept is not None and kept.answers == data
    assert make_ready(kept.graph, data)
