"""Columns placed by what their cells hold when the header is unknown or missing."""

from __future__ import annotations

import pytest

from loaders.column_content import content_role
from loaders.extract import extract_blocks
from loaders.text_reader import read_text


@pytest.mark.parametrize(
    ("cells", "role"),
    [
        (["Mar-21", "30/06/2021", "Qtr 3 2021/22", ""], "timescale"),
        (["Amber", "G", "Red"], "rag"),
        (["Completed", "On track", "Delayed"], "status"),
        (
            ["2.1 Make sure every child has a dentist", "2.2 Publish the annual health report"],
            "recommendation",
        ),
        (["Head of Safeguarding", "Designated Nurse", "Service manager"], "lead"),
        (["Quality Committee", "Safeguarding Partnership Board", "Contract review meeting"], "assurance"),
        (["X1", "X2", "X3"], None),
        (["The service was visited twice and the staff spoke warmly of it."] * 3, None),
    ],
)
def test_a_column_reads_as_what_most_of_its_cells_hold(cells: list[str], role: str | None) -> None:
    assert content_role(cells, [None] * len(cells)) == role


def test_fill_colours_alone_make_a_rating_column() -> None:
    assert content_role(["", "", ""], ["FF0000", "00B050", None]) == "rag"
    assert content_role(["", ""], [None, "FFFFFF"]) is None


def test_unknown_headers_are_placed_by_content_and_the_rest_named_in_a_warning() -> None:
    text = "\n".join(
        [
            "Recommendation\tAction\tPerson\tMonth\tForum\tColour\tBudget code",
            "4.1 Keep a register of training\tSet up the register\tTraining lead\tMar-21\tQuality Committee"
            "\tGreen\tX1",
            "4.2 Audit the register\tAudit it twice a year\tHead of Nursing\tSept 2021\tPeople Board"
            "\tAmber\tX2",
        ]
    )
    extraction = extract_blocks(read_text("plan.txt", text.encode()))
    actions = [a for rec in extraction.recommendations for a in rec.actions]
    assert [(a.lead, a.timescale, a.assurance, a.rag, a.status) for a in actions] == [
        ("Training lead", "2021-03", ["Quality Committee"], "green", "on track"),
        ("Head of Nursing", "2021-09", ["People Board"], "amber", "in progress"),
    ]
    assert "line 1: column 'Budget code' not understood" in extraction.warnings
    assert not [w for w in extraction.warnings if "'Person'" in w or "'Month'" in w or "'Forum'" in w]


def test_an_agenda_is_no_plan_whatever_its_columns_hold() -> None:
    text = "\n".join(
        [
            "Agenda item\tIntended outcome\tLead\tPapers",
            "1 Welcome and apologies\tNote\tChair\tVerbal",
            "2 Minutes of the last meeting\tApprove\tChair\tMar-21",
        ]
    )
    assert extract_blocks(read_text("agenda.txt", text.encode())).recommendations == []
