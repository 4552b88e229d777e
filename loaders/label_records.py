"""Plans written without a table: label-value records read as the table they stand for.

Many plans give each recommendation and action as a record of labelled lines or paragraphs
("Recommendation 3.1: ...", "Action: ...", "Lead: ...", "Timescale: ..."), as headings with
bulleted actions under them, or as definition lists. Whatever the format (text lines, PDF
paragraphs, Word paragraphs, HTML ``<dl>``), the readers give these as paragraphs and list
items; here a run of them becomes a :class:`Table` whose columns are the roles of the labels
(``loaders.columns``), so the action-plan recogniser reads it like any other table.

A run opens at a recommendation: a label naming one with its number ("Recommendation 3.1:",
"Rec 3.1 -"), or a heading or paragraph starting with a number that labelled lines follow. In
a run, a "<organisations> should:" line is a group header row; a label whose role the current
row already holds starts the next row (the next action of the same recommendation), except
outcomes, assurance routes, leads and responsible officers, which collect (people kept apart
by ";", as when one line names several); a bulleted line is an action. Anything else
ends the run. Every cell keeps the place of the line or paragraph it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.blocks import Block, Cell, ListItem, Location, Paragraph, Row, Table
from loaders.columns import ColumnRole, column_role
from loaders.mentions import ADDRESSING
from loaders.records import VALUE_SEPARATOR

# "Lead: ...", "Timescale - ...": a short label, then a colon or a spaced dash
_LABELLED = re.compile(r"^\s*([A-Za-z][\w()/&' .-]{0,48}?)\s*(?::|\s[–—-])\s*(.*)$", re.DOTALL)
# a label naming a recommendation and its number ("Recommendation 3.1", "Rec. 3.1")
_OPENER_LABEL = re.compile(r"^(?P<word>[A-Za-z][A-Za-z. ]{0,30}?)\s*(?P<id>\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)$")
# a heading or paragraph opening with a recommendation number ("3.1 Ensure that ..."); a plain
# number ("27 Ensure ...") only in a heading
_NUMBERED = re.compile(r"^\s*(?P<id>\d{1,3}(?:\.\d{1,3}){1,3}[a-z]?)[.):]?\s+(?P<text>\S.*)$", re.DOTALL)
_NUMBERED_HEADING = re.compile(
    r"^\s*(?P<id>\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)[.):]?\s+(?P<text>\S.*)$", re.DOTALL
)
# roles whose repeated labels add items to one cell instead of starting the next row; people
# named by repeated labels ("Lead: ..." twice) are kept apart as ";" keeps them on one line
_COLLECTED: frozenset[ColumnRole] = frozenset({"outcome", "assurance", "lead", "responsible"})
_PEOPLE: frozenset[ColumnRole] = frozenset({"lead", "responsible"})
_OPENER_ROLES: frozenset[ColumnRole | None] = frozenset({"recommendation", "number"})


@dataclass
class _Record:
    cells: dict[ColumnRole, list[tuple[str, Location]]] = field(default_factory=dict)
    group: tuple[str, Location] | None = None


@dataclass
class _Run:
    records: list[_Record] = field(default_factory=list)
    headers: dict[ColumnRole, str] = field(default_factory=dict)
    location: Location | None = None

    def add(
        self, role: ColumnRole, header: str, text: str, location: Location, new_row: bool = False
    ) -> None:
        current = self.records[-1] if self.records else None
        if (
            current is None
            or current.group is not None
            or new_row
            or (role in current.cells and role not in _COLLECTED)
        ):
            current = _Record()
            self.records.append(current)
        current.cells.setdefault(role, []).append((text, location))
        self.headers.setdefault(role, header)


def with_label_records(blocks: list[Block]) -> list[Block]:
    """``blocks`` with every run of label-value records replaced by the table it stands for."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        if _opener(blocks, i) is None:
            out.append(blocks[i])
            i += 1
            continue
        run, end = _read_run(blocks, i)
        groups = _pending_groups(out)
        out.append(_table(run, groups))
        i = end
    return out


def starts_with_label(text: str) -> bool:
    """Whether a line opens with a field label ("Lead:", "Recommendation 3.1:"): where a reader
    joins wrapped lines into paragraphs, such a line starts a paragraph of its own."""
    match = _LABELLED.match(text)
    if match is None or ":" not in text[: match.end(1) + 2]:
        return False
    label = match.group(1).strip()
    opener = _OPENER_LABEL.match(label)
    return column_role(opener.group("word") if opener else label) is not None and len(label.split()) <= 5


def _label(block: Block) -> tuple[ColumnRole, str, str] | None:
    """The role, label and value of a labelled paragraph ("Lead: Designated Nurse")."""
    if not isinstance(block, Paragraph):
        return None
    match = _LABELLED.match(block.text)
    if match is None or not match.group(2).strip():
        return None
    label = match.group(1).strip()
    role = column_role(label)
    if role is None or len(label.split()) > 5:
        return None
    return role, label, match.group(2).strip()


def _opener(blocks: list[Block], i: int) -> tuple[str, str] | None:
    """(id, wording) when ``blocks[i]`` opens a recommendation record."""
    block = blocks[i]
    if not isinstance(block, Paragraph):
        return None
    match = _LABELLED.match(block.text)
    if match:
        opener = _OPENER_LABEL.match(match.group(1).strip())
        if opener and column_role(opener.group("word")) in _OPENER_ROLES and match.group(2).strip():
            return opener.group("id"), match.group(2).strip()
    numbered = (_NUMBERED_HEADING if block.heading else _NUMBERED).match(block.text)
    if numbered and i + 1 < len(blocks) and (_label(blocks[i + 1]) or isinstance(blocks[i + 1], ListItem)):
        return numbered.group("id"), numbered.group("text").strip()
    return None


def _read_run(blocks: list[Block], start: int) -> tuple[_Run, int]:
    run = _Run(location=blocks[start].location)
    i = start
    while i < len(blocks):
        block = blocks[i]
        opener = _opener(blocks, i)
        labelled = _label(block)
        if opener is not None:
            run.add(
                "recommendation", "Recommendation", f"{opener[0]} {opener[1]}", block.location, new_row=True
            )
        elif labelled is not None:
            role, label, value = labelled
            run.add(role, label, value, block.location)
        elif isinstance(block, ListItem):
            run.add("action", "Action", block.text, block.location)
        elif isinstance(block, Paragraph) and ADDRESSING.search(block.text) and _opener_follows(blocks, i):
            run.records.append(_Record(group=(block.text, block.location)))
        else:
            break
        i += 1
    return run, i


def _opener_follows(blocks: list[Block], i: int) -> bool:
    return i + 1 < len(blocks) and _opener(blocks, i + 1) is not None


def _pending_groups(out: list[Block]) -> list[Paragraph]:
    """A group header just before the run ("3. <organisations> should:") belongs to it."""
    if out and isinstance(out[-1], Paragraph) and ADDRESSING.search(out[-1].text):
        return [out.pop()]  # type: ignore[list-item]
    return []


def _table(run: _Run, groups: list[Paragraph]) -> Table:
    roles = list(run.headers)
    location = groups[0].location if groups else run.location or Location()
    header = Row(tuple(Cell(run.headers[role], location) for role in roles), location)
    rows = [header]
    for paragraph in groups:
        rows.append(_group_row(paragraph.text, paragraph.location, len(roles)))
    for record in run.records:
        if record.group is not None:
            rows.append(_group_row(*record.group, len(roles)))
            continue
        cells = []
        for role in roles:
            items = record.cells.get(role, [])
            if role in _PEOPLE:
                text = f"{VALUE_SEPARATOR} ".join(t for t, _ in items)
            else:
                text = "\n".join(f"• {t}" if len(items) > 1 else t for t, _ in items)
            cells.append(Cell(text, items[0][1] if items else location))
        first = min((items[0][1] for items in record.cells.values()), key=_order, default=location)
        rows.append(Row(tuple(cells), first))
    return Table(tuple(rows), location)


def _group_row(text: str, location: Location, width: int) -> Row:
    return Row((Cell(text, location), *(Cell("", location) for _ in range(width - 1))), location)


def _order(location: Location) -> tuple[int, int]:
    return (location.page or 0, location.line or 0)
