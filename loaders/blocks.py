"""The one intermediate every reader produces: paragraphs, list items and tables, each located.

Readers (text, DOCX, PDF, HTML, XLSX/CSV) turn a file into a :class:`DocumentBlocks`; the
structure recognisers (action-plan tables, narrative reports) only ever see these blocks, so
the same content gives the same extraction whatever format it arrived in.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where a piece of text sits in its source document.

    Only the fields that make sense for the format are set: ``line`` for text, ``page`` for
    PDF, ``table``/``row``/``cell`` for tables (all 1-based), ``sheet`` for workbooks and
    ``element`` (a CSS-like path) for HTML.
    """

    line: int | None = None
    end_line: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    sheet: str | None = None
    element: str | None = None

    def describe(self) -> str:
        """A short human description, e.g. ``line 336`` or ``sheet Plan, row 4, cell 2``."""
        parts: list[str] = []
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            span = f"-{self.end_line}" if self.end_line and self.end_line != self.line else ""
            parts.append(f"line {self.line}{span}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        if self.element is not None:
            parts.append(self.element)
        return ", ".join(parts) or "document"

    def to_dict(self) -> dict[str, int | str]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Paragraph:
    text: str
    location: Location
    heading: bool = False


@dataclass(frozen=True)
class ListItem:
    text: str
    location: Location
    level: int = 1


@dataclass(frozen=True)
class Cell:
    text: str
    location: Location
    # fill colour of a spreadsheet cell as RRGGBB, used to read RAG ratings given by colour alone
    fill: str | None = None


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    location: Location

    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    location: Location


Block = Paragraph | ListItem | Table


@dataclass
class DocumentBlocks:
    """A read document: its blocks in reading order, plus what the reader had to warn about."""

    file_name: str
    format: str
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)

    def paragraphs(self) -> list[Paragraph | ListItem]:
        return [b for b in self.blocks if isinstance(b, Paragraph | ListItem)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
