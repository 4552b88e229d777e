"""Answers kept per graph (graph.queries.index.GraphIndex.answer): computed once even when two
threads ask at once, and a reader of another answer never waits for one being computed."""

from __future__ import annotations

import threading

import pytest
from graph_support import small_graph

from graph.queries.index import GraphIndex


def test_a_second_reader_waits_for_the_answer_being_computed_instead_of_computing_it() -> None:
    index = GraphIndex(small_graph())
    inside, release = threading.Event(), threading.Event()
    computed: list[str] = []

    def slow() -> list[str]:
        computed.append("slow")
        if len(computed) == 1:  # the first computation holds on until released
            inside.set()
            release.wait(timeout=60)
        return ["answer"]

    found: dict[str, object] = {}
    first = threading.Thread(target=lambda: found.setdefault("first", index.answer("key", slow)))
    second = threading.Thread(target=lambda: found.setdefault("second", index.answer("key", slow)))
    other = threading.Thread(target=lambda: found.setdefault("other", index.answer("other", lambda: "own")))
    first.start()
    assert inside.wait(timeout=60)
    second.start()
    other.start()
    other.join(timeout=60)
    assert not other.is_alive() and found["other"] == "own"  # another key: no waiting
    second.join(timeout=0.5)
    assert second.is_alive()  # waiting for the first thread's answer, not computing its own
    release.set()
    first.join(timeout=60)
    second.join(timeout=60)
    assert computed == ["slow"]
    assert found["first"] is found["second"]


def test_a_failed_computation_is_tried_again_by_the_next_reader() -> None:
    index = GraphIndex(small_graph())

    def failing() -> str:
        raise RuntimeError("no answer")

    with pytest.raises(RuntimeError):
        index.answer("key", failing)
    assert index.answer("key", lambda: "answer") == "answer"
