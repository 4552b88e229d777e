"""PDF tables drawn without lines, or with horizontal rules only (a Word table saved as PDF).

pdfplumber finds ruled tables from their lines; a table without vertical lines has none to
find. Here a page's words become lines of runs at x positions (words closer than a fraction of
the font size stand together), a vertical gap wider than the usual line spacing or a rule
between two lines becomes a blank line, and :func:`loaders.grid_tables.grid_table` reads a
table wherever a plan header sits, its columns where the header's words are. Place: page,
row and cell, as for ruled tables.
"""

from __future__ import annotations

from statistics import median
from typing import Any

from loaders.blocks import Cell, Location, Row, Table
from loaders.grid_tables import Line, Run, Spacing, grid_header, grid_table

BBox = tuple[float, float, float, float]
# words closer than this share a run; a wrapped line starts this close to its column's edge;
# lines further apart than this (in font sizes) are in different rows
_WORD_GAP = 0.6
_ALIGN = 0.6
_ROW_GAP = 0.6


def unruled_tables(page: Any, page_number: int) -> list[tuple[BBox, Table]]:
    """Tables of a page that has no ruled table, each with the box it covers."""
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
    if not words:
        return []
    size = median(word["bottom"] - word["top"] for word in words)
    lines, spans = _grid_lines(words, _rules(page), size)
    spacing = Spacing(gap=_WORD_GAP * size, align=_ALIGN * size)
    found: list[tuple[BBox, Table]] = []
    i = 0
    while i < len(lines):
        table = grid_table(lines, i, spacing) if lines[i] and grid_header(lines, i, spacing) else None
        if table is None:
            i += 1
            continue
        rows, end = table
        top, bottom = spans[i][0], max(spans[k][1] for k in range(i, end) if lines[k])
        found.append(((0.0, top - 1, float(page.width), bottom + 1), _table(rows, page_number)))
        i = end
    return found


def _rules(page: Any) -> list[float]:
    """Heights of the horizontal rules drawn across a good part of the page."""
    return sorted(
        edge["top"]
        for edge in page.edges
        if edge.get("orientation") == "h" and edge["x1"] - edge["x0"] > 0.2 * page.width
    )


def _grid_lines(
    words: list[dict[str, Any]], rules: list[float], size: float
) -> tuple[list[Line], list[tuple[float, float]]]:
    """Lines of runs, a blank line where rows part; with each line's top and bottom."""
    ordered = sorted(words, key=lambda w: (round(w["top"] / (size * 0.4)), w["x0"]))
    grouped: list[list[dict[str, Any]]] = []
    for word in ordered:
        if grouped and abs(word["top"] - grouped[-1][0]["top"]) <= size * 0.4:
            grouped[-1].append(word)
        else:
            grouped.append([word])
    lines: list[Line] = []
    spans: list[tuple[float, float]] = []
    previous_bottom: float | None = None
    for group in grouped:
        group.sort(key=lambda w: w["x0"])
        top, bottom = min(w["top"] for w in group), max(w["bottom"] for w in group)
        if previous_bottom is not None and (
            top - previous_bottom > _ROW_GAP * size or any(previous_bottom <= r <= top for r in rules)
        ):
            lines.append([])
            spans.append((previous_bottom, top))
        lines.append(_runs(group, size))
        spans.append((top, bottom))
        previous_bottom = bottom
    return lines, spans


def _runs(words: list[dict[str, Any]], size: float) -> Line:
    runs: Line = []
    for word in words:
        if runs and word["x0"] - runs[-1].end < _WORD_GAP * size:
            last = runs[-1]
            runs[-1] = Run(last.start, word["x1"], f"{last.text} {word['text']}")
        else:
            runs.append(Run(word["x0"], word["x1"], word["text"]))
    return runs


def _table(rows: list[tuple[list[str], int, int]], page_number: int) -> Table:
    table_rows = []
    for index, (texts, _, _) in enumerate(rows, 1):
        cells = tuple(
            Cell(text, Location(page=page_number, row=index, cell=column))
            for column, text in enumerate(texts, 1)
        )
        table_rows.append(Row(cells, Location(page=page_number, row=index)))
    return Table(tuple(table_rows), Location(page=page_number))
