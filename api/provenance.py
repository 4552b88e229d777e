"""Showing where a fact was read: the stored document, as its reader saw it, with the place marked.

The store keeps every document's original bytes; they are read again by the same reader that
loaded them (:func:`loaders.readers.read_document`), so the text shown is what the extraction
saw, in any format, and a location (line, page, table/row/cell, sheet, element) can be matched
against the blocks' own locations.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.documents import StoredDocument
from graph.store import Store
from loaders.blocks import ListItem, Location, Paragraph, Table
from loaders.errors import UnreadableDocument

CONTEXT_ENTRIES = 8
# location fields that must be equal for a block to be the place a fact was read
_EXACT_FIELDS = ("page", "table", "row", "cell", "sheet", "element")


@dataclass(frozen=True)
class SourceEntry:
    """One paragraph, list item or table cell of a document, with where it sits."""

    where: str
    text: str
    location: Location


@dataclass(frozen=True)
class Excerpt:
    """The entries around a location; ``marked`` holds the indexes of the entries at it."""

    document: str
    where: str
    entries: list[SourceEntry]
    marked: frozenset[int]
    first_number: int


def document_entries(store: Store, doc: StoredDocument) -> list[SourceEntry]:
    """The document's text as its reader gives it: one entry per paragraph, list item or cell."""
    return list(_entries(store.path, doc.id, doc.file_name, doc.sha256))


def document_text(store: Store, doc: StoredDocument) -> str:
    """The whole document as plain text, each entry prefixed with where it sits."""
    return "\n".join(f"[{e.where}] {e.text}" for e in document_entries(store, doc))


def excerpt(store: Store, doc: StoredDocument, location: dict[str, Any]) -> Excerpt:
    """The entries at ``location`` (a ``Location.to_dict()``), with a few entries either side."""
    entries = document_entries(store, doc)
    marked = [i for i, entry in enumerate(entries) if at_location(entry.location, location)]
    if marked:
        start = max(0, marked[0] - CONTEXT_ENTRIES)
        stop = min(len(entries), marked[-1] + CONTEXT_ENTRIES + 1)
    else:
        start, stop = 0, min(len(entries), 2 * CONTEXT_ENTRIES)
    return Excerpt(
        document=doc.file_name,
        where=Location(**location).describe() if location else "whole document",
        entries=entries[start:stop],
        marked=frozenset(i - start for i in marked),
        first_number=start + 1,
    )


def at_location(place: Location, location: dict[str, Any]) -> bool:
    """Whether a block at ``place`` is (part of) what ``location`` points to."""
    exact = {name: location[name] for name in _EXACT_FIELDS if location.get(name) is not None}
    if any(getattr(place, name) != value for name, value in exact.items()):
        return False
    if location.get("line") is not None:
        if place.line is None:
            return False
        first, last = location["line"], location.get("end_line") or location["line"]
        return place.line <= last and (place.end_line or place.line) >= first
    return bool(exact)


@lru_cache(maxsize=128)  # a national store has ~340 documents: a page reads one or two
def _entries(db: Path, doc_id: str, file_name: str, sha256: str) -> tuple[SourceEntry, ...]:
    # keyed on the version's hash: a new version of the document is read afresh
    with Store(db, create=False) as store:
        content = store.content(doc_id)
    # the readers (pdfplumber, python-docx, ...) are imported by the first page that shows a
    # source, not by every server start
    from loaders.readers import read_document

    with tempfile.TemporaryDirectory(prefix="sgraph-source-") as folder:
        path = Path(folder) / file_name
        path.write_bytes(content)
        try:
            blocks = read_document(path)
        except UnreadableDocument as exc:
            return (SourceEntry("document", f"cannot be shown: {exc.reason}", Location()),)
    entries: list[SourceEntry] = []
    for block in blocks.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    if cell.text.strip():
                        entries.append(SourceEntry(cell.location.describe(), cell.text, cell.location))
        elif isinstance(block, Paragraph | ListItem):
            bullet = "• " if isinstance(block, ListItem) and not block.text.startswith("•") else ""
            entries.append(SourceEntry(block.location.describe(), bullet + block.text, block.location))
    return tuple(entries)
