"""Read an HTML page (a council web page, an exported plan) into blocks.

Headings, paragraphs, list items and tables in document order; scripts, styles, navigation
and footers are left out. Table cells spanning rows or columns are resolved like merged Word
cells: the text once, in the first row and column it covers, the covered positions empty.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from loaders.blocks import Block, Cell, DocumentBlocks, ListItem, Location, Paragraph, Row, Table
from loaders.limits import MAX_HTML_DEPTH, check_limit
from loaders.list_text import cell_text, strip_bullet, strip_tags

_IGNORED = {"script", "style", "noscript", "template", "nav", "footer", "head", "iframe", "svg", "button",
            "select", "object"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LISTS = {"ul", "ol"}
# elements that end a line of text (everything else is inline and flows into the current line)
_BLOCK_LEVEL = {
    "p", "div", "section", "article", "main", "aside", "header", "blockquote", "dl", "dt", "dd", "pre",
    "figure", "figcaption", "address", "center", "form", "fieldset", "hr", "tr", "caption", "body", "html",
    *_HEADINGS, *_LISTS, "table", "li",
}
# what a list item may hold besides its own text: lists, and definition lists of its fields
_NESTED = {*_LISTS, "dl"}
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_HEX_COLOUR = re.compile(r"#([0-9a-f]{6}|[0-9a-f]{3})\b", re.IGNORECASE)
_RGB_COLOUR = re.compile(r"rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)", re.IGNORECASE)
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;]+)", re.IGNORECASE)


def read_html(file_name: str, raw: bytes) -> DocumentBlocks:
    """Blocks of an HTML document (encoding from its BOM or meta charset, else guessed)."""
    check_limit(file_name, "nesting depth of elements", _nesting_depth(raw), MAX_HTML_DEPTH)
    soup = BeautifulSoup(raw, "lxml")
    root = soup.body or soup
    walker = _Walker()
    walker.visit(root)
    walker.flush()
    return DocumentBlocks(file_name, "html", walker.blocks)


# a start or end tag; void elements and those whose end tag may be left out (an old CMS's
# unclosed <p>, <li>, <td>) never count as nesting
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
_NOT_NESTING = frozenset(
    b"area base br col embed hr img input link meta param source track wbr p li td th tr dt dd "
    b"option thead tbody tfoot colgroup caption".split()
)


def _nesting_depth(raw: bytes) -> int:
    """How deep elements nest, read from the tags alone, before a parser builds a tree of them."""
    depth = deepest = 0
    for match in _TAG.finditer(raw):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _NOT_NESTING:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


class _Walker:
    """Walks the element tree once, emitting blocks in reading order."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pending: list[str] = []
        self.counts: Counter[str] = Counter()

    def place(self, kind: str) -> str:
        self.counts[kind] += 1
        return f"{kind} {self.counts[kind]}"

    def visit(self, root: Tag) -> None:
        """Every element under ``root`` in document order; iterative (a stack, not recursion) so
        that however deep a page nests, it is walked in constant Python stack."""
        # each frame: the children still to visit, and whether its element ends a block
        stack: list[tuple[Iterator[object], bool]] = [(iter(root.children), False)]
        while stack:
            children, block = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if block:
                    self.flush()
                continue
            if isinstance(child, _NOT_TEXT):
                continue
            if isinstance(child, NavigableString):
                self.pending.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _IGNORED:
                continue
            name = child.name
            if name == "br":
                self.pending.append("\n")
            elif name in _HEADINGS:
                self.flush()
                text = _inline(child)
                if text:
                    self.blocks.append(Paragraph(text, Location(element=self.place("heading")), heading=True))
            elif name in _LISTS:
                self.flush()
                self.list_items(child, self.place("list"), 1)
            elif name == "table":
                self.flush()
                self.blocks.append(_table(child, self.place("table")))
            elif name == "dl":
                self.flush()
                self.definitions(child)
            else:
                if name in _BLOCK_LEVEL:
                    self.flush()
                stack.append((iter(child.children), name in _BLOCK_LEVEL))

    def flush(self) -> None:
        """Turn the text gathered since the last block boundary into paragraphs, one per line."""
        for line in strip_tags("".join(self.pending)).split("\n"):
            text = " ".join(line.split())
            stripped, had_bullet = strip_bullet(text)
            if not stripped:
                continue
            location = Location(element=self.place("paragraph"))
            self.blocks.append(ListItem(stripped, location) if had_bullet else Paragraph(text, location))
        self.pending.clear()

    def list_items(self, listing: Tag, path: str, level: int) -> None:
        for number, item in enumerate(listing.find_all("li", recursive=False), 1):
            own = [child for child in item.children if not (isinstance(child, Tag) and child.name in _NESTED)]
            text = strip_bullet(" ".join(strip_tags(" ".join(_lines_of(own))).split()))[0]
            item_path = f"{path} > item {number}"
            if text:
                self.blocks.append(ListItem(text, Location(element=item_path), level))
            for nested in item.find_all(list(_NESTED), recursive=False):
                if nested.name == "dl":
                    self.definitions(nested)
                else:
                    self.list_items(nested, item_path, level + 1)

    def definitions(self, listing: Tag) -> None:
        """A definition list as labelled paragraphs, one per description ("Lead: Head of
        Nursing"), the way plans written without a table give their fields."""
        path = self.place("definition list")
        term = ""
        for number, entry in enumerate(listing.find_all(["dt", "dd"]), 1):
            text = _inline(entry)
            if entry.name == "dt":
                term = text
            elif text:
                labelled = f"{term}: {text}" if term else text
                self.blocks.append(Paragraph(labelled, Location(element=f"{path} > item {number}")))


def _inline(element: Tag) -> str:
    return " ".join(strip_tags(" ".join(_lines_of([element]))).split())


def _lines_of(nodes: Sequence[object]) -> list[str]:
    """Text lines of some nodes: a line per block element or <br>, "• " before each list item."""
    lines: list[str] = []
    current: list[str] = []

    def end_line() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    # a stack of (children still to visit, closing text) instead of recursion: no depth limit
    stack: list[tuple[Iterator[object], str | None]] = [(iter(nodes), None)]
    while stack:
        children, closing = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
            if closing is not None:
                end_line()
            continue
        if isinstance(node, _NOT_TEXT):
            continue
        if isinstance(node, NavigableString):
            current.append(str(node))
            continue
        if not isinstance(node, Tag) or node.name in _IGNORED:
            continue
        if node.name == "br":
            end_line()
            continue
        ends_line = node.name in ("li", "td", "th") or node.name in _BLOCK_LEVEL
        if ends_line:
            end_line()
            if node.name == "li":
                current.append("• ")
        stack.append((iter(node.children), "" if ends_line else None))
    end_line()
    return lines


def _table(table: Tag, path: str) -> Table:
    """The table with row and column spans resolved onto a grid."""
    grid: list[dict[int, tuple[str, str | None]]] = []
    carried: dict[int, int] = {}
    trs = _rows_of(table)
    for tr in trs:
        covered = {column for column, left in carried.items() if left > 0}
        row: dict[int, tuple[str, str | None]] = {column: ("", None) for column in covered}
        starts: dict[int, int] = {}
        column = 0
        for td in tr.find_all(("td", "th"), recursive=False):
            while column in covered or column in row:
                column += 1
            colspan = _span(td.get("colspan"), 1000)
            rowspan = _span(td.get("rowspan"), len(trs))
            row[column] = (cell_text(_lines_of(list(td.children))), _fill(td))
            for extra in range(1, colspan):
                row[column + extra] = ("", None)
            if rowspan > 1:
                for offset in range(colspan):
                    starts[column + offset] = rowspan - 1
            column += colspan
        carried = {c: left - 1 for c, left in carried.items() if left - 1 > 0}
        carried.update(starts)
        grid.append(row)
    width = max((max(row) + 1 for row in grid if row), default=0)
    rows = []
    for row_number, row in enumerate(grid, 1):
        row_path = f"{path} > row {row_number}"
        cells = []
        for column in range(width):
            text, fill = row.get(column, ("", None))
            cells.append(Cell(text, Location(element=f"{row_path} > cell {column + 1}"), fill))
        rows.append(Row(tuple(cells), Location(element=row_path)))
    return Table(tuple(rows), Location(element=path))


def _rows_of(table: Tag) -> list[Tag]:
    """The table's own rows (not those of tables nested in its cells), in order."""
    rows: list[Tag] = []
    for child in _children(table):
        if child.name == "tr":
            rows.append(child)
        elif child.name in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in _children(child) if c.name == "tr")
    return rows


def _children(element: Tag) -> Iterator[Tag]:
    return (child for child in element.children if isinstance(child, Tag))


def _span(value: object, most: int) -> int:
    try:
        span = int(str(value))
    except ValueError:
        return 1
    return min(max(span, 1), max(most, 1))


def _fill(cell: Tag) -> str | None:
    """A cell's background colour as RRGGBB, from ``bgcolor`` or its inline style."""
    colour = cell.get("bgcolor")
    style_match = _BACKGROUND.search(str(cell.get("style") or ""))
    text = str(colour) if colour else (style_match.group(1) if style_match else "")
    hex_match = _HEX_COLOUR.search(text)
    if hex_match:
        digits = hex_match.group(1)
        return (digits if len(digits) == 6 else "".join(d * 2 for d in digits)).upper()
    rgb_match = _RGB_COLOUR.search(text)
    if rgb_match:
        return "".join(f"{min(int(v), 255):02X}" for v in rgb_match.groups())
    return None
