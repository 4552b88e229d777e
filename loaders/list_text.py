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


# a page number printed in a page's margin ("7", "Page 7", "7 of 12"): no text of the document
PAGE_FURNITURE = re.compile(r"^(page\s*)?\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE)


# HTML elements that turn up in exported cells and pages; only these are tags, so that "waits
# < 5 days and > 2" or "<name of lead>" keep their text
_HTML_ELEMENTS = (
    "a|abbr|b|big|blockquote|body|br|caption|center|code|col|colgroup|dd|del|div|dl|dt|em|font|h[1-6]|"
    "head|hr|html|i|iframe|img|ins|li|link|meta|object|ol|p|pre|s|script|small|span|strike|strong|"
    "style|sub|sup|svg|table|tbody|td|tfoot|th|thead|title|tr|tt|u|ul|o:p|w:[a-z]+"
)
TAG = re.compile(rf"(</?(?:{_HTML_ELEMENTS})(?=[\s/>])[^<>]*>)", re.IGNORECASE)


def strip_tags(text: str) -> str:
    """``text`` without tags, removed until none is left: markup hidden inside markup
    ("<scr<script>ipt>") or written out as text in a page must not come out as a tag."""
    while TAG.search(text):
        text = TAG.sub(" ", text)
    return text


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
        text, had_bullet = strip_bullet(strip_tags(line))
        if text:
            joined.append(("• " if had_bullet else "") + " ".join(text.split()))
    return "\n".join(joined)
