"""The shared cell-text convention of every reader: one line per paragraph, list items as "• ".

Every reader (text, PDF, DOCX, HTML, XLSX/CSV) tells a list item by the same leading glyphs and
joins lines into a cell's text the same way, through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# glyphs that mark a list item in the sources: bullets, squares, Word's Symbol-font bullet
# (U+F0B7) when text is copied out of a list, and "-", "–", "*" or "o" when a space follows
# ("-5 degrees" and "*Quality* board" are not list items)
_BULLET = re.compile(r"^\s*(?:(?:[•◦▪▫■□●○·‣⁃\uf0b7\uf0a7]|[*–-](?=\s)|o(?=\s))\s*)+")


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
    """Lines joined into one cell's text: a line with a bullet glyph as a "• " list line, runs
    of spaces made one, blank lines and bare bullets dropped."""
    joined = []
    for line in lines:
        text, had_bullet = strip_bullet(line)
        if text:
            joined.append(("• " if had_bullet else "") + " ".join(text.split()))
    return "\n".join(joined)
