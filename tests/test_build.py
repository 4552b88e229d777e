"""build_graph: vocabulary, provenance, determinism, and the facts of small and real documents."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from graph_support import (
    action,
    commission,
    corpus_documents,
    gold_documents,
    gold_json,
    northshire_plan,
    rec,
    small_graph,
    southvale_plan,
    stored,
)

from graph.build import build_graph
from graph.model import EdgeType, NodeType, node_id
from loaders.records import Extraction, RoleRecord


def snapshot(g: nx.MultiDiGraph) -> tuple[list, list]:
    return list(g.nodes(data=True)), list(g.edges(keys=True, data=True))


def edges_of(g: nx.MultiDiGraph, u: str, edge_type: EdgeType) -> list[str]:
    return [v for _, v, k in g.out_edges(u, keys=True) if k == edge_type.value]


def test_only_model_vocabulary_is_emitted() -> None:
    g = small_graph()
    assert {d["type"] for _, d in g.nodes(data=True)} <= {t.value for t in NodeType}
    for _, _, key, data in g.edges(keys=True, data=True):
        assert key in {t.value for t in EdgeType}
        assert data["type"] == key


def test_every_node_and_edge_has_provenance() -> None:
    g = small_graph()
    items = [d for _, d in g.nodes(data=True)] + [d for _, _, d in g.edges(data=True)]
    for data in items:
        assert data["source"], data
        for source in data["source"]:
            assert set(source) == {"document", "file", "location"}
            assert source["file"] in {"north_plan.txt", "south_plan.txt"}
    action = g.nodes[node_id(NodeType.ACTION, "north_plan.txt", "recommendation-1.1-1")]
    assert action["source"][0]["location"] == {"line": 11}


def test_same_documents_give_identical_graph_in_any_input_order() -> None:
    docs = [stored(northshire_plan()), stored(southvale_plan())]
    first, second = build_graph(docs), build_graph(list(reversed(docs)))
    assert snapshot(first) == snapshot(second)


def test_shared_recommendation_addressees_collective_and_actions() -> None:
    g = small_graph()
    rec = node_id(NodeType.RECOMMENDATION, "northshire:2019-03", "1.2")
    assert g.nodes[rec]["text"].startswith("Check that toddler")
    addressees = edges_of(g, rec, EdgeType.ADDRESSED_TO)
    assert addressees == [
        "Organisation:northshire-clinical-commissioning-group",
        "Organisation:northshire-hospitals-nhs-trust",
        "CollectiveAddressee:northshire:every-village-surgery",
    ]
    assert edges_of(g, rec, EdgeType.MADE_BY) == ["Review:northshire:2019-03"]
    assert edges_of(g, rec, EdgeType.REFERS_TO) == [
        node_id(NodeType.RECOMMENDATION, "northshire:2019-03", "1.1")
    ]
    (act,) = edges_of(g, rec, EdgeType.ADDRESSED_BY_ACTION)
    # the lead cell holds only an initialism: it resolves to the organisation, not a role
    assert edges_of(g, act, EdgeType.LED_BY) == ["Organisation:northshire-hospitals-nhs-trust"]


def test_action_lead_responsible_assurance_and_theme_evidence() -> None:
    g = small_graph()
    act = node_id(NodeType.ACTION, "north_plan.txt", "recommendation-1.1-1")
    data = g.nodes[act]
    assert (data["timescale"], data["timescale_kind"], data["status"]) == ("2020-03", "agreed", "completed")
    assert edges_of(g, act, EdgeType.LED_BY) == ["Role:northshire:lead-midwife"]
    assert edges_of(g, act, EdgeType.RESPONSIBLE_OFFICER) == ["Role:northshire:chief-executive"]
    assert edges_of(g, act, EdgeType.ASSURED_BY) == ["AssuranceBody:northshire:quality-panel"]
    rec = node_id(NodeType.RECOMMENDATION, "northshire:2019-03", "1.1")
    assert g.edges[rec, "Theme:training", "hasTheme"]["evidence"] == ["learns"]


def test_assurance_item_names_a_body_by_whole_words_or_most_of_its_name() -> None:
    plan = northshire_plan()
    plan.assurance_bodies = [
        "Northshire Audit Forum",
        "Northshire Audit Forums",
        "Bruising sub group NSCB",
        "NSCB",
    ]
    plan.recommendations[0].actions[0].assurance = ["audit forums", "NSCB", "panel"]
    g = build_graph([stored(plan)])
    act = node_id(NodeType.ACTION, "north_plan.txt", "recommendation-1.1-1")
    assert edges_of(g, act, EdgeType.ASSURED_BY) == [
        "AssuranceBody:northshire:northshire-audit-forum",
        "AssuranceBody:northshire:nscb",
    ]
    sub_group = "AssuranceBody:northshire:bruising-sub-group-nscb"
    assert edges_of(g, sub_group, EdgeType.PART_OF) == ["Organisation:northshire-safeguarding-children-board"]


def test_assurance_bodies_monitor_the_review_and_boards_belong_to_organisations() -> None:
    g = small_graph()
    board = "AssuranceBody:northshire:northshire-safeguarding-children-board"
    assert edges_of(g, board, EdgeType.MONITORS) == ["Review:northshire:2019-03"]
    assert edges_of(g, board, EdgeType.PART_OF) == ["Organisation:northshire-safeguarding-children-board"]
    assert edges_of(g, "Organisation:northshire-county-council", EdgeType.COMMISSIONS) == [
        "Organisation:northshire-hospitals-nhs-trust"
    ]


def test_commissioner_named_by_a_post_is_its_organisation() -> None:
    plan = northshire_plan()
    plan.roles.append(RoleRecord(title="Director of Health Improvement", organisation="NCC"))
    plan.commissions = [
        commission("Director of Health Improvement", "NHT", "NHT", post=True),
        commission("Director of Health Improvement", "pupil wellbeing checks", post=True),
        commission("Nobody Named", "NHT", "NHT", post=True),
    ]
    g = build_graph([stored(plan)])
    council = "Organisation:northshire-county-council"
    assert edges_of(g, council, EdgeType.COMMISSIONS) == ["Organisation:northshire-hospitals-nhs-trust"]
    assert g.nodes[council]["commissions_services"] == ["pupil wellbeing checks"]


def test_addressee_missing_from_the_organisation_list_is_still_an_organisation() -> None:
    plan = northshire_plan()
    plan.recommendations[2].addressed_to += ["Riverside Outreach", "all village pharmacies"]
    g = build_graph([stored(plan)])
    rec = node_id(NodeType.RECOMMENDATION, "northshire:2019-03", "2.1")
    assert edges_of(g, rec, EdgeType.ADDRESSED_TO) == [
        "Organisation:northshire-clinical-commissioning-group",
        "Organisation:riverside-outreach",
        "CollectiveAddressee:northshire:all-village-pharmacies",
    ]
    assert g.nodes["Organisation:riverside-outreach"]["org_type"] == "other"


def test_finding_concerns_its_organisation() -> None:
    g = small_graph()
    (finding,) = [n for n, d in g.nodes(data=True) if d["type"] == "Finding"]
    assert edges_of(g, finding, EdgeType.CONCERNS) == ["Organisation:southvale-community-nhs-trust"]
    assert edges_of(g, finding, EdgeType.MADE_BY) == ["Review:southvale:2020-01"]


def test_unresolved_cross_reference_is_kept_not_invented() -> None:
    plan = northshire_plan()
    plan.recommendations[2].cross_refs = ["9.9"]
    g = build_graph([stored(plan)])
    rec = node_id(NodeType.RECOMMENDATION, "northshire:2019-03", "2.1")
    assert edges_of(g, rec, EdgeType.REFERS_TO) == []
    assert g.nodes[rec]["unresolved_refs"] == ["9.9"]


def test_two_documents_of_one_review_share_the_recommendation_node() -> None:
    later = northshire_plan()
    later.file = "north_council_plan.txt"
    later.review.fieldwork = None
    later.review.published = None
    later.recommendations = [later.recommendations[0].model_copy(update={"id": "1", "text": "Other words"})]
    g = build_graph([stored(northshire_plan()), stored(later)])
    rec = node_id(NodeType.RECOMMENDATION, "northshire:2019-03", "1.1")
    data = g.nodes[rec]
    assert data["ids_as_written"] == ["1.1"] and len(data["wordings"]) == 1  # 1.2 also exists: no merge
    bare = node_id(NodeType.RECOMMENDATION, "northshire:2019-03", "1")
    assert g.nodes[bare]["review"] == "Review:northshire:2019-03"
    assert next(d for _, d in g.nodes(data=True) if d["type"] == "Review")["documents"] == [
        "north_council_plan.txt",
        "north_plan.txt",
    ]


# ------------------------------------------------------------------------------ real corpus


def lancashire_checks(g: nx.MultiDiGraph, gold: list[dict]) -> None:
    reviews = [d for _, d in g.nodes(data=True) if d["type"] == "Review"]
    assert sorted(d["area"] for d in reviews) == sorted({f["area"] for f in gold})
    (lancs,) = [d for d in reviews if d["area"] == "Lancashire"]
    assert len(lancs["documents"]) == 2
    ids = Counter()
    for f in gold:
        if f["area"] == "Lancashire":
            ids.update({r["id"] for r in f["recommendations"]})
    recs = {
        d["recommendation"]: (n, d)
        for n, d in g.nodes(data=True)
        if d["type"] == "Recommendation" and d["area"] == "Lancashire"
    }
    both = {rid for rid, count in ids.items() if count == 2}
    assert both  # the gold says these ids are in both files
    for rid in both:
        nid, data = recs[rid]
        assert len({s["document"] for s in data["source"]}) == 2, rid
        action_docs = {g.nodes[a]["document"] for a in edges_of(g, nid, EdgeType.ADDRESSED_BY_ACTION)}
        assert len(action_docs) == 2, rid
    # "27" in the council plan and "27.1" in the NHS plan are one recommendation
    assert recs["27.1"][1]["ids_as_written"] == ["27", "27.1"]
    assert "27" not in recs


def test_gold_extractions_build_the_expected_graph(gold_dir: Path) -> None:
    g = build_graph(gold_documents(gold_dir))
    lancashire_checks(g, gold_json(gold_dir))
    commissioner = "Organisation:nhs-east-lancashire-clinical-commissioning-group"
    provider = "Organisation:east-lancashire-hospitals-nhs-trust"
    assert commissioner in g and provider in g


def test_corpus_extractions_build_the_expected_graph(corpus_dir: Path, gold_dir: Path) -> None:
    g = build_graph(corpus_documents(corpus_dir))
    lancashire_checks(g, gold_json(gold_dir))


@pytest.mark.parametrize("source", ["gold", "corpus"])
def test_real_build_is_deterministic(source: str, corpus_dir: Path, gold_dir: Path) -> None:
    docs = gold_documents(gold_dir) if source == "gold" else corpus_documents(corpus_dir)
    assert snapshot(build_graph(docs)) == snapshot(build_graph(reversed(docs)))


_FINGERPRINT = """
import hashlib, json, sys
from pathlib import Path
sys.path.insert(0, "tests")
from graph_support import gold_graph
from graph.queries import co_accountability, path_between, similar_items
g = gold_graph(Path(sys.argv[1]))
facts = [list(g.nodes(data=True)), list(g.edges(keys=True, data=True)), co_accountability(g).to_json(),
         [c.to_json() for c in similar_items(g)], [h.to_json() for h in path_between(g, "GMW", "LCC")]]
print(hashlib.sha1(json.dumps(facts, default=str).encode()).hexdigest())
"""


def test_graph_and_answers_do_not_depend_on_the_interpreters_hash_seed(gold_dir: Path) -> None:
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    prints = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _FINGERPRINT, str(gold_dir)],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        prints.add(done.stdout.strip())
    assert len(prints) == 1 and len(next(iter(prints))) == 40


# ------------------------------------------------------------------- recommendations without a number


def unnumbered_plans() -> list[Extraction]:
    """Two invented documents of one review whose recommendations carry no number."""
    first = northshire_plan()
    first.file = "north_tracker.csv"
    first.recommendations = [
        rec(
            "",
            "Give every foster carer a named health contact",
            line=2,
            actions=[action("Name them", line=2)],
        ),
        rec(
            "",
            "Keep dental check dates in the child's record",
            line=3,
            actions=[action("Add a field", line=3)],
        ),
        rec(
            "",
            "Ask older children what they think of their health plan",
            line=4,
            outcomes=["Children feel heard"],
            actions=[action("Write a short survey", line=4), action("Share what they say", line=5)],
        ),
        rec(
            "",
            "Send health plans to the new area when a child moves",
            line=6,
            actions=[action("Post them", line=6)],
        ),
    ]
    second = northshire_plan()
    second.file = "north_council_tracker.csv"
    second.recommendations = [
        rec(
            "",
            "Give every foster carer a named health contact",
            line=2,
            actions=[action("Name them", line=2)],
        ),
        rec("", "Train social workers to read health plans", line=3),
    ]
    return [first, second]


def test_unnumbered_recommendations_are_one_node_each_and_keep_all_their_actions() -> None:
    g = build_graph([stored(p) for p in unnumbered_plans()])
    recs = [n for n, d in g.nodes(data=True) if d["type"] == NodeType.RECOMMENDATION.value]
    # the same words in two documents are still two recommendations: nothing ties them
    assert len(recs) == 6
    assert len({g.nodes[r]["source"][0]["document"] for r in recs}) == 2
    actions = [n for n, d in g.nodes(data=True) if d["type"] == NodeType.ACTION.value]
    assert len(actions) == 6
    assert sum(len(edges_of(g, r, EdgeType.ADDRESSED_BY_ACTION)) for r in recs) == 6
    survey = node_id(NodeType.RECOMMENDATION, "northshire:2019-03", "north_tracker.csv@line 4")
    assert [g.nodes[a]["text"] for a in edges_of(g, survey, EdgeType.ADDRESSED_BY_ACTION)] == [
        "Write a short survey",
        "Share what they say",
    ]
    assert [g.nodes[o]["text"] for o in edges_of(g, survey, EdgeType.HAS_OUTCOME)] == ["Children feel heard"]
    data = g.nodes[survey]
    assert data["label"] == "Ask older children what they think of their health plan"
    assert (data["recommendation"], data["ids_as_written"]) == ("", [])


def test_unnumbered_recommendation_ids_are_the_same_in_every_build() -> None:
    first = build_graph([stored(p) for p in unnumbered_plans()])
    second = build_graph([stored(p) for p in reversed(unnumbered_plans())])
    assert snapshot(first) == snapshot(second)


def test_unnumbered_recommendations_at_one_place_are_told_apart_by_order() -> None:
    plan = northshire_plan()
    plan.recommendations = [
        rec("", "Meet every month"),
        rec("", "Write minutes"),
        rec("2.1", "Report yearly"),
    ]
    g = build_graph([stored(plan)])
    labels = sorted(d["label"] for _, d in g.nodes(data=True) if d["type"] == NodeType.RECOMMENDATION.value)
    assert labels == ["2.1", "Meet every month", "Write minutes"]
    assert node_id(NodeType.RECOMMENDATION, "northshire:2019-03", "2.1") in g


def test_tracker_without_a_ref_column_gives_one_recommendation_per_row(tmp_path: Path) -> None:
    from loaders.extract import extract_file

    rows = [
        ("The surgery should list every child in care it sees", "Start a list", "Practice Manager"),
        ("The surgery should ask carers about consent", "Add a consent question", "Practice Nurse"),
        ("The surgery should note what the child said", "Add a prompt to notes", "Practice Manager"),
        ("The surgery should send letters on within a week", "Check the post tray daily", "Practice Nurse"),
        ("The surgery should flag missed appointments", "Run a monthly report", "Practice Manager"),
    ]
    tracker = tmp_path / "surgery_tracker.csv"
    lines = ["Recommendation,Action,Lead"] + [",".join(f'"{cell}"' for cell in row) for row in rows]
    tracker.write_text("\n".join(lines) + "\n", encoding="utf-8")
    extraction = extract_file(tracker)
    assert [r.id for r in extraction.recommendations] == [""] * 5
    g = build_graph([stored(extraction, hand_written=False)])
    recs = [d for _, d in g.nodes(data=True) if d["type"] == NodeType.RECOMMENDATION.value]
    assert sorted(d["label"] for d in recs) == sorted(row[0] for row in rows)
    actions = [d["text"] for _, d in g.nodes(data=True) if d["type"] == NodeType.ACTION.value]
    assert sorted(actions) == sorted(row[1] for row in rows)
