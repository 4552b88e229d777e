"""Recurring themes across areas, with examples and evidence; checked against the gold."""

from __future__ import annotations

from pathlib import Path

from graph_support import corpus_graph, gold_graph, gold_theme_areas, small_graph

from graph.queries import recurring_themes


def test_theme_in_two_areas_with_examples_and_evidence() -> None:
    (training,) = recurring_themes(small_graph(), min_areas=2)
    assert (training.theme, training.areas, training.count) == ("training", ("Northshire", "Southvale"), 2)
    assert training.by_area == {"Northshire": 1, "Southvale": 1}
    assert [(e.area, e.recommendation, e.evidence) for e in training.examples] == [
        ("Northshire", "1.1", ("learns",)),
        ("Southvale", "3.1", ("learns",)),
    ]
    assert training.years == (2019, 2020)
    assert training.by_year == {2019: 1, 2020: 1}
    assert training.by_review == {"Review:northshire:2019-03": 1, "Review:southvale:2020-01": 1}
    assert {"theme", "areas", "count", "examples"} <= set(training.to_json())


def test_all_themes_ordered_by_spread_then_count_then_id() -> None:
    found = recurring_themes(small_graph())
    assert [t.theme for t in found] == [
        "training",
        "healthy-child-programme",
        "referrals-social-care",
        "strategic-planning",
    ]
    assert recurring_themes(small_graph(), min_areas=3) == []


def test_standalone_action_counts_but_an_action_on_a_recommendation_does_not() -> None:
    from graph_support import action, northshire_plan, southvale_plan, stored, theme

    from graph.build import build_graph

    north, south = northshire_plan(), southvale_plan()
    south.actions = [
        action("Midwives now ask every mother about home safety", themes=[theme("domestic-abuse")])
    ]
    north.recommendations[0].actions[0].themes = [theme("domestic-abuse")]
    themes = recurring_themes(build_graph([stored(north), stored(south)]), min_areas=1)
    (found,) = [t for t in themes if t.theme == "domestic-abuse"]
    assert (found.theme, found.areas, found.count) == ("domestic-abuse", ("Southvale",), 1)
    assert found.examples[0].kind == "Action"


def themes_with_areas(g, min_areas: int) -> dict[str, tuple[str, ...]]:
    return {t.theme: t.areas for t in recurring_themes(g, min_areas=min_areas)}


def test_gold_themes_in_two_or_more_areas(gold_dir: Path) -> None:
    expected = gold_theme_areas(gold_dir, 2)
    assert len(expected) >= 5
    assert themes_with_areas(gold_graph(gold_dir), 2) == expected


def test_corpus_themes_in_two_or_more_areas(corpus_dir: Path, gold_dir: Path) -> None:
    assert themes_with_areas(corpus_graph(corpus_dir), 2) == gold_theme_areas(gold_dir, 2)


def test_every_count_of_a_theme_agrees_on_an_action_stated_on_its_own() -> None:
    from graph_support import action, northshire_plan, southvale_plan, stored, theme

    from api import views
    from graph.build import build_graph
    from visualisations import navigation

    south = southvale_plan()
    south.actions = [
        action("Teach every ward nurse to spot bruising", line=50, themes=[theme("training", "teach")])
    ]
    g = build_graph([stored(northshire_plan()), stored(south)])
    (training,) = [t for t in recurring_themes(g) if t.theme == "training"]
    assert training.by_area == {"Northshire": 1, "Southvale": 2}
    page = views.theme_detail(g, "Theme:training")
    assert page["count"] == training.count == 3
    southvale = {
        "area": "Southvale",
        "review": g.nodes["Review:southvale:2020-01"]["label"],
        "review_id": "southvale:2020-01",  # the theme page links the review
        "count": 2,
    }
    assert southvale in page["areas_by_review"]
    heatmap = navigation.theme_area_counts(g)
    assert heatmap[("Theme:training", "Area:southvale")] == 2
