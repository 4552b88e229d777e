"""Reading the cells of an action-plan row: ids, wording, report references, assurance routes,
timescale items and ratings, each from the text (or fill) of one cell.

Pure functions over cell text, used by the row reader (:mod:`loaders.action_plan`).
"""

from __future__ import annotations

import re

from loaders.blocks import Cell, Location, Row
from loaders.columns import LATEST_WINS, ColumnRole
from loaders.rag_fill import rag_from_fill
from loaders.records import RAG, VALUE_SEPARATOR, separate_values
from loaders.sentences import sentences
from loaders.status import rag_from_text, status_from_text
from loaders.timescales import has_date

# "1.1", "27", "1a", "R2", "(1.2)", "Recommendation 4.2:" at the start of a cell
_RECOMMENDATION_ID = re.compile(
    r"^\s*\(?(?:rec(?:ommendation)?\.?\s*(?:no\.?\s*)?|R(?=\d))?"
    r"(\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)(?:[.):](?!\d))?(?=\s|$)\s*",
    re.IGNORECASE,
)
# ids of a tracker's own scheme in a number column: a letter prefix before the number
_LETTERED_ID = re.compile(r"^\s*[A-Za-z]{1,4}[-. ]?\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?\s*$")
REPORT_REF = re.compile(r"^\s*(?:para(?:graph)?s?\.?\s*)?(\d{1,2}(?:\.\d{1,3}){1,3})(?![\d.]*\d)")
REFS_ONLY = re.compile(r"^[\s\d.,;&/and]*$")
_KIND_MARK = re.compile(r"\((?:a|i|agreed|indicative)\)", re.IGNORECASE)
_ASTERISK_ITEM = re.compile(r"\s+\*(?=\S)")
_PEOPLE_JOIN = f"{VALUE_SEPARATOR} "
_BULLET = re.compile(r"^\s*(?:•\s*|\*\s*)")


def runs_on(row: Row, cells: dict[ColumnRole, Cell]) -> bool:
    """A row that only carries on the sentences of the row above: no first cell, no
    recommendation, and an action cell (like every other filled cell) starting in lower case."""
    texts = [t.strip() for t in row.texts()]
    if not texts or texts[0] or cell_text(cells.get("recommendation")) or cell_text(cells.get("number")):
        return False
    action = cell_text(cells.get("action"))
    return action[:1].islower() and all(t[:1].islower() for t in texts if t)


def row_rag(cells: dict[ColumnRole, Cell]) -> RAG | None:
    """The RAG rating from a RAG column (its words, else its fill colour), else from a status
    column that holds nothing but a colour."""
    if "rag" in cells:
        return rag_from_text(cells["rag"].text) or rag_from_fill(cells["rag"].fill)
    status = cells.get("status")
    if status is None:
        return None
    word = status.text.strip()
    return (rag_from_text(word) if len(word.split()) == 1 else None) or rag_from_fill(status.fill)


def cells_by_role(row: Row, roles: tuple[ColumnRole | None, ...]) -> dict[ColumnRole, Cell]:
    """The row's cell for each role; of a role's repeated period columns, the latest filled."""
    cells: dict[ColumnRole, Cell] = {}
    for role, cell in zip(roles, row.cells, strict=False):
        if role is not None and (role not in cells or (role in LATEST_WINS and cell.text.strip())):
            cells[role] = cell
    return cells


def cell_text(cell: Cell | None) -> str:
    return cell.text.strip() if cell is not None else ""


def one_line(text: str) -> str:
    """Cell text on one line, bullet glyphs dropped (for names and first words)."""
    return " ".join(_BULLET.sub("", line) for line in text.splitlines() if line.strip()).strip()


def item_lines(text: str) -> list[str]:
    return [_BULLET.sub("", line).strip() for line in text.splitlines() if line.strip()]


def split_id(number: str, text: str) -> tuple[str | None, str]:
    """The recommendation id (from a number column, else the cell's leading number) and its text."""
    if number:
        match = _RECOMMENDATION_ID.match(number)
        if match:
            return match.group(1), text
        if _LETTERED_ID.match(number):
            return number.strip(), text  # "A1", "CQC-3": a number column's own scheme, as written
    match = _RECOMMENDATION_ID.match(text)
    if match is None:
        return None, text
    return match.group(1), text[match.end() :]


def report_refs(text: str) -> list[str]:
    """Report paragraph references: every one when the cell holds only references, else the
    leading one."""
    if not text:
        return []
    if REFS_ONLY.match(text):
        return re.findall(r"\d{1,2}(?:\.\d{1,3}){1,3}", text)
    match = REPORT_REF.match(text)
    return [match.group(1)] if match else []


def assurance_items(text: str) -> list[str]:
    """Assurance routes as written, split at bullets, ";", sentences, "*" item marks and lost
    line breaks."""
    items: list[str] = []
    for line in item_lines(text):
        for piece in (part for value in separate_values(line) for part in _ASTERISK_ITEM.split(value)):
            for sentence in sentences(piece):
                sentence = sentence.lstrip("*").strip()
                if sentence:
                    items.extend(_run_together(sentence))
    return items


def people(cell: Cell | None) -> str | None:
    """A lead or responsible-officer cell on one line, several people kept apart by "; "."""
    return _PEOPLE_JOIN.join(separate_values(one_line(cell_text(cell)))) or None


# words after which a capitalised word continues the phrase ("monitored via Directorate meetings")
_JOINING = {
    "via", "to", "by", "of", "in", "at", "with", "from", "for", "and", "the", "on", "into", "as",
    "within", "through", "under", "&", "/", "-", "–",
}


def _run_together(item: str) -> list[str]:
    """Split list items whose line breaks the export lost ("Contract monitoring STEIS reporting"):
    a lower-case word followed by a capitalised one starts a new item, unless the first word
    joins a phrase ("via", "to", "of" ...) or either part would be a single word."""
    words = item.split()
    pieces: list[list[str]] = [[]]
    for index, word in enumerate(words):
        previous = words[index - 1] if index else ""
        # an acronym after a lower-case word is often part of the phrase ("broader PH
        # outcomes"); after an "-ing" word it usually starts the next item ("monitoring STEIS")
        starts = word[:1].isupper() and (not word.isupper() or previous.endswith("ing"))
        if (
            starts and previous[:1].islower() and previous not in _JOINING
            and len(pieces[-1]) >= 2 and len(words) - index >= 2
        ):
            pieces.append([])
        pieces[-1].append(word)
    return [" ".join(piece) for piece in pieces]


def timescale_items(text: str) -> list[str]:
    """The separately dated items of a timescale cell.

    Lines and sentences that carry a date, an (A)/(I) mark or a status are items of their
    own; text without any (a note such as "part of the trust's plan") stays with the item
    before it.
    """
    pieces = sentences(text)
    items: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        dated = has_date(piece) or bool(_KIND_MARK.search(piece)) or status_from_text(piece) is not None
        if items and not dated:
            items[-1] = f"{items[-1]} {piece}"
        else:
            items.append(piece)
    return items


def pair_texts(action_text: str, count: int) -> list[str]:
    """Action text for each timescale item: the action's own sentences when there is exactly
    one per item, otherwise the whole action repeated."""
    whole = one_line(action_text)
    if count <= 1:
        return [whole]
    parts = [part for line in item_lines(action_text) for part in sentences(line)]
    if len(parts) == count:
        return [part.rstrip(".") for part in parts]
    return [whole] * count


def spanning(first: Location, row: Location) -> Location:
    return Location(
        line=first.line, end_line=row.end_line or first.end_line, page=first.page, table=first.table,
        row=first.row, cell=first.cell, sheet=first.sheet, element=first.element,
    )
