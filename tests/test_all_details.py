"""A server's warm-up makes every recommendation's and action's details once, so that the first
profile or page showing them makes none (graph.queries.accountability.make_all_details)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_support import corpus_documents, corpus_graph

from graph.build import build_graph
from graph.model import NodeType
from graph.queries import accountability, organisation_profile, shared_accountability
from graph.queries.accountability import make_all_details
from graph.queries.walk import nodes_of


def test_after_the_warm_up_no_profile_makes_details(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = corpus_graph(corpus_dir)
    fresh = [organisation_profile(g, org).to_json() for org in nodes_of(g, NodeType.ORGANISATION)]
    warmed = build_graph(corpus_documents(corpus_dir))  # its own graph (corpus_graph is shared)
    make_all_details(warmed)

    def made_again(*_args: object) -> None:
        raise AssertionError("details made again after the warm-up")

    monkeypatch.setattr(accountability, "_action_details", made_again)
    monkeypatch.setattr(accountability, "_recommendation_details", made_again)
    # the same answers, from the details made by the warm-up
    assert [
        organisation_profile(warmed, org).to_json() for org in nodes_of(warmed, NodeType.ORGANISATION)
    ] == fresh
    assert len(shared_accountability(warmed, min_orgs=1)) == len(nodes_of(warmed, NodeType.RECOMMENDATION))
