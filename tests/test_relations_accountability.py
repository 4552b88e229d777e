"""'leads' and 'accountable to' stated in prose, read from the sentence's grammar: each relation in
at least five phrasings (all invented here) giving the same edge, and sentences that look alike
but state neither."""

from __future__ import annotations

import pytest
from graph_support import stored

from graph.build import build_graph
from graph.model import EdgeType, NodeType, node_id
from loaders.accountability import accountable, leads
from loaders.blocks import DocumentBlocks, Location, Paragraph
from loaders.extract import extract_blocks
from loaders.organisations import OrganisationResolver
from loaders.records import Reference, StatedRelation

SETTING = (
    "The CQC review of health services in Eastvale took place in March 2016.",
    "Eastvale County Council and Eastvale Hospitals NHS Trust agreed the plan.",
)
COUNCIL = Reference(kind="organisation", name="Eastvale County Council")
TRUST = Reference(kind="organisation", name="Eastvale Hospitals NHS Trust")


def blocks(*lines: str) -> DocumentBlocks:
    texts = [*SETTING, *lines]
    return DocumentBlocks(
        "note.txt", "text", [Paragraph(t, Location(line=n)) for n, t in enumerate(texts, 1)]
    )


def read(sentence: str) -> tuple[list[Reference], list[StatedRelation]]:
    orgs = OrganisationResolver.for_document(blocks(sentence))
    return leads([sentence], orgs), accountable([sentence], orgs)


LEADS = [
    ("Eastvale County Council leads the work to improve health assessments.", COUNCIL),
    ("The improvement work is led by Eastvale County Council.", COUNCIL),
    ("Eastvale County Council will lead on the delivery of every action.", COUNCIL),
    ("Eastvale County Council is the lead agency for this plan.", COUNCIL),
    ("Leadership of the programme rests with Eastvale County Council.", COUNCIL),
    ("The partners agreed the actions, with Eastvale County Council taking the lead.", COUNCIL),
    ("Eastvale County Council has taken the lead for the partnership response.", COUNCIL),
    ("The response proceeds under the leadership of Eastvale County Council.", COUNCIL),
    (
        "The Designated Nurse is leading the implementation of the plan.",
        Reference(kind="role", name="Designated Nurse"),
    ),
    (
        "Delivery is coordinated by the Children's Health Improvement Group.",
        Reference(kind="body", name="Children's Health Improvement Group"),
    ),
]


@pytest.mark.parametrize(("sentence", "party"), LEADS)
def test_every_phrasing_of_leads_gives_the_one_leader(sentence: str, party: Reference) -> None:
    found, _ = read(sentence)
    assert found == [party]


ACCOUNTABLE = [
    "Eastvale Hospitals NHS Trust is accountable to Eastvale County Council for this work.",
    "Eastvale Hospitals NHS Trust remains directly accountable to Eastvale County Council.",
    "Eastvale Hospitals NHS Trust answers to Eastvale County Council on safeguarding.",
    "Eastvale Hospitals NHS Trust is answerable to Eastvale County Council.",
    "Eastvale Hospitals NHS Trust is held to account by Eastvale County Council.",
    "Eastvale County Council holds Eastvale Hospitals NHS Trust to account for delivery.",
    "Eastvale Hospitals NHS Trust, which is responsible to Eastvale County Council, runs the clinics.",
    "Eastvale Hospitals NHS Trust reports to Eastvale County Council every quarter.",
]


@pytest.mark.parametrize("sentence", ACCOUNTABLE)
def test_every_phrasing_of_accountable_to_gives_the_one_pair(sentence: str) -> None:
    _, found = read(sentence)
    assert found == [StatedRelation(subject=TRUST, object=COUNCIL)]


def test_joint_leaders_are_each_a_leader() -> None:
    for sentence in (
        "Eastvale County Council and Eastvale Hospitals NHS Trust lead the work together.",
        "Eastvale County Council in partnership with Eastvale Hospitals NHS Trust took the lead.",
    ):
        assert read(sentence)[0] == [COUNCIL, TRUST], sentence


def test_posts_and_bodies_are_parties_too() -> None:
    _, found = read("The Named Nurse is accountable to the Chief Nurse and the Quality Committee.")
    assert found == [
        StatedRelation(
            subject=Reference(kind="role", name="Named Nurse"),
            object=Reference(kind="role", name="Chief Nurse"),
        ),
        StatedRelation(
            subject=Reference(kind="role", name="Named Nurse"),
            object=Reference(kind="body", name="Quality Committee"),
        ),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The lead for safeguarding training attended the meeting.",
        "Eastvale County Council lead officers met in May.",
        "Progress reports to the board were delayed.",
        "Lead: Designated Nurse",
        "Failures led to delays in the referrals.",
        "Staff are accountable for their own practice.",
        "The plan was agreed by all partners.",
    ],
)
def test_sentences_that_look_alike_state_no_relation(sentence: str) -> None:
    assert read(sentence) == ([], [])


def test_stated_relations_become_edges_of_the_graph() -> None:
    doc = blocks(
        "The improvement work is led by Eastvale County Council.",
        "Eastvale Hospitals NHS Trust is answerable to Eastvale County Council.",
    )
    extraction = extract_blocks(doc)
    g = build_graph([stored(extraction, hand_written=False)])
    council = node_id(NodeType.ORGANISATION, "Eastvale County Council")
    trust = node_id(NodeType.ORGANISATION, "Eastvale Hospitals NHS Trust")
    review = next(v for _, v, k in g.out_edges(council, keys=True) if k == EdgeType.LEADS.value)
    assert g.nodes[review]["type"] == NodeType.REVIEW.value
    assert g.has_edge(trust, council, EdgeType.ACCOUNTABLE_TO.value)
    assert g.edges[trust, council, EdgeType.ACCOUNTABLE_TO.value]["source"][0]["document"] == "note.txt"
