"""Texts from different reviews that say nearly the same thing (TF-IDF cosine)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_support import corpus_graph, small_graph

from graph.queries import UnknownName, like_recommendation, similar_items
from graph.queries.similarity import TfIdf, words


def test_same_concern_in_two_areas_forms_one_cluster() -> None:
    (cluster,) = similar_items(small_graph(), min_areas=2, threshold=0.5)
    assert cluster.areas == ("Northshire", "Southvale")
    assert [m.recommendation for m in cluster.members] == ["1.1", "3.1"]
    # both members are equally like each other: the node id breaks the tie
    assert cluster.members[0].score == cluster.members[1].score
    assert cluster.representative.startswith("Make sure every ward nurse")


def test_action_repeating_its_finding_is_not_its_own_near_duplicate() -> None:
    from graph_support import action, northshire_plan, southvale_plan, stored

    from graph.build import build_graph

    south = southvale_plan()
    finding = south.findings[0]
    finding.text = "Every ward nurse now learns to spot hidden bruising in babies"
    finding.actions = [action(finding.text)]
    (cluster,) = similar_items(build_graph([stored(northshire_plan()), stored(south)]), threshold=0.5)
    assert sorted(m.kind for m in cluster.members) == ["Finding", "Recommendation", "Recommendation"]


def test_no_cluster_above_a_threshold_of_one_or_within_one_area() -> None:
    assert similar_items(small_graph(), threshold=1.0) == []
    assert similar_items(small_graph(), min_areas=3) == []


def test_like_recommendation_ranks_by_similarity() -> None:
    found = like_recommendation(small_graph(), "Northshire 1.1", top=2)
    assert [(f.area, f.recommendation) for f in found] == [("Southvale", "3.1"), ("Northshire", "1.2")]
    assert found[0].score > found[1].score > 0
    with pytest.raises(UnknownName):
        like_recommendation(small_graph(), "Northshire 7.7")


def test_tfidf_is_cosine_of_weighted_words() -> None:
    model = TfIdf.of_texts(["red kites nest", "red kites nest", "blue tits sing"])
    assert model.similarity(0, 1) == pytest.approx(1.0)
    assert model.similarity(0, 2) == pytest.approx(0.0)
    assert model.scores(model.vectors[0]).tolist() == pytest.approx([1.0, 1.0, 0.0])
    assert words("Referrals referral ensuring") == ["referral", "referral"]


def test_corpus_clusters_are_deterministic_and_span_areas(corpus_dir: Path) -> None:
    g = corpus_graph(corpus_dir)
    first = similar_items(g, min_areas=2, threshold=0.3)
    assert first == similar_items(g, min_areas=2, threshold=0.3)
    assert first, "the corpus repeats at least one concern across areas"
    assert all(len(c.areas) >= 2 for c in first)
