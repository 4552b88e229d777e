"""Places and bodies stay apart: a place is never recorded as a form of an organisation, so a
board or a sentence named after the place is not made part of a body named after it."""

from __future__ import annotations

import pytest
from graph_support import stored

from graph.build import build_graph
from graph.model import EdgeType
from loaders.blocks import DocumentBlocks, Location, Paragraph
from loaders.extract import extract_blocks
from loaders.records import Extraction

# the reviewed area and a neighbour: real places of the registry, and the same renamed
PLACES = [("Leicester City", "West Leicestershire"), ("Dunmore City", "Fenwick Vale")]


def paper(city: str, neighbour: str) -> Extraction:
    lines = [
        f"The CQC review of health services for looked after children and safeguarding in {city} took place"
        " in February 2016.",
        f"The two CCGs ({city}, {neighbour}) agreed to pay for extra initial health assessments.",
        f"Progress against the action plan is reported to the {city} Children Improvement Board.",
        f"Waiting times for children in {city} have fallen.",
    ]
    blocks = [Paragraph(line, Location(line=n)) for n, line in enumerate(lines, 1)]
    return extract_blocks(DocumentBlocks("paper.txt", "text", blocks))


@pytest.mark.parametrize(("city", "neighbour"), PLACES)
def test_a_ccg_listed_by_its_place_is_named_but_the_place_is_not_its_form(city: str, neighbour: str) -> None:
    extraction = paper(city, neighbour)
    ccgs = [o for o in extraction.organisations if o.type == "CCG"]
    assert len(ccgs) == 2
    assert [o.canonical.removeprefix("NHS ").startswith((city, neighbour)) for o in ccgs] == [True, True]
    forms = {form for o in extraction.organisations for form in o.aliases_in_text}
    assert not forms & {city, neighbour}
    # each still says where the document first named it
    assert all(o.location.line == 2 for o in ccgs)


@pytest.mark.parametrize(("city", "neighbour"), PLACES)
def test_a_board_named_after_the_place_is_not_part_of_the_ccg(city: str, neighbour: str) -> None:
    extraction = paper(city, neighbour)
    board = f"{city} Children Improvement Board"
    assert board in extraction.assurance_bodies
    assert board not in extraction.assurance_body_organisations
    graph = build_graph([stored(extraction, hand_written=False)])
    part_of = [
        (u, v) for u, v, kind in graph.edges(keys=True)
        if kind == EdgeType.PART_OF.value and graph.nodes[u].get("label") == board
    ]  # fmt: skip
    assert part_of == []


def test_a_body_named_with_its_kind_word_keeps_that_form() -> None:
    """Only the bare place is left out: "NHS Fenwick Vale" and "Fenwick Vale CCG" are names."""
    lines = [
        "The review of health services in Dunmore City took place in 2016.",
        "NHS Dunmore City, NHS Fenwick Vale and NHS Oakmere CCGs signed the plan.",
        "Fenwick Vale CCG chairs the group.",
    ]
    blocks = [Paragraph(line, Location(line=n)) for n, line in enumerate(lines, 1)]
    extraction = extract_blocks(DocumentBlocks("paper.txt", "text", blocks))
    forms = {o.canonical: o.aliases_in_text for o in extraction.organisations if o.type == "CCG"}
    fenwick = next(f for name, f in forms.items() if "Fenwick" in name)
    assert {"NHS Fenwick Vale", "Fenwick Vale CCG"} <= set(fenwick)
    assert len(forms) == 3
