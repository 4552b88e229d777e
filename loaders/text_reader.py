"""Placeholder: replaced by the text reader (tab tables with multi-line cells)."""

from __future__ import annotations

from loaders.blocks import DocumentBlocks, Location, Paragraph


def read_text(file_name: str, raw: bytes) -> DocumentBlocks:
    lines = raw.decode("utf-8", errors="replace").splitlines()
    blocks = [Paragraph(line, Location(line=n)) for n, line in enumerate(lines, 1) if line.strip()]
    return DocumentBlocks(file_name, "text", list(blocks))
