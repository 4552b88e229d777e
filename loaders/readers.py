"""Pick the reader for a file by its content (never by its extension alone)."""

from __future__ import annotations

from pathlib import Path

from loaders.blocks import DocumentBlocks
from loaders.errors import UnreadableDocument
from loaders.text_reader import read_text


def read_document(path: Path) -> DocumentBlocks:
    """Read any supported file into blocks; ``UnreadableDocument`` names the file and reason."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(path.name, f"cannot be opened ({exc.strerror or exc})") from exc
    return read_text(path.name, raw)
