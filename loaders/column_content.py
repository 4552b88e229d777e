"""Column roles from what a column holds, where its header is unknown or missing.

A plan's header may use words the vocabulary does not know ("Who", "Xyz") or be empty; the
cells below still say what the column is: dates and periods are timescales, RAG words or fill
colours are ratings, status words are statuses, numbered requests are recommendations, posts
are leads and boards or committees are assurance routes. A role is given only when most of the
column's filled cells agree and no other column has it already. Words are reviewed data
(``ontology/words/column_content.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from loaders.blocks import Row
from loaders.columns import LATEST_WINS, ColumnRole, column_role
from loaders.rag_fill import rag_from_fill
from loaders.status import rag_from_text, status_from_text
from loaders.timescales import has_date
from ontology.words import vocabulary

_WORDS = vocabulary("column_content")
# (a plural "s" is folded: "officers", "boards")
_POST = re.compile(rf"\b({'|'.join(map(re.escape, _WORDS['posts']))})s?\b", re.IGNORECASE)
_FORUM = re.compile(rf"\b({'|'.join(map(re.escape, _WORDS['forums']))})s?\b", re.IGNORECASE)
_NUMBERED_REQUEST = re.compile(r"^\s*\(?\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?[.):]?\s+\S+(?:\s+\S+){3,}")
# the share of a column's filled cells that must agree
AGREE = 0.6
_CONTENT_ROLES: frozenset[ColumnRole] = frozenset({"recommendation", "action"})
_PROGRESS_ROLES: frozenset[ColumnRole] = frozenset({"timescale", "status", "rag"})
_SHORT = 8  # words in a cell that names a post, a date or a rating

_TESTS: tuple[tuple[ColumnRole, Callable[[str], bool]], ...] = (
    ("timescale", lambda t: has_date(t) and len(t.split()) <= _SHORT),
    ("rag", lambda t: rag_from_text(t) is not None and len(t.split()) <= 2),
    ("status", lambda t: status_from_text(t) is not None and len(t.split()) <= 4),
    ("recommendation", lambda t: numbered_request(t)),
    ("assurance", lambda t: bool(_FORUM.search(t)) and len(t.split()) <= 2 * _SHORT),
    ("lead", lambda t: bool(_POST.search(t)) and len(t.split()) <= _SHORT),
)


def numbered_request(text: str) -> bool:
    """Whether a cell opens with a recommendation number and its wording ("1.2 Ensure that ...")."""
    return bool(_NUMBERED_REQUEST.match(text))


def opens_plan_rows(texts: list[str]) -> bool:
    """Whether a row holds a numbered recommendation, so a plan's rows have begun (a group
    header, "1. <organisations> should:", ends in a colon and does not count)."""
    return any(numbered_request(t) and not t.rstrip().endswith(":") for t in texts)


def content_role(texts: Sequence[str], fills: Sequence[str | None]) -> ColumnRole | None:
    """The role most of a column's cells show, or None."""
    filled = [t.strip() for t in texts if t.strip()]
    if not filled:
        coloured = [f for f in fills if rag_from_fill(f) is not None]
        return "rag" if len(coloured) >= 2 else None
    for role, test in _TESTS:
        if sum(1 for t in filled if test(t)) >= AGREE * len(filled):
            return role
    return None


def reads_as_header(headers: list[str], below: Sequence[Row]) -> bool:
    """Whether a row whose words name only two plan columns (one of them the recommendation or
    the action) is a header all the same: short cells, and the columns' content places a third
    one or more, among them a timescale, a status or a rating (what makes a table a plan rather
    than, say, an agenda)."""
    roles = [column_role(h) if h.strip() else None for h in headers]
    known = {role for role in roles if role is not None}
    if len(known) < 2 or not known & _CONTENT_ROLES or any(len(h) > 60 for h in headers):
        return False
    placed = {role for role in placed_by_content(roles, below) if role is not None}
    return len(placed) >= 3 and bool((placed - known) & _PROGRESS_ROLES)


def placed_by_content(roles: list[ColumnRole | None], rows: Sequence[Row]) -> list[ColumnRole | None]:
    """``roles`` with each unplaced column given the role its cells show, if no column has it."""
    placed = list(roles)
    for index, role in enumerate(roles):
        if role is not None:
            continue
        cells = [row.cells[index] for row in rows if index < len(row.cells)]
        found = content_role([c.text for c in cells], [c.fill for c in cells])
        if found is not None and (found not in placed or found in LATEST_WINS):
            placed[index] = found
    return placed
