"""A document's text as its reader saw it, kept in the store so that showing a source never reads
the document again.

Every page that shows where a fact was read (a recommendation's sources, the source page, a
document's text) needs the document's paragraphs, list items and table cells with their
locations. Reading them means running the document's reader again (openpyxl, pdfplumber, the text
table reader): 0.1-0.3 s a document at national scale, on every first view of each of ~340
documents. The loader has the blocks in hand anyway, so it keeps the entries with the document
(:meth:`graph.store.Store.put`, compressed); a page then reads them back in milliseconds.

Kept entries are keyed by the content's hash and name the extractor that read them
(``loaders.fingerprint.extractor_version``): entries from another reader version are read again,
never shown as if this version had read them.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass

from loaders.blocks import DocumentBlocks, ListItem, Location, Paragraph, Table


@dataclass(frozen=True)
class SourceEntry:
    """One paragraph, list item or table cell of a document, with where it sits."""

    where: str
    text: str
    location: Location


def source_entries(blocks: DocumentBlocks) -> tuple[SourceEntry, ...]:
    """The document's text as its reader gives it: one entry per paragraph, list item or cell."""
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


def encode(entries: tuple[SourceEntry, ...]) -> bytes:
    """Entries as the store keeps them: compressed JSON ``[text, location]`` pairs (``where`` is
    the location described, so it is not kept)."""
    rows = [[entry.text, entry.location.to_dict()] for entry in entries]
    return zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def decode(data: bytes) -> tuple[SourceEntry, ...]:
    """The entries :func:`encode` kept."""
    entries = []
    for text, location in json.loads(zlib.decompress(data)):
        place = Location(**location)
        entries.append(SourceEntry(place.describe(), text, place))
    return tuple(entries)
