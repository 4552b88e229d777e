"""Column roles of action-plan tables, recognised from header wording by synonyms.

Plans name their columns in many ways ("Improvement Action", "LCC actions", "Actions: By whom",
"Lead responsible for updating progress", "Timeline", "RAG"); each header is mapped to one
role so that the recogniser reads every layout the same way. The wordings are reviewed data
(``ontology/words/column_headers.toml``); the first matching role wins, so more specific wordings come
first ("by whom" before "action", "RAG" before "status").
"""

from __future__ import annotations

import re
from typing import Literal, cast

from ontology.words import vocabulary

ColumnRole = Literal[
    "number", "recommendation", "report_ref", "outcome", "action", "lead", "responsible",
    "assurance", "timescale", "status", "rag", "progress", "evidence", "organisation",
]


def _load_rules() -> tuple[tuple[ColumnRole, re.Pattern[str]], ...]:
    roles = vocabulary("column_headers")["role"]
    return tuple(
        (cast(ColumnRole, entry["name"]), re.compile("|".join(f"(?:{p})" for p in entry["patterns"]), re.I))
        for entry in roles
    )


_RULES = _load_rules()
# "Action(s)", "Organisation(s)": the plural mark folded into a plain plural
_PLURAL_MARK = re.compile(r"\(s\)", re.IGNORECASE)
# the parts of a compound header ("Ref / Recommendation", "Outcome / impact expected")
_COMPOUND = re.compile(r"\s*/\s*|\s+&\s+")
# roles that only locate a row (its number, the report paragraph it answers)
_LOCATING: frozenset[ColumnRole] = frozenset({"number", "report_ref"})
# roles a tracker repeats column after column, one per reporting period
LATEST_WINS: frozenset[ColumnRole] = frozenset({"progress", "status", "rag"})


def column_role(header: str) -> ColumnRole | None:
    """The role of a column from its header text, or None if the wording is not known.

    Only the header's first line counts: later lines are notes ("(I = indicative, A = Agreed)").
    A compound header that joins a number or report reference to a content column ("Ref /
    Recommendation") names the content column: its rows hold "1.1 <wording>".
    """
    first = _PLURAL_MARK.sub("s", next((line for line in header.splitlines() if line.strip()), ""))
    role = _role(first)
    if role in _LOCATING:
        parts = [_role(part) for part in _COMPOUND.split(first) if part.strip()]
        content = [part for part in parts if part is not None and part not in _LOCATING]
        if len(parts) > 1 and content:
            return content[0]
    return role


def _role(text: str) -> ColumnRole | None:
    for role, pattern in _RULES:
        if pattern.search(text):
            return role
    return None


def header_roles(headers: list[str]) -> tuple[list[ColumnRole | None], list[str]]:
    """Roles for a header row, and a warning for each non-empty header that is not recognised.

    When two columns claim the same role the first keeps it; a second "lead"-like column
    beside a lead column is read as the responsible officer. Trackers add a progress, status
    or RAG column each quarter ("Q1 update", "Q2 update"): those all keep their role, and a
    row's latest filled one is read (see :data:`LATEST_WINS`).
    """
    roles: list[ColumnRole | None] = []
    warnings: list[str] = []
    for header in headers:
        role = column_role(header)
        if role == "lead" and "lead" in roles and "responsible" not in roles:
            role = "responsible"
        elif role is not None and role in roles and role not in LATEST_WINS:
            role = None
        if role is None and header.strip():
            warnings.append(not_understood(header))
        roles.append(role)
    return roles, warnings


def not_understood(header: str) -> str:
    """The warning for a column whose role neither its header nor its content tells."""
    return f"column {header.splitlines()[0].strip()!r} not understood"


def looks_like_header(headers: list[str]) -> bool:
    """Whether a row reads as an action-plan header: three roles or more, one of them the
    recommendation, the action or the outcome, and short cells."""
    roles = [column_role(h) for h in headers if h.strip()]
    known = {r for r in roles if r is not None}
    return (
        len(known) >= 3
        and bool(known & {"recommendation", "action", "outcome"})
        and all(len(h) <= 120 for h in headers)
    )
