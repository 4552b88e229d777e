"""Word documents: body order, headings, lists, real tables with merged cells, split tables."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from formats_support import fill_docx_cell

from loaders.blocks import ListItem, Location, Paragraph, Table
from loaders.rag_fill import rag_from_fill
from loaders.readers import read_document

HEADER = ["Recommendation", "Improvement action", "Lead", "Timescale"]


def _save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def _table(document: docx.document.Document, rows: list[list[str]]) -> docx.table.Table:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            fill_docx_cell(table.cell(r, c), text)
    return table


def test_paragraphs_lists_and_tables_keep_body_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Progress on the review", level=1)
    document.add_paragraph("The board is asked to note the plan below.")
    document.add_paragraph("Nurses have more time for supervision", style="List Bullet")
    document.add_paragraph("- Clinics now share their notes")
    _table(document, [HEADER, ["3.1 Keep better notes", "Audit a sample of files", "Named nurse", "Jun-17"]])
    document.add_paragraph("Closing remarks after the table.")
    doc = read_document(_save(document, tmp_path / "order.docx"))

    assert doc.format == "docx"
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Paragraph", "ListItem", "ListItem", "Table", "Paragraph"]
    heading, intro, bullet, dashed, table, closing = doc.blocks
    assert isinstance(heading, Paragraph) and heading.heading
    assert isinstance(intro, Paragraph) and not intro.heading
    assert isinstance(bullet, ListItem) and bullet.text == "Nurses have more time for supervision"
    assert isinstance(dashed, ListItem) and dashed.text == "Clinics now share their notes"
    assert intro.location == Location(element="paragraph 2")
    assert closing.location == Location(element="paragraph 5")
    assert isinstance(table, Table) and table.location == Location(table=1)
    assert table.rows[1].texts() == [
        "3.1 Keep better notes",
        "Audit a sample of files",
        "Named nurse",
        "Jun-17",
    ]
    assert table.rows[1].cells[2].location == Location(table=1, row=2, cell=3)


def test_numbering_level_gives_list_level(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("A second-level point")
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>')
    )
    (item,) = read_document(_save(document, tmp_path / "numbered.docx")).blocks
    assert isinstance(item, ListItem) and item.level == 2


def test_bullets_inside_cells_become_bullet_lines(tmp_path: Path) -> None:
    document = docx.Document()
    _table(
        document,
        [
            HEADER,
            [
                "2.4 Share risks",
                "Agree a template\n• Train reception staff\n• Audit in spring",
                "GP lead",
                "Apr-17",
            ],
        ],
    )
    cell = document.tables[0].cell(1, 1)
    cell.add_paragraph("o Report to the board")  # a bullet typed by hand
    (table,) = read_document(_save(document, tmp_path / "cells.docx")).tables()
    assert table.rows[1].cells[1].text == (
        "Agree a template\n• Train reception staff\n• Audit in spring\n• Report to the board"
    )


def test_merged_cells_are_not_duplicated(tmp_path: Path) -> None:
    document = docx.Document()
    table = _table(
        document,
        [
            HEADER,
            ["5. The trust together with the council should:", "", "", ""],
            ["5.1 Plan transitions early", "Write a joint protocol", "Service manager", "Mar-17"],
            ["", "Check it is used", "Service manager", "Sep-17"],
        ],
    )
    table.cell(1, 0).merge(table.cell(1, 3))  # a group header spanning the row
    table.cell(2, 0).merge(table.cell(3, 0))  # the recommendation merged down over its second action
    # python-docx repeats a merged cell in row.cells: the source of the duplication we must avoid
    assert len({id(c._tc) for c in table.rows[1].cells}) == 1

    (read,) = read_document(_save(document, tmp_path / "merged.docx")).tables()
    assert read.rows[1].texts() == ["5. The trust together with the council should:", "", "", ""]
    assert read.rows[2].texts() == [
        "5.1 Plan transitions early",
        "Write a joint protocol",
        "Service manager",
        "Mar-17",
    ]
    assert read.rows[3].texts() == ["", "Check it is used", "Service manager", "Sep-17"]
    assert [c.location.cell for c in read.rows[1].cells] == [1, 2, 3, 4]


def test_table_split_with_repeated_header_is_joined(tmp_path: Path) -> None:
    document = docx.Document()
    _table(document, [HEADER, ["1.1 First", "Do one thing", "Lead A", "Jan-17"]])
    document.add_paragraph("")
    _table(document, [HEADER, ["1.2 Second", "Do another", "Lead B", "Feb-17"]])
    _table(document, [["Name", "Role"], ["Someone", "Chair"]])
    tables = read_document(_save(document, tmp_path / "split.docx")).tables()

    assert len(tables) == 2
    joined = tables[0]
    assert [row.texts()[0] for row in joined.rows] == ["Recommendation", "1.1 First", "1.2 Second"]
    assert joined.rows[2].location == Location(table=1, row=3)
    assert joined.rows[2].cells[3].location == Location(table=1, row=3, cell=4)
    assert tables[1].rows[0].texts() == ["Name", "Role"]


def test_cell_shading_is_kept_for_rag(tmp_path: Path) -> None:
    document = docx.Document()
    table = _table(document, [["Action", "RAG"], ["Recruit a nurse", ""]])
    table.cell(1, 1)._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="FFC000"/>')
    )
    (read,) = read_document(_save(document, tmp_path / "rag.docx")).tables()
    assert read.rows[1].cells[1].fill == "FFC000"
    assert rag_from_fill(read.rows[1].cells[1].fill) == "amber"
    assert read.rows[1].cells[0].fill is None


def test_content_inside_content_controls_is_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Before the form section.")
    table = _table(document, [HEADER, ["8.3 Keep rotas full", "Recruit two nurses", "Matron", "Oct-17"]])
    # wrap the table, and a paragraph after it, in a content control as form templates do
    body = document.element.body
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    table._tbl.addprevious(sdt)
    content = sdt.find(qn("w:sdtContent"))
    content.append(table._tbl)
    inside = document.add_paragraph("Filled in by the lead.")
    content.append(inside._p)
    assert sdt.getparent() is body

    blocks = read_document(_save(document, tmp_path / "form.docx")).blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]
    assert isinstance(blocks[1], Table) and blocks[1].rows[1].texts()[0] == "8.3 Keep rotas full"
    assert blocks[2].text == "Filled in by the lead."
