"""Shared accountability: jointly owned recommendations, one organisation's load, the real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_support import corpus_graph, gold_graph, gold_shared_recommendations, small_graph

from graph.queries import UnknownName, organisation_profile, shared_accountability


def test_recommendations_with_two_or_more_owners() -> None:
    found = shared_accountability(small_graph())
    assert [(r.area, r.recommendation) for r in found] == [
        ("Northshire", "1.1"),
        ("Northshire", "1.2"),
        ("Southvale", "3.1"),
    ]
    joint = found[1]
    assert joint.organisations == (
        "Northshire Clinical Commissioning Group",
        "Northshire Hospitals NHS Trust",
    )
    assert joint.collectives == ("every village surgery",)
    (action,) = joint.actions
    assert (action.lead, action.led_by, action.timescale) == (
        "NHT",
        ("Northshire Hospitals NHS Trust",),
        "2019-09",
    )
    assert action.sources[0]["file"] == "north_plan.txt" and action.sources[0]["location"] == {"line": 21}


def test_one_organisation_alone_and_jointly_and_filters() -> None:
    g = small_graph()
    assert [r.recommendation for r in shared_accountability(g, org="NCCG")] == ["1.1", "1.2", "2.1"]
    assert [r.recommendation for r in shared_accountability(g, org="NCCG", min_orgs=3)] == ["1.2"]
    assert [r.recommendation for r in shared_accountability(g, area="Southvale")] == ["3.1"]
    assert shared_accountability(g, min_orgs=4) == []
    json_form = shared_accountability(g, org="NCCG")[2].to_json()
    assert {"area", "recommendation", "text", "organisations"} <= set(json_form)
    assert json_form["organisations"] == ["Northshire Clinical Commissioning Group"]


def test_unknown_organisation_or_area() -> None:
    with pytest.raises(UnknownName, match="Close matches: Northshire Clinical Commissioning Group"):
        shared_accountability(small_graph(), org="Northshire Clinical Comissioning Grp")
    with pytest.raises(UnknownName, match="area"):
        shared_accountability(small_graph(), area="Atlantis")


def test_profile_splits_alone_and_joint_with_co_owners() -> None:
    profile = organisation_profile(small_graph(), "Northshire CCG")
    assert [r.recommendation for r in profile.accountable_alone] == ["2.1"]
    assert [r.recommendation for r in profile.accountable_jointly] == ["1.1", "1.2"]
    assert profile.co_owners == {"Northshire Hospitals NHS Trust": 2, "every village surgery": 1}
    assert profile.assurance_bodies == ("Quality Panel",)
    assert any(g.kind == "recommendation without action" and g.recommendation == "2.1" for g in profile.gaps)
    provider = organisation_profile(small_graph(), "NHT")
    assert provider.commissioned_by == ("Northshire County Council",)
    assert [a.text for a in provider.actions] == ["Audit a sample of bruising referrals"]


def test_action_on_a_recommendation_addressed_to_one_organisation_is_its_own() -> None:
    from graph_support import action, northshire_plan, stored

    from graph.build import build_graph
    from graph.queries import gaps

    plan = northshire_plan()
    plan.recommendations[2].actions = [action("Write the yearly report", line=31)]
    g = build_graph([stored(plan)])
    profile = organisation_profile(g, "NCCG")
    assert [a.text for a in profile.actions] == ["Write the yearly report"]
    assert not [
        i for i in gaps(g).items if i.kind == "organisation without own action" and i.text == profile.name
    ]


def lancashire_shared(g) -> dict[str, int]:
    return {r.recommendation: len(r.owners) for r in shared_accountability(g, area="Lancashire")}


def test_gold_lancashire_shared_recommendations(gold_dir: Path) -> None:
    expected = gold_shared_recommendations(gold_dir, "Lancashire")
    assert len(expected) > 20
    assert lancashire_shared(gold_graph(gold_dir)) == expected


def test_corpus_lancashire_shared_recommendations(corpus_dir: Path, gold_dir: Path) -> None:
    assert lancashire_shared(corpus_graph(corpus_dir)) == gold_shared_recommendations(gold_dir, "Lancashire")


def test_corpus_shared_recommendation_carries_both_documents_actions(corpus_dir: Path) -> None:
    # 16.1 is in both Lancashire plans: the council's actions and the NHS actions meet on one node
    (rec,) = [
        r
        for r in shared_accountability(corpus_graph(corpus_dir), area="Lancashire")
        if r.recommendation == "16.1"
    ]
    assert len({s["document"] for a in rec.actions for s in a.sources}) == 2
