"""Read a Word document (.docx) into blocks: paragraphs, list items and tables in body order.

Merged cells are resolved so each piece of text appears once: a horizontally merged cell
gives its text to its first grid column and leaves the others empty; a vertically merged cell
keeps its text in the first row and is empty below, which is how every reader marks a row that
continues the one above. A table split in two with its header row repeated is joined again.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from loaders.blocks import Block, Cell, DocumentBlocks, ListItem, Location, Paragraph, Row, Table
from loaders.errors import UnreadableDocument
from loaders.list_text import cell_text, list_line, strip_bullet, strip_tags


def read_docx(file_name: str, raw: bytes) -> DocumentBlocks:
    """Blocks of a DOCX; ``UnreadableDocument`` if python-docx cannot parse it."""
    try:
        document = Document(io.BytesIO(raw))
        blocks = list(_body_blocks(document))
    except UnreadableDocument:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged package
        reason = f"corrupt or truncated DOCX ({type(exc).__name__}: {exc})"
        raise UnreadableDocument(file_name, reason) from exc
    return DocumentBlocks(file_name, "docx", _join_continued_tables(blocks))


def _body_blocks(document: Any) -> Iterator[Block]:
    paragraph_number = 0
    table_number = 0
    for item in _inner_content(document.element.body, document._body):
        if isinstance(item, DocxTable):
            table_number += 1
            yield _table(item, table_number)
            continue
        paragraph_number += 1
        block = _paragraph(item, Location(element=f"paragraph {paragraph_number}"))
        if block is not None:
            yield block


def _inner_content(element: Any, parent: Any) -> Iterator[DocxParagraph | DocxTable]:
    """Paragraphs and tables in order, including those inside content controls (``w:sdt``),
    which forms and council templates wrap around whole sections."""
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield DocxParagraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield DocxTable(child, parent)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _inner_content(content, parent)


def _paragraph(paragraph: DocxParagraph, location: Location) -> Paragraph | ListItem | None:
    text = " ".join(strip_tags(paragraph.text).split())
    if not text:
        return None
    style = _style_name(paragraph)
    if style.startswith(("heading", "title")):
        return Paragraph(text, location, heading=True)
    level = _list_level(paragraph, style)
    stripped, had_bullet = strip_bullet(text)
    if not stripped:
        return None
    if level is not None or had_bullet:
        return ListItem(stripped, location, level or 1)
    return Paragraph(text, location)


def _style_name(paragraph: DocxParagraph) -> str:
    style = paragraph.style
    return (style.name or "").lower() if style is not None else ""


def _list_level(paragraph: DocxParagraph, style: str) -> int | None:
    """1-based list level for a numbered/bulleted paragraph or a List style; None otherwise."""
    ppr: Any = paragraph._p.pPr
    num_pr = ppr.numPr if ppr is not None else None
    if num_pr is not None:
        ilvl = num_pr.ilvl
        return (ilvl.val if ilvl is not None else 0) + 1
    if style.startswith("list"):
        return 1
    return None


def _table(table: DocxTable, number: int) -> Table:
    rows: list[Row] = []
    width = len(table._tbl.tblGrid.gridCol_lst)
    for row_number, tr in enumerate(_rows(table._tbl), 1):
        row_location = Location(table=number, row=row_number)
        cells: list[Cell] = []
        column = tr.grid_before
        cells.extend(_empty(number, row_number, c) for c in range(1, column + 1))
        for tc in tr.tc_lst:
            column += 1
            continues_above = tc.vMerge == "continue"
            text = "" if continues_above else _cell_text(_Cell(tc, table))
            location = Location(table=number, row=row_number, cell=column)
            cells.append(Cell(text, location, fill=_shading(tc)))
            # the columns a horizontally merged cell spans stay empty: its text is given once
            for _ in range(tc.grid_span - 1):
                column += 1
                cells.append(_empty(number, row_number, column))
        cells.extend(_empty(number, row_number, c) for c in range(column + 1, width + 1))
        rows.append(Row(tuple(cells), row_location))
    return Table(tuple(rows), Location(table=number))


def _rows(tbl: Any) -> list[Any]:
    return list(tbl.xpath("./w:tr | ./w:sdt/w:sdtContent/w:tr"))


def _empty(table: int, row: int, column: int) -> Cell:
    return Cell("", Location(table=table, row=row, cell=column))


def _cell_text(cell: _Cell) -> str:
    return cell_text(_cell_lines(cell))


def _cell_lines(cell: _Cell) -> Iterator[str]:
    for item in _inner_content(cell._tc, cell):
        if isinstance(item, DocxTable):
            for tr in _rows(item._tbl):
                for tc in tr.tc_lst:
                    if tc.vMerge != "continue":
                        yield from _cell_lines(_Cell(tc, item))
            continue
        text = item.text.strip()
        if not text:
            continue
        # a Word list paragraph is a list item without a glyph in its text
        yield list_line(text) if _list_level(item, _style_name(item)) is not None else text


def _shading(tc: Any) -> str | None:
    """The cell's fill colour as RRGGBB (how Word trackers give a RAG rating), if it has one."""
    tc_pr = tc.tcPr
    shd = tc_pr.find(qn("w:shd")) if tc_pr is not None else None
    fill = shd.get(qn("w:fill")) if shd is not None else None
    if fill is None or len(fill) != 6 or fill.lower() == "auto":
        return None
    return fill.upper()


def _join_continued_tables(blocks: list[Block]) -> list[Block]:
    """Join a table to the one just before it when it repeats that table's header row."""
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if isinstance(block, Table) and isinstance(previous, Table) and _continues(previous, block):
            joined[-1] = _append_rows(previous, block.rows[1:])
        else:
            joined.append(block)
    return joined


def _continues(first: Table, second: Table) -> bool:
    if not first.rows or not second.rows:
        return False
    header, repeated = first.rows[0].texts(), second.rows[0].texts()
    return header == repeated and any(header)


def _append_rows(table: Table, extra: tuple[Row, ...]) -> Table:
    """``table`` with ``extra`` rows renumbered as its own continuation."""
    number = table.location.table
    start = len(table.rows)
    renumbered = []
    for offset, row in enumerate(extra, 1):
        row_number = start + offset
        cells = tuple(
            Cell(c.text, Location(table=number, row=row_number, cell=c.location.cell), c.fill)
            for c in row.cells
        )
        renumbered.append(Row(cells, Location(table=number, row=row_number)))
    return Table((*table.rows, *renumbered), table.location)
