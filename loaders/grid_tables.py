"""Tables drawn by position alone: columns from where the header's words sit, no rules needed.

Fixed-width text (``pdftotext -layout``, copy-paste from PDF) and PDF tables drawn without
lines, or with horizontal rules only, share one shape: lines of runs of text at horizontal
positions. The header row fixes the columns (the edges of the runs its lines make together);
below it each run goes to the column it starts in, a wrapped line continues its cell while the
cells beside it do the same, and a blank (a vertical gap, or a rule) ends the row. Page
breaks, page numbers and header rows repeated on every page are dropped. The header must read
as an action-plan header (``loaders.columns.looks_like_header``), so prose is never a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.columns import looks_like_header


@dataclass(frozen=True)
class Run:
    """Words standing together on one line, from ``start`` to ``end`` (characters or points)."""

    start: float
    end: float
    text: str


Line = list[Run]  # an empty list is a blank line
RawRow = tuple[list[str], int, int]  # cell texts, index of its first line and of its last
_PAGE_FURNITURE = re.compile(r"^(page\s*)?\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE)
# the most lines a header row may take
HEADER_LINES = 4


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
    rows: list[RawRow] = [(header, start, header_end - 1)]
    block: list[int] = []
    end = header_end

    def close() -> None:
        if block:
            rows.append((_cells([lines[i] for i in block], starts, spacing.align), block[0], block[-1]))
            block.clear()

    for i in range(header_end, len(lines)):
        line = lines[i]
        text = _text(line)
        if not line or text in repeated or _PAGE_FURNITURE.match(text):
            close()
        elif not block and not _aligned(line, starts, spacing.align):
            break  # text after the table
        else:
            block.append(i)
            end = i + 1
    close()
    return (rows, end) if len(rows) > 1 else None


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
