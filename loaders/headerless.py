"""Column roles of a plan table that has no header row, from what its columns hold alone.

A table pasted without its header, a sheet whose header row was deleted, or the pages of a
plan whose header was only on a cover page still say what each column is:

* numbers alone (``1.1``, ``A2``) number the rows; a second such column, or one beside a
  recommendation column that numbers its own wording, holds report paragraphs (``4.12``,
  ``3.4, 3.9``);
* dates, ratings, statuses, posts and boards are placed as under an unknown header
  (:mod:`loaders.column_content`); of two columns of posts, the one naming more senior posts
  (directors, chief officers) holds the responsible officers;
* of the columns of sentences, the recommendation is the one numbering its own wording, or
  else the first after the number column; the action column is filled on every row of a
  recommendation, an outcome column only on the row that opens it.

A table is read as a plan only when its first row is no header of other columns (short words,
no numbers), and it has recommendations (numbered, or a number column), actions, and a
timescale, status or rating column, or two columns that only plans have (lead, assurance):
an agenda or a contact list is not a plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.blocks import Row
from loaders.column_content import AGREE, content_role
from loaders.columns import ColumnRole
from ontology.words import vocabulary


def _words(group: str) -> re.Pattern[str]:
    words = vocabulary("column_content")[group]
    return re.compile(rf"\b({'|'.join(map(re.escape, words))})s?\b", re.IGNORECASE)


_SENIOR = _words("senior_posts")
_ORGANISATION = _words("organisations")

_ID = r"(?:[A-Za-z]{1,4}[-. ]?)?\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?"
# a cell holding only an id ("1.1", "R2", "(3)") or only report paragraphs ("para 4.12", "3.4, 3.9")
_ID_ONLY = re.compile(rf"^\s*\(?{_ID}[.):]?\s*$")
_REFS_ONLY = re.compile(
    r"^\s*(?:para(?:graph)?s?\.?\s*)?\d{1,2}(?:\.\d{1,3}){1,3}"
    r"(?:\s*(?:,|;|&|and)\s*\d{1,2}(?:\.\d{1,3}){1,3})*\s*$",
    re.IGNORECASE,
)
# a cell opening with a recommendation number and some wording ("2.1 Ensure ...")
_NUMBERED = re.compile(rf"^\s*\(?{_ID}[.):]?\s+\S")
# a column of sentences: its filled cells run to this many words on average
_SENTENCE_WORDS = 3
# the most words of a cell naming who leads
_SHORT = 10
_PLAN_ONLY: frozenset[ColumnRole] = frozenset({"timescale", "status", "rag", "lead", "assurance"})
_PROGRESS: frozenset[ColumnRole] = frozenset({"timescale", "status", "rag"})
# the most words in a cell of a header row
_HEADER_WORDS = 4


def headerless_roles(rows: Sequence[Row]) -> list[ColumnRole | None] | None:
    """The role of each column of a table without a header row, or None if it is no plan."""
    data = [row for row in rows if len({t.strip() for t in row.texts() if t.strip()}) >= 2]
    if len(data) < 2 or _names_columns(data[0]):
        return None
    width = max(len(row.cells) for row in rows)
    columns = [[row.cells[i] for row in data if i < len(row.cells)] for i in range(width)]
    texts = [[cell.text.strip() for cell in column] for column in columns]
    roles: list[ColumnRole | None] = [None] * width
    _place_ids(roles, texts)
    for index, column in enumerate(columns):
        if roles[index] is None:
            found = content_role(texts[index], [cell.fill for cell in column])
            second = found == "lead" and "lead" in roles
            roles[index] = _second_post(roles, texts, index) if second else found
    if "lead" not in roles:
        _place_organisations(roles, texts)
    _place_sentences(roles, texts)
    known = {role for role in roles if role is not None}
    plan_only = known & _PLAN_ONLY
    plan = (
        {"action"} <= known and bool(known & {"recommendation", "number"})
        and (bool(plan_only & _PROGRESS) or len(plan_only) >= 2)
    )
    return roles if plan else None


def _names_columns(row: Row) -> bool:
    """Whether a table's first row of several cells is a header row all the same, of columns
    that are no plan's (an agenda's "Item", "Lead", "Papers", "Time"): short words, no numbers."""
    filled = [t.strip() for t in row.texts() if t.strip()]
    return len(filled) >= 3 and all(
        len(t.split()) <= _HEADER_WORDS and not re.search(r"\d", t) for t in filled
    )


def _share(cells: list[str], test: re.Pattern[str], most_words: int | None = None) -> float:
    """The share of filled cells that match ``test`` at their start (or anywhere, within
    ``most_words`` words)."""
    filled = [t for t in cells if t]
    if most_words is None:
        found = [t for t in filled if test.match(t)]
    else:
        found = [t for t in filled if test.search(t) and len(t.split()) <= most_words]
    return len(found) / max(len(filled), 1)


def _place_ids(roles: list[ColumnRole | None], texts: list[list[str]]) -> None:
    """Number, report paragraph and numbered-recommendation columns."""
    own = next((index for index, cells in enumerate(texts) if _share(cells, _NUMBERED) >= AGREE), None)
    if own is not None:
        roles[own] = "recommendation"
    for index, cells in enumerate(texts):
        if index == own:
            continue
        ids = _share(cells, _ID_ONLY) >= AGREE
        if not (ids or _share(cells, _REFS_ONLY) >= AGREE) or content_role(cells, []) == "timescale":
            continue  # (a month written "Mar-17" has the shape of an id)
        if ids and own is None and "number" not in roles:
            roles[index] = "number"
        elif "report_ref" not in roles:
            roles[index] = "report_ref"


def _place_organisations(roles: list[ColumnRole | None], texts: list[list[str]]) -> None:
    """The lead column when leads are organisations: the unplaced column of short cells most
    often naming one."""
    shares = {
        index: _share(texts[index], _ORGANISATION, _SHORT) for index, role in enumerate(roles) if role is None
    }
    named = [index for index, share in shares.items() if share >= AGREE]
    if named:
        roles[max(named, key=lambda index: shares[index])] = "lead"


def _second_post(roles: list[ColumnRole | None], texts: list[list[str]], index: int) -> ColumnRole | None:
    """A second column of posts: the one naming more senior posts is the responsible officer's."""
    if "responsible" in roles:
        return None
    lead = roles.index("lead")
    if _seniority(texts[index]) > _seniority(texts[lead]):
        return "responsible"
    roles[lead] = "responsible"
    return "lead"


def _seniority(cells: list[str]) -> float:
    filled = [t for t in cells if t]
    return sum(1 for t in filled if _SENIOR.search(t)) / max(len(filled), 1)


def _place_sentences(roles: list[ColumnRole | None], texts: list[list[str]]) -> None:
    """Recommendation, action and outcome among the columns of sentences still unplaced."""
    prose = [
        index for index, role in enumerate(roles)
        if role is None and _mean_words(texts[index]) >= _SENTENCE_WORDS
    ]
    if "recommendation" not in roles and "number" in roles:
        after = [index for index in prose if index > roles.index("number")]
        if after:
            roles[after[0]] = "recommendation"
            prose.remove(after[0])
    opener = next((roles.index(role) for role in ("recommendation", "number") if role in roles), None)
    if opener is None or not prose:
        return
    opening = [bool(cell) for cell in texts[opener]]
    # the action column is filled on the most rows; one filled only where a recommendation opens
    # (and on fewer rows than the action column) holds its outcomes
    action = max(prose, key=lambda index: (sum(1 for t in texts[index] if t), -index))
    roles[action] = "action"
    for index in prose:
        filled = [bool(t) for t in texts[index]]
        if index != action and sum(filled) < sum(1 for t in texts[action] if t) and all(
            opens or not here for opens, here in zip(opening, filled, strict=False)
        ):
            roles[index] = "outcome"


def _mean_words(cells: list[str]) -> float:
    filled = [t for t in cells if t]
    return sum(len(t.split()) for t in filled) / max(len(filled), 1)
