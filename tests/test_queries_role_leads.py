"""Actions led through an organisation's roles: inferred only for a recommendation's sole addressee."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from fastapi.testclient import TestClient
from graph_support import action, corpus_graph, hand_written, northshire_plan, rec, small_graph, stored

from api.app import create_app
from graph.build import build_graph
from graph.model import EdgeType, NodeType, node_id
from graph.queries import organisation_profile, shared_accountability
from graph.store import Store
from loaders.records import Extraction, ReviewRecord, RoleRecord

CCG = node_id(NodeType.ORGANISATION, "Northshire Clinical Commissioning Group")
TRUST = node_id(NodeType.ORGANISATION, "Northshire Hospitals NHS Trust")
SHARED_MIDWIFE = node_id(NodeType.ROLE, "Northshire", "Lead Midwife")
CCG_MIDWIFE = node_id(NodeType.ROLE, "Northshire", "Northshire Clinical Commissioning Group", "Lead Midwife")


@hand_written
def plan_with_sole_addressee_row() -> Extraction:
    """Recommendation 2.1 is addressed to the CCG alone; its row names roles but no organisation."""
    plan = northshire_plan()
    plan.recommendations[2].actions = [
        action("Draft the yearly report", line=31, lead="Lead Midwife", responsible="Chief Executive")
    ]
    return plan


def inferred_edges(g: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    return [(u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if d.get("inferred")]


def test_role_on_a_sole_addressees_row_becomes_that_organisations_post() -> None:
    g = build_graph([stored(plan_with_sole_addressee_row())])
    row = node_id(NodeType.ACTION, "north_plan.txt", "recommendation-2.1-1")
    assert [v for _, v, k in g.out_edges(row, keys=True) if k == EdgeType.LED_BY.value] == [CCG_MIDWIFE]
    assert g.edges[row, CCG_MIDWIFE, EdgeType.LED_BY.value]["inferred"] == [
        "sole addressee of recommendation 2.1"
    ]
    part_of = g.edges[CCG_MIDWIFE, CCG, EdgeType.PART_OF.value]
    assert part_of["inferred"] is True and part_of["reasons"] == ["sole addressee of recommendation 2.1"]
    assert part_of["source"][0]["location"] == {"line": 31}
    # the same title on recommendation 1.1 (two addressees) stays the area's shared, unplaced role
    first_row = node_id(NodeType.ACTION, "north_plan.txt", "recommendation-1.1-1")
    assert g.has_edge(first_row, SHARED_MIDWIFE, EdgeType.LED_BY.value)
    assert not [k for _, _, k in g.out_edges(SHARED_MIDWIFE, keys=True) if k == EdgeType.PART_OF.value]
    chief = node_id(NodeType.ROLE, "Northshire", "Northshire Clinical Commissioning Group", "Chief Executive")
    assert g.has_edge(row, chief, EdgeType.RESPONSIBLE_OFFICER.value) and g.has_edge(chief, CCG, "partOf")


def test_profile_counts_actions_led_through_its_roles_and_says_they_are_inferred() -> None:
    g = build_graph([stored(plan_with_sole_addressee_row())])
    ccg = organisation_profile(g, "NCCG")
    assert [a.text for a in ccg.actions_led] == ["Draft the yearly report"]
    assert (ccg.actions_led_through_roles, ccg.actions_led_inferred) == (1, 1)
    (lead,) = ccg.actions_led[0].lead_organisations
    assert (lead.organisation, lead.through_role) == (
        "Northshire Clinical Commissioning Group",
        "Lead Midwife",
    )
    assert lead.describe().endswith("(inferred: sole addressee of recommendation 2.1)")
    # the trust leads its action by being named, not through a role
    trust = organisation_profile(g, "NHT")
    assert [a.text for a in trust.actions_led] == ["Audit a sample of bruising referrals"]
    assert trust.actions_led_through_roles == 0
    (joint,) = [r for r in shared_accountability(g, org="NCCG") if r.recommendation == "1.1"]
    assert joint.actions[0].lead_organisations == ()  # several addressees: whose midwife is unknown


def test_nothing_is_inferred_when_a_recommendation_has_several_addressees() -> None:
    g = small_graph()
    assert inferred_edges(g) == []
    assert organisation_profile(g, "NCCG").actions_led == ()


def test_another_document_adding_an_addressee_prevents_the_inference() -> None:
    other = Extraction(
        file="north_minutes.txt",
        area="Northshire",
        review=ReviewRecord(fieldwork="2019-03"),
        recommendations=[rec("2.1", None, "Northshire Hospitals NHS Trust", line=3)],
    )
    g = build_graph([stored(plan_with_sole_addressee_row()), stored(other)])
    assert inferred_edges(g) == []


def test_a_role_the_text_places_in_an_organisation_is_not_moved() -> None:
    plan = plan_with_sole_addressee_row()
    plan.roles = [RoleRecord(title="Lead Midwife", organisation="Northshire Hospitals NHS Trust")]
    g = build_graph([stored(plan)])
    row = node_id(NodeType.ACTION, "north_plan.txt", "recommendation-2.1-1")
    assert g.has_edge(row, SHARED_MIDWIFE, EdgeType.LED_BY.value)
    assert [u for u, _, k in inferred_edges(g) if k == EdgeType.LED_BY.value] == []
    assert [a.text for a in organisation_profile(g, "NHT").actions_led] == [
        "Run bruising workshops for ward nurses",
        "Audit a sample of bruising referrals",
        "Draft the yearly report",
    ]


def test_pages_label_actions_led_through_roles(tmp_path: Path) -> None:
    db = tmp_path / "roles.db"
    with Store(db) as store:
        store.put("north_plan.txt", b"north plan", plan_with_sole_addressee_row())
    with TestClient(create_app(db), base_url="http://localhost") as client:
        listing = client.get("/pages/organisations").text
        page = client.get("/pages/organisations/NCCG").text
        summary = client.get("/organisations").json()["items"]
    assert "Actions led (through its roles)" in listing and "1 (1 through its roles)" in listing
    assert "led through its Lead Midwife" in page
    assert "inferred, not stated: sole addressee of recommendation 2.1" in page
    (ccg,) = [o for o in summary if o["id"] == CCG.split(":", 1)[1]]
    assert (ccg["actions_led"], ccg["actions_led_through_roles"]) == (1, 1)


def test_corpus_lancashire_care_leads_its_own_recommendations_actions(corpus_dir: Path) -> None:
    g = corpus_graph(corpus_dir)
    profile = organisation_profile(g, "Lancashire Care NHS Foundation Trust")
    assert profile.actions_led and profile.actions_led_inferred == len(profile.actions_led)
    reasons = {r for a in profile.actions_led for lead in a.lead_organisations for r in lead.inferred}
    assert reasons and all(r.startswith("sole addressee of recommendation 22.") for r in reasons)
    # every inference on the corpus rests on a recommendation with exactly one addressee
    for u, v, key in inferred_edges(g):
        if key == EdgeType.PART_OF.value:
            continue
        (owner,) = [r for r, _, k in g.in_edges(u, keys=True) if k == EdgeType.ADDRESSED_BY_ACTION.value]
        addressed = [t for _, t, k in g.out_edges(owner, keys=True) if k == EdgeType.ADDRESSED_TO.value]
        assert len(addressed) == 1 and g.has_edge(v, addressed[0], EdgeType.PART_OF.value)
