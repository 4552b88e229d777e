"""Names users type resolve to nodes; unknown or ambiguous names explain themselves."""

from __future__ import annotations

import pytest
from graph_support import northshire_plan, org, small_graph, southvale_plan, stored

from graph.build import build_graph
from graph.queries import (
    UnknownName,
    organisation_profile,
    resolve_area,
    resolve_organisation,
    resolve_recommendation,
    resolve_review,
    resolve_theme,
)


@pytest.mark.parametrize(
    "name",
    [
        "Northshire Hospitals NHS Trust",
        "northshire hospitals nhs trust",
        "NHT",
        "Organisation:northshire-hospitals-nhs-trust",
        "Northshire Hospitals",
    ],
)
def test_organisation_by_canonical_name_alias_initialism_or_words(name: str) -> None:
    assert resolve_organisation(small_graph(), name) == "Organisation:northshire-hospitals-nhs-trust"


def test_unknown_organisation_lists_close_matches() -> None:
    with pytest.raises(UnknownName) as caught:
        resolve_organisation(small_graph(), "Northshire Hospital Trusts")
    assert caught.value.kind == "organisation"
    assert "Northshire Hospitals NHS Trust" in caught.value.suggestions
    assert "Close matches: Northshire Hospitals NHS Trust" in str(caught.value)


def test_nothing_like_the_name_says_so() -> None:
    with pytest.raises(UnknownName, match="no close match"):
        resolve_organisation(small_graph(), "Zzyzx")


def test_name_shared_by_two_organisations_is_ambiguous() -> None:
    south = southvale_plan()
    south.organisations.append(org("Southvale Safeguarding Children Board", "safeguarding board", "NSCB"))
    g = build_graph([stored(northshire_plan()), stored(south)])
    with pytest.raises(UnknownName) as caught:
        resolve_organisation(g, "NSCB")
    assert caught.value.ambiguous
    assert caught.value.suggestions == [
        "Northshire Safeguarding Children Board",
        "Southvale Safeguarding Children Board",
    ]


def test_a_short_alias_other_names_also_hold_is_ambiguous() -> None:
    # one document calls its CCG just "CCG"; other CCGs are stored too: "CCG" names none of them
    south = southvale_plan()
    south.organisations[0] = org("Southvale Clinical Commissioning Group", "CCG", "SCCG", "CCG")
    g = build_graph([stored(northshire_plan()), stored(south)])
    with pytest.raises(UnknownName) as caught:
        resolve_organisation(g, "CCG")
    assert caught.value.ambiguous
    assert caught.value.suggestions == [
        "Northshire Clinical Commissioning Group",
        "Southvale Clinical Commissioning Group",
    ]
    # the same alias still names its organisation when no other name holds the word
    alone = build_graph([stored(south)])
    assert resolve_organisation(alone, "CCG") == "Organisation:southvale-clinical-commissioning-group"


def test_themes_areas_reviews_and_recommendations() -> None:
    g = small_graph()
    assert resolve_theme(g, "training") == "Theme:training"
    assert resolve_area(g, "southvale") == "Area:southvale"
    assert resolve_review(g, "Northshire") == "Review:northshire:2019-03"
    assert resolve_recommendation(g, "Northshire 1.2") == "Recommendation:northshire-2019-03:1-2"
    assert resolve_recommendation(g, "3.1") == "Recommendation:southvale-2020-01:3-1"
    with pytest.raises(UnknownName, match=r"unknown theme 'trainin'\. Close matches: training"):
        resolve_theme(g, "trainin")
    with pytest.raises(UnknownName, match="recommendation"):
        resolve_recommendation(g, "Northshire 9.9")


def test_canonical_name_wins_over_another_organisations_alias() -> None:
    south = southvale_plan()
    # an invented partnership that one document also calls by the CCG's name
    south.organisations.append(
        org("Southvale Care Partnership", "other", "Southvale Clinical Commissioning Group")
    )
    g = build_graph([stored(northshire_plan()), stored(south)])
    ccg = "Organisation:southvale-clinical-commissioning-group"
    assert g.nodes["Organisation:southvale-care-partnership"]["aliases"] == [
        "Southvale Clinical Commissioning Group"
    ]
    assert resolve_organisation(g, "Southvale Clinical Commissioning Group") == ccg
    assert resolve_organisation(g, "southvale clinical commissioning group") == ccg


@pytest.mark.parametrize(
    ("resolver", "node"),
    [
        (resolve_organisation, "Organisation:northshire-hospitals-nhs-trust"),
        (resolve_theme, "Theme:training"),
        (resolve_area, "Area:southvale"),
        (resolve_review, "Review:northshire:2019-03"),
        (resolve_recommendation, "Recommendation:northshire-2019-03:1-2"),
    ],
)
def test_every_resolver_accepts_a_node_id(resolver, node: str) -> None:  # type: ignore[no-untyped-def]
    assert resolver(small_graph(), node) == node


def test_profile_by_node_id_equals_profile_by_name() -> None:
    g = small_graph()
    by_id = organisation_profile(g, "Organisation:northshire-hospitals-nhs-trust")
    assert by_id == organisation_profile(g, "NHT")
    assert by_id.name == "Northshire Hospitals NHS Trust"
    with pytest.raises(UnknownName):
        organisation_profile(g, "Theme:training")  # an id of another kind is not an organisation
