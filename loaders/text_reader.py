"""Read plain-text exports of board papers into blocks: paragraphs, list items and tables.

Text exports of Word/PDF papers carry their tables as tab-separated rows whose cells may
span several physical lines. Two layouts occur and both are handled:

* one row per line (``cell<TAB>cell<TAB>cell``), where a line without a tab, or a line whose
  cells would overflow the row, continues the row being built;
* one cell per line (``<TAB>cell``), where the header row ends at the first blank line and
  fixes the row width, and every later row is complete once it has that many cells.

Cells hold stray HTML (``<p>``, ``<ul>``, ``<li>``), Word artefacts and mangled bullet glyphs;
:func:`cell_text` turns them into the shared convention (plain text, one line per paragraph
or list item, list items starting with "• ").
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from loaders.blocks import Block, Cell, DocumentBlocks, ListItem, Location, Paragraph, Row, Table
from loaders.errors import UnreadableDocument
from loaders.list_text import TAG as _TAG
from loaders.list_text import cell_text as joined_lines
from loaders.list_text import list_line, strip_bullet
from loaders.sentences import sentences
from loaders.text_layouts import read_layout_table

_LAYOUT_MARKER = re.compile(r"^\s*</?LAYOUT_SECTION[^>]*>\s*$", re.IGNORECASE)
# lines of a continuation paragraph that runs on from a wrapped line
_WRAPPED = re.compile(r"^[a-z]")
# a non-tab paragraph after a blank line still belongs to a one-cell-per-line table when a
# further cell starts within this many lines
_ONE_CELL_LOOKAHEAD = 6


def read_text(file_name: str, raw: bytes) -> DocumentBlocks:
    """Decode ``raw`` and split it into blocks; ``UnreadableDocument`` for empty or binary input."""
    text, warnings = decode_text(file_name, raw)
    lines = text.splitlines()
    blocks = _blocks(lines)
    return DocumentBlocks(file_name, "text", blocks, warnings)


# ---------------------------------------------------------------------------------------------
# decoding


def decode_text(file_name: str, raw: bytes) -> tuple[str, list[str]]:
    """The text of ``raw`` and any warning about how it was decoded.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such; anything else is read
    as cp1252, the usual encoding of text saved by Windows programs, with a warning.
    """
    warnings: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableDocument(file_name, f"broken UTF-16 text ({exc.reason})") from exc
    elif (encoding := _bomless_utf16(raw)) is not None:
        text = raw.decode(encoding, errors="replace")
        warnings.append(f"text has no byte-order mark; decoded as {encoding.upper()}")
    elif b"\x00" in raw[:65536]:
        raise UnreadableDocument(file_name, "binary content, not text")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            warnings.append("text is not valid UTF-8; decoded as cp1252 (Windows Western European)")
    if not text.strip():
        raise UnreadableDocument(file_name, "empty file")
    if _mostly_control_characters(text):
        raise UnreadableDocument(file_name, "binary content, not text")
    return fix_mojibake(text), warnings


def _bomless_utf16(raw: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as NULs in every other byte of ASCII text."""
    sample = raw[:4096]
    if len(sample) < 16 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _mostly_control_characters(text: str) -> bool:
    sample = text[:65536]
    odd = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return odd > len(sample) * 0.1


# UTF-8 bytes that were decoded as cp1252 somewhere upstream ("â€¢" for "•", "â€™" for "’")
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 text that was read as cp1252 before it reached us; leave real text alone."""

    def repair(match: re.Match[str]) -> str:
        try:
            return match.group().encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match.group()

    return _MOJIBAKE.sub(repair, text)


# ---------------------------------------------------------------------------------------------
# blocks


def _is_blank(line: str) -> bool:
    """An empty line or a layout marker; a line of tabs alone is a row of empty cells."""
    return (not line.strip() and "\t" not in line) or bool(_LAYOUT_MARKER.match(line))


def _blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    tables = 0
    text_until = 0  # lines before this index were found not to be a table: read them as text
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_blank(line):
            i += 1
            continue
        if "\t" in line and i >= text_until:
            table, end = _read_table(lines, i, tables + 1)
            if table is not None:
                tables += 1
                blocks.append(table)
                i = end
                continue
            text_until = end
        elif i >= text_until and (found := read_layout_table(lines, i, tables + 1, cell_text)) is not None:
            tables += 1
            blocks.append(found[0])
            i = found[1]
            continue
        start = i
        text = line.strip()
        i += 1
        # a sentence wrapped over several lines is one paragraph
        while (
            i < len(lines) and not _is_blank(lines[i]) and ("\t" not in lines[i] or i < text_until)
            and _WRAPPED.match(lines[i].strip()) and not _is_list_line(line)
        ):
            text = f"{text} {lines[i].strip()}"
            i += 1
        location = Location(line=start + 1, end_line=i)
        plain = cell_text(text)
        if not plain:
            continue
        if _is_list_line(line):
            blocks.append(ListItem(strip_bullet(plain)[0], location))
        else:
            blocks.append(Paragraph(plain, location, heading=_looks_like_heading(plain, lines, start)))
    return blocks


def _is_list_line(line: str) -> bool:
    stripped, had_bullet = strip_bullet(line)
    return had_bullet and bool(stripped)


def _looks_like_heading(text: str, lines: list[str], index: int) -> bool:
    """A short line standing alone, without closing punctuation, reads as a heading."""
    before = index == 0 or _is_blank(lines[index - 1])
    after = index + 1 >= len(lines) or _is_blank(lines[index + 1])
    return before and after and len(text) <= 80 and not text.rstrip().endswith((".", ",", ";"))


@dataclass
class _RawCell:
    parts: list[str]
    first_line: int
    last_line: int


@dataclass
class _RawRow:
    cells: list[_RawCell] = field(default_factory=list)

    def add_cell(self, text: str, line: int) -> None:
        self.cells.append(_RawCell([text], line, line))

    def continue_cell(self, text: str, line: int) -> None:
        cell = self.cells[-1]
        cell.parts.append(text)
        cell.last_line = line


def _one_cell_per_line(lines: list[str], start: int) -> bool:
    """Whether the table at ``start`` writes each cell on its own line after a leading tab."""
    tab_lines = 0
    single = 0
    for line in lines[start : start + 200]:
        if "\t" in line:
            tab_lines += 1
            single += line.startswith("\t") and line.count("\t") == 1
    return tab_lines > 0 and single >= 0.8 * tab_lines


def _read_table(lines: list[str], start: int, number: int) -> tuple[Table | None, int]:
    """Read the table starting at line index ``start``; returns it and the next line index."""
    one_cell = _one_cell_per_line(lines, start)
    rows: list[_RawRow] = []
    width = 0 if one_cell else _row_width(lines, start)
    header_done = not one_cell
    previous_blank = False
    i = start
    while i < len(lines):
        line = lines[i]
        if _is_blank(line):
            previous_blank = True
            if one_cell and not header_done and rows:
                header_done = True
                width = len(rows[0].cells)
            i += 1
            continue
        if "\t" not in line:
            if not rows or (previous_blank and not (one_cell and _cell_follows(lines, i))):
                break
            rows[-1].continue_cell(line, i + 1)
            previous_blank = False
            i += 1
            continue
        parts = line.split("\t")
        row = rows[-1] if rows else None
        if one_cell and not header_done and row is not None and _reads_as_data(parts[-1]):
            # no blank line after the header: the first numbered or long cell is data
            header_done = True
            width = len(row.cells)
        if one_cell:
            starts_row = row is None or (header_done and len(row.cells) >= width)
        else:
            starts_row = row is None or len(row.cells) + len(parts) - 1 > width or (
                len(row.cells) >= width
            )
        if starts_row or row is None:
            row = _RawRow()
            rows.append(row)
            row.add_cell(parts[0], i + 1)
        elif parts[0].strip():
            row.continue_cell(parts[0], i + 1)
        for part in parts[1:]:
            row.add_cell(part, i + 1)
        previous_blank = False
        i += 1
    end = i
    table_rows: list[Row] = []
    # a one-cell-per-line export opens every row with an empty cell: that column is dropped
    leading_gap = one_cell and all(not "".join(r.cells[0].parts).strip() for r in rows)
    for raw_row in rows:
        if leading_gap:
            raw_row.cells = raw_row.cells[1:]
        cells = tuple(
            Cell(
                cell_text("\n".join(raw.parts)),
                Location(line=raw.first_line, end_line=raw.last_line, table=number,
                         row=len(table_rows) + 1, cell=c),
            )
            for c, raw in enumerate(raw_row.cells, 1)
        )
        if not any(cell.text for cell in cells):
            continue
        first = min(cell.location.line or 0 for cell in cells)
        last = max(cell.location.end_line or 0 for cell in cells)
        table_rows.append(Row(cells, Location(line=first, end_line=last, table=number,
                                              row=len(table_rows) + 1)))
    if not table_rows or (one_cell and not _header_like(table_rows[0])):
        return None, max(end, start + 1)
    location = Location(line=start + 1, end_line=table_rows[-1].location.end_line, table=number)
    return Table(tuple(table_rows), location), end


_NUMBERED = re.compile(r"^\s*(?:<p>\s*)?\d{1,3}(?:\.\d{1,3})*[.)]?\s")


def _reads_as_data(cell: str) -> bool:
    return bool(_NUMBERED.match(cell)) or len(cell) > 120


def _row_width(lines: list[str], start: int) -> int:
    """Cells per row of a one-row-per-line table: those of its first line holding two cells
    of text or more (a title line above the header does not count)."""
    tab_lines = [line for line in lines[start : start + 20] if "\t" in line]
    for line in tab_lines[:3]:
        parts = line.split("\t")
        if sum(1 for part in parts if part.strip()) >= 2:
            return len(parts)
    return len(tab_lines[0].split("\t"))


def _header_like(row: Row) -> bool:
    """A one-cell-per-line table stands on its header: two short cells or more. Without one,
    the tabs only indent paragraphs."""
    return len(row.cells) >= 2 and all(len(cell.text) <= 120 for cell in row.cells)


def _cell_follows(lines: list[str], index: int) -> bool:
    return any(line.startswith("\t") for line in lines[index + 1 : index + 1 + _ONE_CELL_LOOKAHEAD])


# ---------------------------------------------------------------------------------------------
# cell text

_ARTEFACTS = re.compile(r"\[bookmark:[^\]]*\]|\[(?:_Toc|_Ref|_Hlk)\w*\]", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9:]+)")
_BREAKING_TAGS = {"p", "br", "div", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
_LIST_TAGS = {"ul", "ol"}
# a bullet glyph inside running text: •, Word's Symbol-font bullet, or an "o" used as a
# nested bullet (at the start, or after the end of the previous item, before a capital)
_GLYPH = re.compile(r"\s*(?:[•●▪◦\uf0b7]|(?:^|(?<=[.:;!?]\s))o(?=\s+[A-Z(]))\s*")
# an item set off by a dash inside a line ("... agreed; - Training ...")
_DASH_ITEM = re.compile(r"(?<=[.:;])\s+-\s*(?=[A-Z])")


# plain text (no tags, artefacts, entities or glyphs) needs only its spaces tidied
_NEEDS_CLEANING = re.compile(r"[<\[&•●▪◦\uf0b7\u00c2-\u00f4]|(?:^|\s)o\s|^\s*[-*]\s", re.MULTILINE)


def cell_text(raw: str) -> str:
    """Plain cell text: tags removed, one line per paragraph, list items as "• " lines.

    A ``<ul>`` with no ``<li>`` markup and no bullet glyphs lost its item boundaries in the
    export; each sentence in it is taken as one item.
    """
    if _NEEDS_CLEANING.search(raw) is None:
        return joined_lines(raw.split("\n"))
    text = _ARTEFACTS.sub("", raw)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    lines: list[str] = []
    buffer: list[str] = []
    depth = 0
    in_item = False

    def flush() -> None:
        nonlocal in_item
        chunk = html.unescape("".join(buffer)).replace("\xa0", " ")
        buffer.clear()
        if in_item:
            lines.extend(_items(chunk, first_is_item=True))
        elif depth > 0:
            lines.extend(_items(chunk, first_is_item=True, by_sentence=True))
        else:
            for physical in chunk.split("\n"):
                lines.extend(_items(physical, first_is_item=_is_list_line(physical)))
        in_item = False

    for token in _TAG.split(text):
        tag = _TAG_NAME.match(token) if _TAG.fullmatch(token) else None
        if tag is None:
            buffer.append(token)
            continue
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if name in _LIST_TAGS:
            flush()
            depth = max(0, depth + (-1 if closing else 1))
        elif name == "li":
            flush()
            in_item = not closing
        elif name in _BREAKING_TAGS:
            flush()
            buffer.append("\n")
        # inline tags (<i>, <b>, <span>, <a>, ...) are dropped, their text kept
    flush()
    # (the join also strips any tag left, e.g. one hidden inside another: "<scr<script>ipt>")
    return joined_lines(lines)


def _items(chunk: str, first_is_item: bool, by_sentence: bool = False) -> list[str]:
    """Lines for a chunk of text: bullet items where glyphs (or sentences in a list) mark them."""
    chunk = " ".join(chunk.split())
    if not chunk:
        return []
    pieces = _GLYPH.split(chunk)
    has_glyphs = len(pieces) > 1
    lines: list[str] = []
    for n, piece in enumerate(pieces):
        piece = strip_bullet(piece)[0] if (n == 0 and first_is_item) else piece.strip()
        if not piece:
            continue
        is_item = (has_glyphs and n > 0) or first_is_item
        if by_sentence and not has_glyphs:
            parts = [part for sentence in sentences(piece) for part in _DASH_ITEM.split(sentence)]
            lines.extend(list_line(part) for part in parts if part.strip())
        else:
            lines.append(list_line(piece) if is_item else piece)
    return lines
