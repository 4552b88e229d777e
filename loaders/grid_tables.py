"""Tables drawn by position alone: columns from where the header's words sit, no rules needed.

Fixed-width text (``pdftotext -layout``, copy-paste from PDF) and PDF tables drawn without
lines, or with horizontal rules only, share one shape: lines of runs of text at horizontal
positions. The header row fixes the columns (the edges of the runs its lines make together);
below it each run goes to the column it starts in, a wrapped line continues its cell while the
cells beside it do the same, and a blank (a vertical gap, or a rule) ends the row. Where no
blank parts the rows at all, a row starts where its content does: a recommendation number in
the first column, or a new date, status or rating in a column that holds one per row. Page
breaks, page numbers and header rows repeated on every page are dropped. The header must read
as an action-plan header (``loaders.columns.looks_like_header``), so prose is never a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.columns import ColumnRole, column_role, looks_like_header
from loaders.list_text import PAGE_FURNITURE
from loaders.status import rag_from_text, status_from_text
from loaders.timescales import has_date


@dataclass(frozen=True)
class Run:
    """Words standing together on one line, from ``start`` to ``end`` (characters or points)."""

    start: float
    end: float
    text: str


Line = list[Run]  # an empty list is a blank line
RawRow = tuple[list[str], int, int]  # cell texts, index of its first line and of its last
# the most lines a header row may take
HEADER_LINES = 4
# a recommendation number opening a row's first cell ("1.1", "12", "3.2a", "(4)")
_ROW_ID = re.compile(r"^\(?\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?[.):]?(?:\s|$)")
# columns that hold one short value per row; a date opens a timescale in its first words
_ONE_VALUE: frozenset[ColumnRole | None] = frozenset({"timescale", "status", "rag"})
_DATE_WORDS = 3


@dataclass(frozen=True)
class Spacing:
    """How far apart two columns are at least (``gap``), and how far a wrapped line may start
    from its column's edge (``align``), in the units of the runs' positions."""

    gap: float
    align: float


def grid_header(lines: list[Line], start: int, spacing: Spacing) -> tuple[list[str], list[float], int] | None:
    """The header cells, column edges and end of the plan header starting at ``lines[start]``."""
    header_end = start
    while header_end < len(lines) and lines[header_end] and header_end - start < HEADER_LINES:
        if header_end > start and _ROW_ID.match(lines[header_end][0].text):
            break  # the first row, set close under the header
        header_end += 1
    header_lines = lines[start:header_end]
    starts = _column_starts(header_lines, spacing.gap)
    if len(starts) < 3:
        return None
    header = _cells(header_lines, starts, spacing.align)
    return (header, starts, header_end) if looks_like_header(header) else None


def grid_table(lines: list[Line], start: int, spacing: Spacing) -> tuple[list[RawRow], int] | None:
    """The rows of the table whose header starts at ``lines[start]`` (the header first), and
    the index of the line after the table; None if no plan header starts there."""
    found = grid_header(lines, start, spacing)
    if found is None:
        return None
    header, starts, header_end = found
    header_lines = lines[start:header_end]
    repeated = {_text(line) for line in header_lines}
    blocks: list[list[int]] = []
    block: list[int] = []
    gaps = False  # whether blank lines (gaps, rules) part the rows
    end = header_end

    def close() -> None:
        if block:
            blocks.append(list(block))
            block.clear()

    for i in range(header_end, len(lines)):
        line = lines[i]
        text = _text(line)
        if not line or text in repeated or PAGE_FURNITURE.match(text):
            gaps = gaps or (not line and bool(block))
            close()
        elif not block and not _aligned(line, starts, spacing.align):
            break  # text after the table
        else:
            block.append(i)
            end = i + 1
    close()
    if not gaps:
        # rows set close with no gap between them: where each starts is read from its content
        roles = [column_role(name) for name in header]
        blocks = [part for b in blocks for part in _split_by_content(lines, b, starts, spacing.align, roles)]
    rows: list[RawRow] = [(header, start, header_end - 1)]
    rows.extend((_cells([lines[i] for i in b], starts, spacing.align), b[0], b[-1]) for b in blocks)
    return (rows, end) if len(rows) > 1 else None


def _split_by_content(
    lines: list[Line], block: list[int], starts: list[float], align: float, roles: list[ColumnRole | None]
) -> list[list[int]]:
    """The rows of a block of lines with no gap between rows: a line opens a row when its first
    column starts with a recommendation number, or when a timescale, status or rating column
    that already holds a value in the row gets a new one (a date, a status or RAG word)."""
    parts: list[list[int]] = []
    filled: set[int] = set()
    for i in block:
        placed = [(_column_of(run.start, starts, align), run.text) for run in lines[i]]
        if parts and any(_opens_value(column, text, roles, filled) for column, text in placed):
            parts.append([])
            filled = set()
        if not parts:
            parts.append([])
        parts[-1].append(i)
        filled.update(column for column, _ in placed)
    return parts


def _opens_value(column: int, text: str, roles: list[ColumnRole | None], filled: set[int]) -> bool:
    if column == 0 and _ROW_ID.match(text):
        return True
    role = roles[column] if column < len(roles) else None
    if column not in filled or role not in _ONE_VALUE:
        return False
    if role == "timescale":
        return has_date(" ".join(text.split()[:_DATE_WORDS]))
    return rag_from_text(text) is not None or status_from_text(text) is not None


def _text(line: Line) -> str:
    return " ".join(run.text for run in line).strip()


def _column_starts(header_lines: list[Line], gap: float) -> list[float]:
    """The left edges of the runs the header lines make together (runs closer than ``gap``
    are one column)."""
    spans = sorted((run.start, run.end) for line in header_lines for run in line)
    starts: list[float] = []
    reach = float("-inf")
    for left, right in spans:
        if left - reach >= gap:
            starts.append(left)
        reach = max(reach, right)
    return starts


def _column_of(position: float, starts: list[float], align: float) -> int:
    return max((k for k, start in enumerate(starts) if start <= position + align), default=0)


def _aligned(line: Line, starts: list[float], align: float) -> bool:
    """Whether every run of ``line`` starts at a column's edge."""
    return all(any(abs(run.start - start) <= align for start in starts) for run in line)


def _cells(block: list[Line], starts: list[float], align: float) -> list[str]:
    """Cell texts of the lines of one row: each run goes to the column it starts in; a wrapped
    line continues its cell's sentence, a bullet starts a line of its own."""
    columns: list[list[str]] = [[] for _ in starts]
    for line in block:
        for run in line:
            parts = columns[_column_of(run.start, starts, align)]
            if parts and not run.text.startswith("•"):
                parts[-1] = f"{parts[-1]} {run.text}"
            else:
                parts.append(run.text)
    return ["\n".join(parts) for parts in columns]
