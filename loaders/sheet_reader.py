"""Read spreadsheet trackers (XLSX workbooks and CSV files) into blocks.

Each sheet is one table. Its header row is the first row that reads as an action-plan header
(``loaders.columns``), which is not always row 1: rows above it (titles, dates, notes) become
paragraphs; a sheet without a header row starts its table at its first row of two cells.
Formulas are read as the values Excel last saved with them and never evaluated; a cell's fill
colour is kept (``Cell.fill``) because many trackers give RAG ratings by colour alone. Sheets
are read row by row (openpyxl's read-only mode) so that a 100,000-row tracker fits in memory,
and more rows than ``MAX_SHEET_ROWS`` is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import load_workbook
from openpyxl.styles.colors import COLOR_INDEX

from loaders.blocks import Block, Cell, DocumentBlocks, ListItem, Location, Paragraph, Row, Table
from loaders.column_content import opens_plan_rows
from loaders.columns import looks_like_header
from loaders.errors import UnreadableDocument
from loaders.limits import MAX_FILE_BYTES, MAX_SHEET_ROWS, check_limit
from loaders.list_text import strip_bullet
from loaders.text_reader import cell_text, decode_text

# how far down a sheet the header row is looked for; below that the sheet has no header row
_HEADER_SEARCH_ROWS = 30

SheetRow = tuple[int, list[tuple[str, str | None]]]
"""A row number (1-based) and its cells' text and fill colour."""


def read_xlsx(file_name: str, raw: bytes) -> DocumentBlocks:
    """Blocks of every worksheet of an XLSX, in workbook order."""
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and its XML parsers raise many kinds for a damaged package
        raise _corrupt(file_name, exc) from exc
    blocks: list[Block] = []
    try:
        # openpyxl leaves out a sheet whose part is missing: a damaged workbook, not an empty one
        if not workbook.worksheets:
            raise UnreadableDocument(file_name, "corrupt XLSX: no worksheet is in the file")
        for sheet in workbook.worksheets:
            rows = _limited(file_name, f"rows in sheet {sheet.title!r}", _xlsx_rows(sheet))
            blocks.extend(_sheet_blocks(rows, sheet.title))
    except UnreadableDocument:
        raise
    except Exception as exc:  # as above: a part of the package is damaged
        raise _corrupt(file_name, exc) from exc
    finally:
        workbook.close()
    uncached = _formulas_without_values(raw)
    warnings = [
        f"{file_name}: {uncached:,} formula cell(s) have no saved value (the workbook was not last "
        "saved by a spreadsheet program); formulas are never evaluated, so they read as empty"
    ] if uncached else []
    return DocumentBlocks(file_name, "xlsx", blocks, warnings)


# a formula (<f>..</f> or <f .../>) not followed by a saved value <v>..</v> with content
_UNCACHED_FORMULA = re.compile(rb"<f\b[^>]*(?:/>|>[^<]*</f>)(?!<v>[^<])")


def _formulas_without_values(raw: bytes) -> int:
    """How many formula cells carry no cached value, counted in the sheets' XML."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return sum(
            len(_UNCACHED_FORMULA.findall(archive.read(name)))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _corrupt(file_name: str, exc: Exception) -> UnreadableDocument:
    return UnreadableDocument(file_name, f"corrupt or truncated XLSX ({type(exc).__name__}: {exc})")


def read_csv(file_name: str, raw: bytes) -> DocumentBlocks:
    """Blocks of a CSV file: one table, its delimiter and encoding sniffed from the content."""
    # decoded like a text file: same encodings, same refusal of empty or binary content
    text, decoding_warnings = decode_text(file_name, raw)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    # one cell may hold as much as the file (the csv module stops at 128 KB by default)
    csv.field_size_limit(MAX_FILE_BYTES)
    records = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: Iterator[SheetRow] = (
        (number, [(_text(value), None) for value in record]) for number, record in enumerate(records, 1)
    )
    try:
        blocks = _sheet_blocks(_limited(file_name, "rows", rows), None)
    except csv.Error as exc:
        raise UnreadableDocument(file_name, f"malformed CSV ({exc})") from exc
    return DocumentBlocks(file_name, "csv", blocks, decoding_warnings)


def _limited(file_name: str, what: str, rows: Iterable[SheetRow]) -> Iterator[SheetRow]:
    """The rows holding text, refusing the sheet as soon as there are more than the limit.

    Empty rows are dropped and not counted: a stray formatted cell far down a sheet must not
    make a short tracker look too long.
    """
    count = 0
    for number, cells in rows:
        if any(text for text, _ in cells):
            count += 1
            check_limit(file_name, what, count, MAX_SHEET_ROWS)
            yield number, cells


def _xlsx_rows(sheet: Any) -> Iterator[SheetRow]:
    # The sheet's stated used range ("A1:XFD1048576" when a whole column was once formatted)
    # would pad every row to 16,384 cells and add every empty row to the end: forget it and
    # read only the rows and cells the sheet holds.
    sheet.reset_dimensions()
    for row in sheet.iter_rows():
        cells = [cell for cell in row if cell.value is not None or _xlsx_fill(cell)]
        if not cells:
            continue
        width = max(cell.column for cell in cells)
        texts: list[tuple[str, str | None]] = [("", None)] * width
        for cell in cells:
            texts[cell.column - 1] = (_xlsx_text(cell), _xlsx_fill(cell))
        yield cells[0].row, texts


def _sheet_blocks(rows: Iterable[SheetRow], sheet: str | None) -> list[Block]:
    """Paragraphs for the rows above the header row, then one table from the header row down
    (``rows`` are the rows holding text)."""
    kept = list(rows)
    if not kept:
        return []
    header_at = _table_start(kept)
    blocks: list[Block] = []
    for number, cells in kept[:header_at]:
        for column, (text, _) in enumerate(cells, 1):
            if text:
                blocks.append(_paragraph(text, Location(sheet=sheet, row=number, cell=column)))
    body = kept[header_at:]
    # (a last column may hold only fill colours: RAG ratings given by colour alone)
    width = max(
        max((c for c, (text, fill) in enumerate(cells, 1) if text or fill), default=0) for _, cells in body
    )
    table_rows = []
    for number, cells in body:
        padded = [*cells[:width], *[("", None)] * (width - len(cells))]
        table_rows.append(
            Row(
                tuple(
                    Cell(text, Location(sheet=sheet, row=number, cell=column), fill)
                    for column, (text, fill) in enumerate(padded, 1)
                ),
                Location(sheet=sheet, row=number),
            )
        )
    blocks.append(Table(tuple(table_rows), Location(sheet=sheet)))
    return blocks


def _table_start(rows: list[SheetRow]) -> int:
    """The index of the sheet's header row; without one (the plan's rows begin before any row
    reads as a header), of its first row holding two cells or more: the rows above a table
    (title, key, notes) hold one cell each."""
    for index, (_, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        texts = [text for text, _ in cells]
        if looks_like_header(texts):
            return index
        if opens_plan_rows(texts):
            break
    return next((i for i, (_, cells) in enumerate(rows) if sum(1 for t, _ in cells if t) >= 2), 0)


def _paragraph(text: str, location: Location) -> Paragraph | ListItem:
    stripped, had_bullet = strip_bullet(text)
    return ListItem(stripped, location) if had_bullet else Paragraph(text, location)


def _text(value: str) -> str:
    """A cell's text in the shared convention: one line per paragraph, list lines as "• ".

    Read like a cell of a text export: rich-text fields exported from web systems keep their
    markup, and bullets typed into a cell are the same glyphs."""
    return cell_text(value.replace("\r\n", "\n").replace("\r", "\n"))


def _xlsx_text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    number_format = str(getattr(cell, "number_format", "General") or "General")
    if isinstance(value, dt.datetime | dt.date):
        return _date_text(value, number_format)
    if isinstance(value, int | float):
        if "%" in number_format:
            return f"{value * 100:g}%"
        return str(int(value)) if float(value).is_integer() else f"{value:.15g}"
    return str(value)


_DATE_TOKEN = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d", re.IGNORECASE)
_FORMAT_NOISE = re.compile(r"\[[^\]]*\]|\\|\"|;.*$")


def _date_text(value: dt.date, number_format: str) -> str:
    """A date as the sheet displays it ("Mar-17" for ``mmm-yy``), since plans write dates that way."""
    pattern = _FORMAT_NOISE.sub("", number_format)
    if not _DATE_TOKEN.search(pattern) or re.search(r"[hs]", pattern, re.IGNORECASE):
        return value.isoformat()

    def render(match: re.Match[str]) -> str:
        token = match.group(0).lower()
        return {
            "yyyy": f"{value.year:04d}",
            "yy": f"{value.year % 100:02d}",
            "mmmm": value.strftime("%B"),
            "mmm": value.strftime("%b"),
            "mm": f"{value.month:02d}",
            "m": str(value.month),
            "dddd": value.strftime("%A"),
            "ddd": value.strftime("%a"),
            "dd": f"{value.day:02d}",
            "d": str(value.day),
        }[token]

    return _DATE_TOKEN.sub(render, pattern)


def _xlsx_fill(cell: Any) -> str | None:
    """A solid fill colour as RRGGBB (theme colours cannot be resolved and are left out)."""
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type != "solid":
        return None
    colour = fill.fgColor
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        rgb = colour.rgb[-6:]
    elif colour.type == "indexed" and isinstance(colour.indexed, int) and colour.indexed < len(COLOR_INDEX):
        rgb = COLOR_INDEX[colour.indexed][-6:]
    else:
        return None
    return None if rgb.upper() == "FFFFFF" else rgb.upper()
