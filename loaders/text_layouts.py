"""Tables in plain text that are not tab-separated, recognised from their header row's words.

Text copied or exported from Word and PDF writes tables in several ways; each is read here
into the same :class:`Table` a tab-separated table gives (place: line):

* markdown rows, ``| cell | cell |``, with a ``|---|---|`` line under the header;
* one row per line with `` / `` between the cells;
* one cell per line, a blank line after each row (an empty cell written as "-");
* fixed-width columns (``pdftotext -layout``, copy-paste from PDF): cells padded with spaces,
  a wrapped cell running on below in its own column while its neighbours do the same, rows
  apart by blank lines; page breaks, page numbers and repeated header rows are dropped.

Every layout is accepted only where its first row reads as an action-plan header
(``loaders.columns.looks_like_header``), so prose that happens to hold slashes or runs of
spaces stays prose. A line that spans the columns alone ("2. <organisations> should:") is a
row with one cell, which the plan reader takes as a group header.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from loaders.blocks import Cell, Location, Row, Table
from loaders.columns import column_role, looks_like_header
from loaders.grid_tables import HEADER_LINES, Line, Run, Spacing, grid_header, grid_table

# the text reader's cleaning of a cell's raw text (tags, bullet glyphs) into the shared convention
Clean = Callable[[str], str]

_MARKDOWN_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SLASH = " / "
# a gap of two spaces or more between words: columns of a fixed-width table
_GAP = re.compile(r"\S\s{2,}\S")
_RUN = re.compile(r"\S+(?: \S+)*")
_LABEL_WITH_VALUE = re.compile(r"^[^:]{1,50}:\s+\S")
_EMPTY_CELL = {"-", "–", "—"}
# the most columns a one-cell-per-line header names, and its longest cell
_MOST_COLUMNS = 16
_SHORT = 80


def read_layout_table(lines: list[str], start: int, number: int, clean: Clean) -> tuple[Table, int] | None:
    """The table starting at ``lines[start]`` in one of the layouts above, and the index of
    the line after it; None if no such table starts there."""
    line = lines[start]
    for applies, reader in (
        (line.lstrip().startswith("|"), _markdown),
        (line.count(_SLASH) >= 2, _slash_rows),
        (bool(_GAP.search(line)), _fixed_width),
        (len(line) <= _SHORT and column_role(line) is not None, _cell_per_line),
    ):
        if applies and (found := reader(lines, start, number)) is not None:
            return _cleaned(found[0], clean), found[1]
    return None


# ----------------------------------------------------------------------------- building tables


def _clean_cell(text: str, clean: Clean) -> str:
    return "" if text.strip() in _EMPTY_CELL else clean(text)


def _cleaned(table: Table, clean: Clean) -> Table:
    rows = tuple(
        Row(tuple(Cell(_clean_cell(c.text, clean), c.location) for c in row.cells), row.location)
        for row in table.rows
    )
    return Table(rows, table.location)


def _table(raw_rows: list[tuple[list[str], int, int]], number: int) -> Table:
    """A table from (cell texts, first line, last line) rows; line numbers are 1-based."""
    rows: list[Row] = []
    for texts, first, last in raw_rows:
        index = len(rows) + 1
        cells = tuple(
            Cell(text, Location(line=first, end_line=last, table=number, row=index, cell=c))
            for c, text in enumerate(texts, 1)
        )
        rows.append(Row(cells, Location(line=first, end_line=last, table=number, row=index)))
    first_line = raw_rows[0][1]
    return Table(tuple(rows), Location(line=first_line, end_line=raw_rows[-1][2], table=number))


def _blank(line: str) -> bool:
    return not line.strip()


# ------------------------------------------------------------------------------------- markdown


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


def _markdown(lines: list[str], start: int, number: int) -> tuple[Table, int] | None:
    header = _pipe_cells(lines[start])
    if start + 1 >= len(lines) or not _MARKDOWN_RULE.match(lines[start + 1]) or not looks_like_header(header):
        return None
    rows = [(header, start + 1, start + 1)]
    i = start + 2
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        if not _MARKDOWN_RULE.match(lines[i]):
            cells = _pipe_cells(lines[i])
            rows.append(([*cells, *[""] * (len(header) - len(cells))], i + 1, i + 1))
        i += 1
    return _table(rows, number), i


# ----------------------------------------------------------------------------------- slash rows


def _slash_rows(lines: list[str], start: int, number: int) -> tuple[Table, int] | None:
    header = [cell.strip() for cell in lines[start].split(_SLASH)]
    if not looks_like_header(header):
        return None
    width = len(header)
    rows = [(header, start + 1, start + 1)]
    i = start + 1
    while i < len(lines) and not _blank(lines[i]):
        # an editor strips the spaces after a last empty cell: "... / Green /"
        line = lines[i].rstrip() + (" " if lines[i].rstrip().endswith(" /") else "")
        separators = line.count(_SLASH)
        if 0 < separators <= width - 1:
            cells = [cell.strip() for cell in line.split(_SLASH)]
            rows.append(([*cells, *[""] * (width - len(cells))], i + 1, i + 1))
        elif separators == 0:
            rows.append(([line.strip(), *[""] * (width - 1)], i + 1, i + 1))  # a group header
        else:
            break
        i += 1
    return (_table(rows, number), i) if len(rows) > 1 else None


# ------------------------------------------------------------------------------- cell per line


def _cell_per_line(lines: list[str], start: int, number: int) -> tuple[Table, int] | None:
    header_end = start
    limit = min(len(lines), start + _MOST_COLUMNS + 1)
    while header_end < limit and not _blank(lines[header_end]) and len(lines[header_end]) <= _SHORT:
        header_end += 1
    header = [line.strip() for line in lines[start:header_end]]
    if not 3 <= len(header) <= _MOST_COLUMNS or (header_end < len(lines) and not _blank(lines[header_end])):
        return None
    if any(_LABEL_WITH_VALUE.match(line) for line in header):
        return None  # "Lead: Head of Nursing" lines are a label-value record, not a header
    if not looks_like_header(header):
        return None
    width = len(header)
    rows = [(header, start + 1, header_end)]
    end = header_end
    i = header_end
    pending: list[tuple[list[str], int, int]] = []  # one-line groups, kept once a row follows
    while i < len(lines):
        while i < len(lines) and _blank(lines[i]):
            i += 1
        block_start = i
        while i < len(lines) and not _blank(lines[i]):
            i += 1
        block = [line.strip() for line in lines[block_start:i]]
        if len(block) == width:
            rows.extend(pending)
            pending = []
            rows.append((block, block_start + 1, i))
            end = i
        elif len(block) == 1:
            pending.append(([block[0], *[""] * (width - 1)], block_start + 1, i))
        else:
            break
    return (_table(rows, number), end) if len(rows) > 1 else None


# --------------------------------------------------------------------------------- fixed width

# in fixed-width text a column is two spaces or more from the next; pdftotext shifts a wrapped
# line's words by a character or two
_FIXED = Spacing(gap=2, align=2)


def _runs(line: str) -> Line:
    return [Run(m.start(), m.end(), m.group()) for m in _RUN.finditer(line.replace("\f", ""))]


def _fixed_width(lines: list[str], start: int, number: int) -> tuple[Table, int] | None:
    if grid_header([_runs(line) for line in lines[start : start + HEADER_LINES]], 0, _FIXED) is None:
        return None  # (checked on the first lines alone, so that prose costs little)
    found = grid_table([_runs(line) for line in lines[start:]], 0, _FIXED)
    if found is None:
        return None
    rows, end = found
    numbered = [(cells, start + first + 1, start + last + 1) for cells, first, last in rows]
    return _table(numbered, number), start + end
