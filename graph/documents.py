"""A document as the store holds it: identity, current version and its extraction."""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.records import Extraction


@dataclass(frozen=True)
class StoredDocument:
    """The current version of one source document.

    ``id`` is stable across versions (derived from the file name), so an action plan reloaded
    next quarter replaces the facts of its previous version; ``sha256`` identifies the version.
    """

    id: str
    file_name: str
    format: str
    sha256: str
    size: int
    loaded_at: str
    extraction: Extraction
    # the extraction as the store holds it (JSON), when read from the store: a digest of it tells
    # versions apart without writing the extraction out again (graph/parts.py, graph/snapshot.py)
    stored_json: str = field(default="", compare=False, repr=False)
