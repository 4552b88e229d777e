"""Ranked search over recommendations, findings and actions, with filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_support import corpus_graph, small_graph

from graph.queries import UnknownName, search


def test_rare_words_rank_first_and_phrase_scores_highest() -> None:
    hits = search(small_graph(), "bruising referrals")
    assert hits[0].text == "Audit a sample of bruising referrals"
    assert hits[0].score > 1  # the whole phrase is in it
    assert {h.kind for h in hits} == {"Recommendation", "Action"}
    assert hits == sorted(hits, key=lambda h: (-h.score, h.node))


def test_filters() -> None:
    g = small_graph()
    assert {h.area for h in search(g, "bruising", area="Southvale")} == {"Southvale"}
    assert {(h.area, h.recommendation) for h in search(g, "bruising", org="NHT")} == {
        ("Northshire", "1.1"),
        ("Northshire", "1.2"),
    }
    # an action inherits its recommendation's theme
    assert {h.recommendation for h in search(g, "bruising", theme="referrals-social-care")} == {"1.2"}
    assert {h.area for h in search(g, "bruising", year=2020)} == {"Southvale"}
    assert search(g, "bruising", year=1999) == []


def test_no_match_unknown_filter_and_empty_query() -> None:
    assert search(small_graph(), "helicopters") == []
    with pytest.raises(UnknownName, match="theme"):
        search(small_graph(), "bruising", theme="bruises")
    with pytest.raises(ValueError, match="nothing to search"):
        search(small_graph(), "a b")


def test_corpus_search_finds_fgm_work(corpus_dir: Path) -> None:
    hits = search(corpus_graph(corpus_dir), "FGM", limit=5)
    assert hits and all("fgm" in h.text.lower() for h in hits)
