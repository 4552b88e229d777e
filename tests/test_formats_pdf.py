"""PDFs: text with page numbers, ruled tables, tables continued across pages, wrapped lines."""

from __future__ import annotations

from pathlib import Path

from formats_support import new_pdf, pdf_table

from loaders.blocks import ListItem, Location, Paragraph, Table
from loaders.readers import read_document

HEADER = ["Recommendation", "Improvement action", "Lead", "Timescale"]


def test_paragraphs_headings_and_bullets_with_pages(tmp_path: Path) -> None:
    pdf = new_pdf()
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, "Quarterly safeguarding update", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 7)
    long_sentence = (
        "The panel heard how each partner had changed its ways of working over the year, "
        "which teams had new staff, where waiting lists had fallen and " * 3
    ) + "what comes next."
    pdf.multi_cell(120, 4, long_sentence, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 4, "• Supervision is now recorded on every file", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.multi_cell(0, 4, "A note on the second page.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "update.pdf"
    pdf.output(str(path))

    doc = read_document(path)
    assert doc.format == "pdf"
    heading, body, bullet, note = doc.blocks
    assert isinstance(heading, Paragraph) and heading.heading
    # the wrapped lines of a narrow column are one paragraph again, joined with single spaces
    assert isinstance(body, Paragraph) and not body.heading
    assert body.text == long_sentence
    assert isinstance(bullet, ListItem) and bullet.text == "Supervision is now recorded on every file"
    assert bullet.location == Location(page=1)
    assert note.location == Location(page=2) and note.text == "A note on the second page."


def test_table_cells_rejoin_wrapped_lines_but_keep_bullets(tmp_path: Path) -> None:
    pdf = new_pdf()
    action = (
        "Commission an independent review of how referrals are written, shared and followed up "
        "by every team\n• Publish the findings\n• Repeat in a year"
    )
    pdf_table(pdf, [HEADER, ["4.2 Follow referrals up in writing", action, "Designated nurse", "Qtr 3 2017"]])
    path = tmp_path / "wrapped.pdf"
    pdf.output(str(path))

    (table,) = read_document(path).tables()
    assert table.rows[0].texts() == HEADER
    assert table.rows[1].texts() == [
        "4.2 Follow referrals up in writing",
        action,
        "Designated nurse",
        "Qtr 3 2017",
    ]
    assert table.rows[1].cells[1].location == Location(page=1, table=1, row=2, cell=2)


def test_table_continued_across_pages_is_joined_without_repeated_headers(tmp_path: Path) -> None:
    pdf = new_pdf(running_header="Appendix B: partners' plan")
    pdf.multi_cell(0, 4, "Action plan", new_x="LMARGIN", new_y="NEXT")
    rows = [HEADER] + [
        [f"{n}.1 Improve item {n}", "Agree steps\nReport progress\n" * 3, f"Lead {n}", "Dec-17"]
        for n in range(1, 41)
    ]
    rows = [[cell.strip() for cell in row] for row in rows]
    pdf_table(pdf, rows)
    pdf.ln(8)
    pdf_table(pdf, [["Member", "Role"], ["A person", "Chair"]])
    path = tmp_path / "long.pdf"
    pdf.output(str(path))

    tables = read_document(path).tables()
    first = tables[0]
    assert first.rows[-1].location.page is not None and first.rows[-1].location.page > 1, (
        "the table should run over several pages"
    )
    assert [row.texts()[0] for row in first.rows] == [r[0] for r in rows]
    assert [row.location.row for row in first.rows] == list(range(1, 42))
    assert {row.location.table for row in first.rows} == {1}
    assert tables[1].rows[0].texts() == ["Member", "Role"] and tables[1].location.table == 2
    # the running header is read as text, the page numbers are not in the way of the join
    doc = read_document(path)
    assert any(p.text == "Appendix B: partners' plan" for p in doc.paragraphs())


def test_spanning_group_row_reads_as_first_cell_only(tmp_path: Path) -> None:
    pdf = new_pdf()
    pdf_table(
        pdf,
        [
            HEADER,
            ["7. The council together with the trust should:", "", "", ""],
            ["7.1 Check plans", "Audit plans", "Head of service", "May-17"],
        ],
    )
    path = tmp_path / "group.pdf"
    pdf.output(str(path))
    (table,) = read_document(path).tables()
    assert table.rows[1].texts() == ["7. The council together with the trust should:", "", "", ""]
    assert table.rows[2].texts() == ["7.1 Check plans", "Audit plans", "Head of service", "May-17"]


def test_tables_are_blocks_in_reading_order(tmp_path: Path) -> None:
    pdf = new_pdf()
    pdf.multi_cell(0, 4, "Before the table.", new_x="LMARGIN", new_y="NEXT")
    pdf_table(pdf, [["Name", "Role"], ["A person", "Chair"]])
    pdf.multi_cell(0, 4, "After the table.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "order.pdf"
    pdf.output(str(path))
    blocks = read_document(path).blocks
    assert [type(b) for b in blocks] == [Paragraph, Table, Paragraph]
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["Before the table.", "After the table."]
