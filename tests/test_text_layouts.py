"""Text tables without tabs: found only under a plan header; prose stays prose."""

from __future__ import annotations

from loaders.blocks import Paragraph, Table
from loaders.extract import extract_blocks
from loaders.text_reader import read_text


def _blocks(text: str) -> list[object]:
    return list(read_text("doc.txt", text.encode()).blocks)


def test_prose_with_slashes_runs_of_spaces_and_short_lines_stays_prose() -> None:
    text = "\n".join(
        [
            "Health / education / police leads met in March.",
            "The panel  agreed  the  terms  of reference.",
            "",
            "Action",
            "Lead",
            "Timescale",
            "were discussed at length",
        ]
    )
    assert all(isinstance(block, Paragraph) for block in _blocks(text))


def test_fixed_width_rows_read_when_wrapped_lines_shift_by_a_character() -> None:
    text = "\n".join(
        [
            "Recommendation          Action                  Lead            Timescale",
            "",
            "2.1 Check that every    Write the checklist     Named nurse     Mar-21",
            " child has a dentist     and share it            for children",
            "                                                 in care",
            "",
            "2.2 Record the child's  Add a section to the    Designated      June 2021",
            "voice in each review    form                    Nurse",
            "",
            "                                                      Page 1 of 1",
        ]
    )
    (table,) = [b for b in _blocks(text) if isinstance(b, Table)]
    assert [row.texts() for row in table.rows[1:]] == [
        [
            "2.1 Check that every child has a dentist",
            "Write the checklist and share it",
            "Named nurse for children in care",
            "Mar-21",
        ],
        [
            "2.2 Record the child's voice in each review",
            "Add a section to the form",
            "Designated Nurse",
            "June 2021",
        ],
    ]
    assert table.rows[1].cells[2].location.line == 3 and table.rows[1].cells[2].location.end_line == 5


def test_markdown_slash_and_cell_per_line_tables_give_the_same_plan() -> None:
    markdown = "\n".join(
        [
            "| Ref / Recommendation | Action(s) | Owner | Due |",
            "|---|---|---|---|",
            "| 1.1 Audit the records | Audit ten records | Named GP | Qtr 2 2021 |",
        ]
    )
    slash = "\n".join(
        [
            "Ref/Recommendation / Action(s) / Owner / Due",
            "1.1 Audit the records / Audit ten records / Named GP / Qtr 2 2021",
        ]
    )
    per_line = "\n".join(
        [
            "Ref / Recommendation",
            "Action(s)",
            "Owner",
            "Due",
            "",
            "1.1 Audit the records",
            "Audit ten records",
            "Named GP",
            "Qtr 2 2021",
            "",
        ]
    )
    read = []
    for text in (markdown, slash, per_line):
        extraction = extract_blocks(read_text("plan.txt", text.encode()))
        read.append(
            [(r.id, a.text, a.lead, a.timescale) for r in extraction.recommendations for a in r.actions]
        )
    assert read == [[("1.1", "Audit ten records", "Named GP", "2021-06")]] * 3
