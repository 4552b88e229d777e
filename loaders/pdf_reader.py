"""Read a PDF (a board pack, an exported action plan) into blocks, page by page.

Ruled tables are found with pdfplumber; the text around them becomes paragraphs and list items.
PDF text has no paragraphs, only lines, so a line is joined to the one before unless that one
stopped short of the right edge (there was room for the next word: the writer ended the
paragraph there), the next line starts with a bullet, or a gap opens between them. A table that
carries on at the top of the next page is joined to the one before, its repeated header row
dropped.
"""

from __future__ import annotations

import bisect
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from statistics import median
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils import chars_to_textmap
from pdfplumber.utils.exceptions import PdfminerException

from loaders.blocks import Block, Cell, DocumentBlocks, ListItem, Location, Paragraph, Row, Table
from loaders.errors import UnreadableDocument
from loaders.label_records import starts_with_label
from loaders.limits import MAX_PDF_PAGES, check_limit
from loaders.list_text import PAGE_FURNITURE, cell_text, strip_bullet, strip_tags
from loaders.pdf_unruled import unruled_tables

# page furniture that may sit between a table and its continuation on the next page
# the share of the page height at its top and bottom where running headers and footers sit
_MARGIN_BAND = 0.07
# a line this much larger than the page's usual text is a heading
_HEADING_SCALE = 1.15


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word_width: float


def read_pdf(file_name: str, raw: bytes) -> DocumentBlocks:
    """Blocks of a PDF; encrypted, image-only, corrupt or over-long PDFs raise ``UnreadableDocument``."""
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise UnreadableDocument(file_name, "encrypted PDF: needs the password removed") from exc
        raise UnreadableDocument(file_name, f"corrupt or truncated PDF ({_describe(cause)})") from exc
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise UnreadableDocument(file_name, f"corrupt or truncated PDF ({_describe(exc)})") from exc
    with pdf:
        try:
            pages = pdf.pages
            check_limit(file_name, "number of pages", len(pages), MAX_PDF_PAGES)
            blocks, any_text = _read_pages(pages)
        except UnreadableDocument:
            raise
        except Exception as exc:
            raise UnreadableDocument(file_name, f"corrupt or truncated PDF ({_describe(exc)})") from exc
    if not any_text:
        raise UnreadableDocument(file_name, "no text layer: needs OCR")
    return DocumentBlocks(file_name, "pdf", blocks)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _read_pages(pages: list[Any]) -> tuple[list[Block], bool]:
    blocks: list[Block] = []
    table_count = 0
    any_text = False
    open_table: Table | None = None  # the last table of the previous page, if it ended the page
    for page_number, page in enumerate(pages, 1):
        if not page.chars:
            open_table = None
            continue
        any_text = True
        page_blocks: list[tuple[float, Block]] = []
        chars = page.chars
        # ruled tables; on a page without any, tables drawn without lines (see pdf_unruled)
        where = Location(page=page_number)
        # (a pdfplumber table computes its bbox afresh on every reading: read it once)
        found = [
            (box, _table([c for c in chars if _inside(c, box)], ruled, where))
            for ruled, box in ((ruled, ruled.bbox) for ruled in page.find_tables())
        ] or unruled_tables(page, page_number)
        page_blocks.extend((bbox[1], table) for bbox, table in found)
        outside = [c for c in chars if not any(_inside(c, bbox) for bbox, _ in found)]
        page_blocks.extend(_text_blocks(outside, page_number))
        page_blocks.sort(key=lambda item: item[0])
        ordered = [placed for _, placed in page_blocks]
        content = [placed for top, placed in page_blocks if not _furniture(top, placed, page.height)]
        first = content[0] if content else None
        for block in ordered:
            if not isinstance(block, Table):
                blocks.append(block)
            elif block is first and open_table is not None and _same_columns(open_table, block):
                position = blocks.index(open_table)
                open_table = _continue(open_table, block)
                blocks[position] = open_table
            else:
                table_count += 1
                blocks.append(_numbered(block, table_count))
        open_table = _last_table(blocks) if content and isinstance(content[-1], Table) else None
    return blocks, any_text


def _inside(obj: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    mid_x = (obj["x0"] + obj["x1"]) / 2
    mid_y = (obj["top"] + obj["bottom"]) / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom


def _furniture(top: float, block: Block, page_height: float) -> bool:
    """A page number, or a short line in the top or bottom margin (a running header or footer)."""
    if not isinstance(block, Paragraph | ListItem):
        return False
    in_margin = top < page_height * _MARGIN_BAND or top > page_height * (1 - _MARGIN_BAND)
    return bool(PAGE_FURNITURE.match(block.text)) or (in_margin and len(block.text) <= 100)


def _last_table(blocks: list[Block]) -> Table | None:
    return next((b for b in reversed(blocks) if isinstance(b, Table)), None)


def _same_columns(first: Table, second: Table) -> bool:
    return bool(first.rows and second.rows) and len(first.rows[0].cells) == len(second.rows[0].cells)


def _continue(table: Table, continuation: Table) -> Table:
    """``table`` with the continuation's rows appended, a repeated header row dropped, and a
    row split by the page break put back together."""
    rows = continuation.rows
    if table.rows and rows and rows[0].texts() == table.rows[0].texts():
        rows = rows[1:]
    head = table.rows
    if head and rows and _split_row(head[-1], rows[0]):
        head = (*head[:-1], _joined_row(head[-1], rows[0]))
        rows = rows[1:]
    table = Table(head, table.location)
    number = table.location.table
    start = len(table.rows)
    extra = []
    for offset, row in enumerate(rows, 1):
        page = row.location.page
        location = Location(page=page, table=number, row=start + offset)
        cells = tuple(
            Cell(c.text, Location(page=page, table=number, row=start + offset, cell=c.location.cell), c.fill)
            for c in row.cells
        )
        extra.append(Row(cells, location))
    return Table((*table.rows, *extra), table.location)


def _split_row(above: Row, below: Row) -> bool:
    """Whether the first row on a page is the rest of the last row on the page before.

    A row cut by the page break leaves its first cell (the recommendation, the number) above
    and carries on mid-sentence below: an empty first cell, text only under cells that have
    text above, and some of it running on in lower case. A new row under a recommendation
    cell merged down over the break starts its sentences afresh and stays a row of its own.
    """
    if len(above.cells) != len(below.cells) or not below.cells or below.cells[0].text.strip():
        return False
    pairs = [(a.text, b.text) for a, b in zip(above.cells, below.cells, strict=True) if b.text.strip()]
    return bool(pairs) and all(a.strip() for a, _ in pairs) and any(_runs_on(b) for _, b in pairs)


def _runs_on(text: str) -> bool:
    first = text.lstrip()[:1]
    return first.islower() or first in ",;:)–-"


def _joined_row(above: Row, below: Row) -> Row:
    cells = tuple(
        Cell(_joined_text(a.text, b.text), a.location, a.fill or b.fill)
        for a, b in zip(above.cells, below.cells, strict=True)
    )
    return Row(cells, above.location)


def _joined_text(above: str, below: str) -> str:
    if not below.strip():
        return above
    if not above.strip():
        return below
    return f"{above} {below}" if _runs_on(below) else f"{above}\n{below}"


def _numbered(table: Table, number: int) -> Table:
    """The table with its number in the document put into every location."""
    rows = tuple(
        Row(
            tuple(Cell(c.text, Location(page=c.location.page, table=number, row=c.location.row,
                                        cell=c.location.cell), c.fill) for c in row.cells),
            Location(page=row.location.page, table=number, row=row.location.row),
        )
        for row in table.rows
    )
    return Table(rows, Location(page=table.location.page, table=number))


def _table(chars: list[dict[str, Any]], table: Any, location: Location) -> Table:
    """The table's rows; each cell's text from the characters whose middle lies in the cell."""
    rows = []
    for row_number, (row, row_chars) in enumerate(_by_row(chars, table.rows), 1):
        cells = []
        for column, bbox in enumerate(row.cells, 1):
            # a cell merged into its neighbour has no box of its own: empty, like merged Word cells
            text = "" if bbox is None else _cell_text([c for c in row_chars if _inside(c, bbox)], bbox)
            cells.append(Cell(text, Location(page=location.page, row=row_number, cell=column)))
        rows.append(Row(tuple(cells), Location(page=location.page, row=row_number)))
    return Table(tuple(rows), location)


def _by_row(chars: list[dict[str, Any]], rows: list[Any]) -> list[tuple[Any, list[dict[str, Any]]]]:
    """Each row with the characters inside it, found by bisecting the rows' tops (one pass over
    the characters, not one per row: a 50-page plan has thousands of rows and characters)."""
    ordered = sorted(range(len(rows)), key=lambda k: rows[k].bbox[1])
    tops = [rows[k].bbox[1] for k in ordered]
    found: list[list[dict[str, Any]]] = [[] for _ in rows]
    for char in chars:
        position = bisect.bisect_right(tops, (char["top"] + char["bottom"]) / 2) - 1
        # rows may overlap at their edges: try the row found and the one before it
        for k in ordered[max(position - 1, 0) : position + 1][::-1]:
            if _inside(char, rows[k].bbox):
                found[k].append(char)
                break
    return list(zip(rows, found, strict=True))


def _cell_text(chars: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> str:
    lines = _lines(chars)
    if not lines:
        return ""
    padding = max(min(line.x0 for line in lines) - bbox[0], 0.0)
    paragraphs = _paragraphs(lines, bbox[2] - padding)
    return cell_text(paragraphs)


def _text_blocks(
    chars: list[dict[str, Any]], page_number: int
) -> Iterator[tuple[float, Paragraph | ListItem]]:
    lines = _lines(chars)
    if not lines:
        return
    # page text has no box: its right edge is where the longest line ends
    right = max(line.x1 for line in lines) + max(line.size for line in lines) * 0.5
    usual_size = median(line.size for line in lines)
    for group in _line_groups(lines, right, sentence_breaks=True):
        text = " ".join(strip_tags(" ".join(line.text for line in group)).split())
        location = Location(page=page_number)
        stripped, had_bullet = strip_bullet(text)
        if had_bullet and stripped:
            yield group[0].top, ListItem(stripped, location)
        elif stripped:
            heading = group[0].size > usual_size * _HEADING_SCALE
            yield group[0].top, Paragraph(text.strip(), location, heading=heading)


def _paragraphs(lines: list[_Line], right: float) -> list[str]:
    groups = _line_groups(lines, right, sentence_breaks=False)
    return [" ".join(line.text for line in group) for group in groups]


def _line_groups(lines: list[_Line], right: float, sentence_breaks: bool) -> list[list[_Line]]:
    """Lines grouped into paragraphs (see the module docstring for the rule).

    With ``sentence_breaks`` a line ending a sentence also ends the paragraph when the next
    starts a new one: outside a table the right edge is only estimated, and a paragraph cut at
    a sentence is harmless where two paragraphs run together are not.
    """
    groups: list[list[_Line]] = [[lines[0]]]
    pairs = list(itertools.pairwise(lines))
    # the usual distance from one line to the next; clearly more than that is a paragraph gap
    pitches = [line.top - before.top for before, line in pairs if 0 < line.top - before.top < 3 * line.size]
    usual_pitch = median(pitches) if pitches else 0.0
    for before, line in pairs:
        space = line.size * 0.3
        room_left = before.x1 + space + line.first_word_width < right - line.size * 0.5
        gap = usual_pitch > 0 and line.top - before.top > usual_pitch * 1.4
        sentence_end = sentence_breaks and before.text[-1] in ".:;!?" and line.text[0].isupper()
        if (
            room_left or gap or sentence_end or strip_bullet(line.text)[1] or line.size != before.size
            or starts_with_label(line.text)
        ):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    if not chars:
        return []
    lines = []
    for found in chars_to_textmap(chars).extract_text_lines(return_chars=True, strip=True):
        chars = [c for c in found["chars"] if c["text"].strip()]
        if not found["text"].strip() or not chars:
            continue
        first_word = found["text"].split()[0]
        word_chars = chars[: len(first_word)]
        lines.append(
            _Line(
                text=found["text"].strip(),
                x0=found["x0"],
                x1=found["x1"],
                top=found["top"],
                bottom=found["bottom"],
                size=round(median(c["size"] for c in chars), 1),
                first_word_width=word_chars[-1]["x1"] - word_chars[0]["x0"],
            )
        )
    return lines
