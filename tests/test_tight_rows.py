"""Tables drawn by position with no gap between rows: where each row starts is read from its
content (a recommendation number in the first column, a new date or rating in a column that
holds one per row), so rows set close together do not run into one.

The PDF is built here with fpdf2, every line of the table the same distance below the last
(no rules, no padding between rows); the text version is what ``pdftotext -layout`` gives for
such a table.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from fpdf import FPDF

from loaders.extract import extract_bytes, extract_file
from loaders.records import Extraction

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
COLUMNS = (12, 60, 60, 40, 25, 20)  # mm
HEADER = ("Ref", "Recommendation", "Action", "Lead", "Due", "RAG")
# each row: its cells, each a list of lines (a wrapped cell takes several)
ROWS = (
    (
        ["1.1"],
        ["Make sure every child in care", "has a dentist near home"],
        ["Map dental practices", "near each home"],
        ["Dental lead"],
        ["April 2024"],
        ["Green"],
    ),
    ([], [], ["Publish the map to carers"], ["Fostering nurse"], ["June 2024"], ["Amber"]),
    (
        ["1.2"],
        ["Train reception staff", "in safeguarding"],
        ["Run two courses", "for all practices"],
        ["Practice manager"],
        ["Sept 2024"],
        ["Red"],
    ),
    (
        ["1.3"],
        ["Share health plans with", "schools within a month"],
        ["Send plans to the virtual", "school each month"],
        ["Virtual school head"],
        ["Dec 2024"],
        ["Green"],
    ),
)
EXPECTED = [
    (
        "1.1",
        [
            ("Map dental practices near each home", "Dental lead", "2024-04", "on track"),
            ("Publish the map to carers", "Fostering nurse", "2024-06", "in progress"),
        ],
    ),
    ("1.2", [("Run two courses for all practices", "Practice manager", "2024-09", "behind")]),
    ("1.3", [("Send plans to the virtual school each month", "Virtual school head", "2024-12", "on track")]),
]


def _facts(extraction: Extraction) -> list[tuple[str, list[tuple[str, str | None, str | None, str | None]]]]:
    return [
        (r.id, [(a.text, a.lead, a.timescale, a.status) for a in r.actions])
        for r in extraction.recommendations
    ]


def _lines(rows: tuple[tuple[list[str], ...], ...]) -> list[list[str]]:
    """The table's lines, each a cell text (or "") per column: a row takes as many lines as its
    tallest cell, and the next row starts on the very next line."""
    out = [list(HEADER)]
    for row in rows:
        height = max(len(cell) for cell in row)
        out.extend([cell[n] if n < len(cell) else "" for cell in row] for n in range(height))
    return out


def test_unruled_pdf_rows_with_no_gap_between_them(tmp_path: Path) -> None:
    pdf = FPDF(orientation="L")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    pdf.text(10, 15, "Action plan after the review of health services for children in care")
    y = 30.0
    for line in _lines(ROWS):
        x = 10.0
        for text, width in zip(line, COLUMNS, strict=True):
            if text:
                pdf.text(x, y, text)
            x += width
        y += 4.2  # one line's height: no gap between the rows
    path = tmp_path / "tight.pdf"
    pdf.output(str(path))
    assert _facts(extract_file(path)) == EXPECTED


def test_fixed_width_text_rows_with_no_blank_line_between_them() -> None:
    widths = [width // 2 + 3 for width in COLUMNS]  # characters, two spaces at least between columns
    text = "\n".join(
        "".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in _lines(ROWS)
    )
    assert _facts(extract_bytes("plan.txt", f"Action plan\n\n{text}\n".encode())) == EXPECTED
