"""A document's text as its reader saw it, kept in the store so that showing a source never reads
the document again.

Every page that shows where a fact was read (a recommendation's sources, the source page, a
document's text) needs the document's paragraphs, list items and table cells with their
locations. Reading them means running the document's reader again (openpyxl, pdfplumber, the text
table reader): 0.1-0.3 s a document at national scale, on every first view of each of ~340
documents. The loader has the blocks in hand anyway, so it keeps the entries with the document
(:meth:`graph.store.Store.put`, compressed); a page then reads them back in milliseconds.

Kept entries are keyed by the document and its content's hash, and name the extractor that read
them (``loaders.fingerprint.extractor_version``, which covers the readers) and the version of
this module that wrote them (:data:`MADE_BY`): entries made by other code are read again, never
shown as if this code had made them.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

from loaders.blocks import DocumentBlocks, ListItem, Location, Paragraph, Table

# What made a kept text: this module's code (the extractor's version, kept beside it, covers the
# readers); a text made by other code is read again rather than shown as this code's.
MADE_BY = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


@dataclass(frozen=True)
class SourceEntry:
    """One paragraph, list item or table cell of a document, with where it sits."""

    text: str
    location: Location

    @property
    def where(self) -> str:
        """Where it sits, in words ("line 4", "sheet Plan, row 3, cell 2")."""
        return self.location.describe()


def source_entries(blocks: DocumentBlocks) -> tuple[SourceEntry, ...]:
    """The document's text as its reader gives it: one entry per paragraph, list item or cell."""
    entries: list[SourceEntry] = []
    for block in blocks.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    if cell.text.strip():
                        entries.append(SourceEntry(cell.text, cell.location))
        elif isinstance(block, Paragraph | ListItem):
            bullet = "• " if isinstance(block, ListItem) and not block.text.startswith("•") else ""
            entries.append(SourceEntry(bullet + block.text, block.location))
    return tuple(entries)


def encode(entries: tuple[SourceEntry, ...]) -> bytes:
    """Entries as the store keeps them: compressed JSON ``[text, location]`` pairs, marked with
    this module's version (:data:`MADE_BY`)."""
    rows = [[entry.text, entry.location.to_dict()] for entry in entries]
    kept = {"made_by": MADE_BY, "entries": rows}
    return zlib.compress(json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def decode(data: bytes) -> tuple[SourceEntry, ...] | None:
    """The entries :func:`encode` kept; None if another version of this module made them."""
    kept = json.loads(zlib.decompress(data))
    if not isinstance(kept, dict) or kept.get("made_by") != MADE_BY:
        return None
    return tuple(SourceEntry(text, Location(**place)) for text, place in kept["entries"])
