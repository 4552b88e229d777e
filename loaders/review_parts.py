"""The parts of a document that concern the review, as units of running text.

A document is read as :class:`TextUnit` s (paragraphs, list items, table cells, each with its
place). A board pack carries unrelated papers: :func:`review_units` keeps the ones about the
review. :func:`most_stated_year` dates a document that has no date line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from loaders.blocks import DocumentBlocks, Location, Table
from loaders.dates import BARE_YEAR, plausible_year


@dataclass(frozen=True)
class TextUnit:
    """One piece of running text (a paragraph, list item or table cell) and where it is."""

    text: str
    location: Location


def text_units(doc: DocumentBlocks) -> list[TextUnit]:
    """Every paragraph, list item and table cell, in reading order."""
    units: list[TextUnit] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                units.extend(TextUnit(cell.text, cell.location) for cell in row.cells if cell.text.strip())
        elif block.text.strip():
            units.append(TextUnit(block.text, block.location))
    return units


# a new paper in a pack: an agenda item marker, a report's cover line, minutes (page and layout
# breaks are not: a report runs over many pages)
_PAPER_START = re.compile(
    r"^\s*(?:Agenda Item \d+\b|.{0,80}\bMeeting to be held on\b|Minutes of the Meeting\b)",
    re.IGNORECASE,
)
# a numbered item heading inside a paper ("8. Report on the inspection"): short, no full stop
_ITEM_HEADING = re.compile(r"^\s*\d{1,2}\.\s+[A-Z][^.\n]{2,90}$")
REVIEW_VOCABULARY = re.compile(
    r"\bCQC\b|Care Quality Commission|Children Looked After|Looked After Children|\bCLAS\b"
    r"|Safeguarding Review|Review of Health Services",
    re.IGNORECASE,
)
_TITLE_WINDOW = 10


def review_units(units: list[TextUnit]) -> list[TextUnit]:
    """The units that concern the review.

    A board pack carries unrelated papers: it is cut into papers at cover-sheet markers, and
    papers into numbered items; a paper whose title names the review is kept whole, otherwise
    only its items whose heading names it. A document with one paper, or where nothing is
    recognisably about the review, is kept whole.
    """
    papers: list[list[TextUnit]] = [[]]
    for unit in units:
        if _PAPER_START.match(unit.text) and papers[-1] and not _is_cover(papers[-1]):
            papers.append([])
        papers[-1].append(unit)
    if len(papers) == 1:
        return units
    kept: list[TextUnit] = []
    for paper in papers:
        title = " ".join(u.text for u in paper[:_TITLE_WINDOW])
        if REVIEW_VOCABULARY.search(title):
            kept.extend(paper)
            continue
        keep_item = False
        for unit in paper:
            first_line = unit.text.split("\t")[0].split("\n")[0]
            if _ITEM_HEADING.match(first_line):
                keep_item = bool(REVIEW_VOCABULARY.search(first_line))
            if keep_item:
                kept.append(unit)
    return kept or units


def _is_cover(paper: list[TextUnit]) -> bool:
    """A few short lines and no prose (an organisation, a meeting, a date, "Agenda Item 3"): the
    cover of the paper that follows, not a paper of its own."""
    return len(paper) <= _COVER_LINES and all(
        len(u.text.split()) <= _COVER_WORDS and not re.search(r"[.!?](?:\s|$)", u.text) for u in paper
    )


_COVER_LINES = 5
_COVER_WORDS = 12


def most_stated_year(units: Iterable[TextUnit]) -> str | None:
    """The year a document names most often: its date, near enough, when no date line says.
    Years are the date grammar's (:mod:`loaders.dates`): "Room 1205" is no year."""
    counts: dict[str, int] = {}
    for unit in units:
        for year in BARE_YEAR.findall(unit.text):
            if plausible_year(int(year)):
                counts[year] = counts.get(year, 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else None
