"""Showing where a fact was read: the stored document, as its reader saw it, with the place marked.

The store keeps every document's original bytes and, since the loader has its reader's blocks in
hand anyway, its text as that reader saw it (:mod:`graph.source_text`); a page reads that back
instead of running the reader again (0.1-0.3 s a document at national scale). A version loaded
before texts were kept, or read by another extractor, is read again by the same reader that loads
documents (:func:`loaders.readers.read_document`) once, and its text kept. Either way the text
shown is what the extraction saw, in any format, and a location (line, page, table/row/cell,
sheet, element) can be matched against the blocks' own locations.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.documents import StoredDocument
from graph.source_text import SourceEntry, SourceText, decode_text, encode, source_entries
from graph.store import Store, StoreError
from loaders.blocks import Location
from loaders.errors import UnreadableDocument
from loaders.fingerprint import extractor_version

CONTEXT_ENTRIES = 8
# location fields that must be equal for a block to be the place a fact was read
_EXACT_FIELDS = ("page", "table", "row", "cell", "sheet", "element")
# the one a location's candidate entries are found by: the fewest entries share a value of it
_NARROWEST_FIRST = ("element", "row", "cell", "page", "table", "sheet")
# Documents' texts kept in memory (:class:`SourceText`), up to this many entries in all: a
# national store (~340 documents) has ~175k. A page shows one or two documents' excerpts;
# decoding a tracker's whole kept text again for each was ~9% of the server's time under load.
KEPT_ENTRIES = 250_000
_recent: OrderedDict[tuple[Path, str, str], SourceText] = OrderedDict()
_recent_lock = threading.Lock()


@dataclass(frozen=True)
class Excerpt:
    """The entries around a location; ``marked`` holds the indexes of the entries at it."""

    document: str
    where: str
    entries: tuple[SourceEntry, ...]
    marked: frozenset[int]
    first_number: int


def marked(text: SourceText, location: dict[str, Any]) -> list[int]:
    """The entries of ``text`` at ``location``, as :func:`at_location` judges them: it is asked
    only about the entries that share the location's narrowest field (or overlap its lines)."""
    at = at_location(location)
    return [i for i in _candidates(text, location) if at(text.location(i))]


def _candidates(text: SourceText, location: dict[str, Any]) -> list[int]:
    for name in _NARROWEST_FIRST:
        wanted = location.get(name)
        if wanted is None:
            continue
        if name == "element":
            return [i for i, v in enumerate(text.column(name)) if _within(name, v, wanted)]
        return [i for i, v in enumerate(text.column(name)) if v == wanted]
    first = location.get("line")
    if first is None:
        return []
    last = location.get("end_line") or first
    return [
        i
        for i, (line, end) in enumerate(zip(text.column("line"), text.column("end_line"), strict=True))
        if line is not None and line <= last and (end or line) >= first
    ]


def document_entries(store: Store, doc: StoredDocument) -> tuple[SourceEntry, ...]:
    """The document's text as its reader gives it: one entry per paragraph, list item or cell."""
    return kept_text(store, doc).entries()


def kept_text(store: Store, doc: StoredDocument) -> SourceText:
    """The document's text, kept in memory among the most recently shown."""
    key = (store.path, doc.id, doc.sha256)
    with _recent_lock:
        found = _recent.get(key)
        if found is not None:
            _recent.move_to_end(key)
            return found
    text = _kept_or_read(store, doc)
    with _recent_lock:
        _recent[key] = text
        kept = sum(len(t) for t in _recent.values())
        while kept > KEPT_ENTRIES and len(_recent) > 1:
            kept -= len(_recent.popitem(last=False)[1])
    return text


def document_text(store: Store, doc: StoredDocument) -> str:
    """The whole document as plain text, each entry prefixed with where it sits."""
    return "\n".join(f"[{e.where}] {e.text}" for e in document_entries(store, doc))


def excerpt(store: Store, doc: StoredDocument, location: dict[str, Any]) -> Excerpt:
    """The entries at ``location`` (a ``Location.to_dict()``), with a few entries either side."""
    text = kept_text(store, doc)
    at = marked(text, location)
    if at:
        start = max(0, at[0] - CONTEXT_ENTRIES)
        stop = min(len(text), at[-1] + CONTEXT_ENTRIES + 1)
    else:
        start, stop = 0, min(len(text), 2 * CONTEXT_ENTRIES)
    return Excerpt(
        document=doc.file_name,
        where=Location(**location).describe() if location else "whole document",
        entries=text.entries(start, stop),
        marked=frozenset(i - start for i in at),
        first_number=start + 1,
    )


def at_location(location: dict[str, Any]) -> Callable[[Location], bool]:
    """Whether a block at a place is (part of) what ``location`` points to (the test made once
    for a document's thousand entries)."""
    exact = [(name, location[name]) for name in _EXACT_FIELDS if location.get(name) is not None]
    first = location.get("line")
    last = location.get("end_line") or first

    def at(place: Location) -> bool:
        if any(not _within(name, getattr(place, name), value) for name, value in exact):
            return False
        if first is not None and last is not None:
            return place.line is not None and place.line <= last and (place.end_line or place.line) >= first
        return bool(exact)

    return at


def _within(name: str, have: object, wanted: object) -> bool:
    # an HTML element path names a row ("table 1 > row 2") whose cells are its parts
    if name == "element" and isinstance(have, str) and isinstance(wanted, str):
        return have == wanted or have.startswith(wanted + " > ")
    return have == wanted


def _kept_or_read(store: Store, doc: StoredDocument) -> SourceText:
    extractor = extractor_version()
    kept = store.source_text(doc.id, doc.sha256, extractor)
    found = decode_text(kept) if kept is not None else None
    if found is not None:
        return found
    entries = _read(doc.file_name, store.content(doc.id))
    # a store the server may not write to is read again next time
    with contextlib.suppress(sqlite3.Error, StoreError):
        store.keep_source_text(doc.id, doc.sha256, extractor, encode(entries))
    return SourceText.of(entries)


def _read(file_name: str, content: bytes) -> tuple[SourceEntry, ...]:
    # the readers (pdfplumber, python-docx, ...) are imported by the first page that reads a
    # document again, not by every server start
    from loaders.readers import read_document

    with tempfile.TemporaryDirectory(prefix="sgraph-source-") as folder:
        path = Path(folder) / file_name
        path.write_bytes(content)
        try:
            return source_entries(read_document(path))
        except UnreadableDocument as exc:
            return (SourceEntry(f"cannot be shown: {exc.reason}", Location()),)
