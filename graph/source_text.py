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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class SourceText:
    """A document's entries as kept: their texts and their locations as columns, one per location
    field some entry has (None where an entry has none). A page shows ~17 entries of a tracker's
    ~1,600: it makes a :class:`Location` only for those (:meth:`entries`), and finds the ones it
    wants by scanning a column rather than every entry's location."""

    texts: tuple[str, ...]
    places: dict[str, tuple[Any, ...]]

    @classmethod
    def of(cls, entries: Sequence[SourceEntry]) -> SourceText:
        located = [entry.location.to_dict() for entry in entries]
        fields = sorted({name for place in located for name in place})
        places = {name: tuple(place.get(name) for place in located) for name in fields}
        return cls(tuple(entry.text for entry in entries), places)

    def __len__(self) -> int:
        return len(self.texts)

    def column(self, name: str) -> tuple[Any, ...]:
        """Each entry's value of a location field (None where unset)."""
        return self.places.get(name) or (None,) * len(self.texts)

    def location(self, i: int) -> Location:
        return Location(**{name: column[i] for name, column in self.places.items() if column[i] is not None})

    def entries(self, start: int = 0, stop: int | None = None) -> tuple[SourceEntry, ...]:
        """The entries from ``start`` up to ``stop`` (as a slice)."""
        numbers = range(len(self.texts))[start:stop]
        return tuple(SourceEntry(self.texts[i], self.location(i)) for i in numbers)


def encode(entries: Sequence[SourceEntry]) -> bytes:
    """Entries as the store keeps them: compressed JSON of their texts and location columns
    (:class:`SourceText`; a third of the size of a location mapping per entry, and read back
    three times as fast), marked with this module's version (:data:`MADE_BY`)."""
    text = SourceText.of(entries)
    kept = {"made_by": MADE_BY, "texts": text.texts, "places": text.places}
    return zlib.compress(json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def decode(data: bytes) -> tuple[SourceEntry, ...] | None:
    """The entries :func:`encode` kept; None if another version of this module made them."""
    text = decode_text(data)
    return None if text is None else text.entries()


def decode_text(data: bytes) -> SourceText | None:
    """The :class:`SourceText` :func:`encode` kept; None if another version of this module made it."""
    kept = json.loads(zlib.decompress(data))
    if not isinstance(kept, dict) or kept.get("made_by") != MADE_BY:
        return None
    return SourceText(tuple(kept["texts"]), {name: tuple(v) for name, v in kept["places"].items()})
