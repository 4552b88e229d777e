"""The shared cell-text convention of every reader: one line per paragraph, list items as "• "."""

from __future__ import annotations

import re
from collections.abc import Iterable

# glyphs that mark a list item in the sources: bullets, squares, dashes, "o" and Word's
# Symbol-font bullet (U+F0B7) when text is copied out of a list
_BULLET = re.compile(r"^\s*(?:(?:[•◦▪▫■□●○·‣⁃\uf0b7\uf0a7*–-]|o(?=\s))\s*)+")


def strip_bullet(text: str) -> tuple[str, bool]:
    """The text without a leading bullet glyph, and whether it had one."""
    match = _BULLET.match(text)
    if match is None:
        return text.strip(), False
    return text[match.end() :].strip(), True


def list_line(text: str) -> str:
    """A list item as a line of cell text."""
    return "• " + strip_bullet(text)[0]


def cell_text(lines: Iterable[str]) -> str:
    """Lines joined into one cell's text; blank lines and bare bullets dropped."""
    return "\n".join(line.strip() for line in lines if strip_bullet(line)[0])
