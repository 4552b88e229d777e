"""Column roles of action-plan tables, recognised from header wording by synonyms.

Plans name their columns in many ways ("Improvement Action", "LCC actions", "Actions: By whom",
"Lead responsible for updating progress", "Timeline", "RAG"); each header is mapped to one
role so that the recogniser reads every layout the same way. The first matching rule wins,
so more specific wordings come first ("by whom" before "action", "RAG" before "status").
"""

from __future__ import annotations

import re
from typing import Literal

ColumnRole = Literal[
    "number", "recommendation", "report_ref", "outcome", "action", "lead", "responsible",
    "assurance", "timescale", "status", "rag", "progress", "evidence", "organisation",
]

_PATTERNS: tuple[tuple[ColumnRole, str], ...] = (
    # a bare "Ref"/"No." column numbers the rows; "reference in the report" is a report paragraph
    ("number", r"^\s*((rec(ommendation)?\.?\s*)?(no\.?|number|ref\.?)|#|id|ref(erence)?\.?(\s*no\.?)?|"
               r"item(\s*no\.?)?|rec\.?)\s*$"),
    # the organisations a tracker row is addressed to ("Organisation", "Provider", "Lead agency");
    # before "lead", so that "Lead agency" names a body, not a person
    ("organisation", r"^\s*((lead|responsible|partner)\s+)?(organi[sz]ations?|providers?|agenc(y|ies)|"
                     r"partners?|bod(y|ies))(\s*\(s\))?(\s+(responsible|concerned|involved))?\s*:?\s*$|"
                     r"^\s*addressed\s+to\b"),
    ("rag", r"\brag\b|\b(b?rag|red.amber.green)\s*(status|rating)?\b|\brating\b"),
    ("responsible", r"responsible\s+(officer|director|executive|manager)|accountable\s+(officer|"
                    r"director|executive)|executive\s+lead|\bsponsor\b|\bsro\b"),
    ("lead", r"by\s+whom|\bwho\b|\blead\b|\bowner\b|responsib|named\s+officer|action\s+holder"),
    ("assurance", r"assurance|monitor|oversight|governance|reporting\s+to"),
    ("progress", r"progress|update|comment|\bnotes?\b|position"),
    ("timescale", r"time\s*scale|time\s*line|target\s+date|due\s+date|deadline|by\s+when|"
                  r"completion\s+date|\bwhen\b|\bdate\b|time\s*frame|^\s*target\s*$"),
    ("report_ref", r"reference\s+in|report\s+ref|\bparagraph\b|\bpara\b|issue\s+raised|"
                   r"\bfindings?\b|area\s+for\s+improvement|\bissues?\b|\bref(erence)?\b"),
    ("recommendation", r"recommendation"),
    ("outcome", r"outcome|success\s+(measure|criteria)|measure\s+of\s+success|expected\s+result|"
                r"\bimpact\b"),
    ("evidence", r"evidence"),
    ("status", r"\bstatus\b|\bcomplete[d]?\b"),
    ("action", r"\baction|\bimprovement|\bsteps?\b|\bplan\b|\bactivit(y|ies)\b|\bwhat\b"),
)
# roles a tracker repeats column after column, one per reporting period
LATEST_WINS: frozenset[ColumnRole] = frozenset({"progress", "status", "rag"})
_RULES = tuple((role, re.compile(pattern, re.IGNORECASE)) for role, pattern in _PATTERNS)


def column_role(header: str) -> ColumnRole | None:
    """The role of a column from its header text, or None if the wording is not known.

    Only the header's first line counts: later lines are notes ("(I = indicative, A = Agreed)").
    """
    first = next((line for line in header.splitlines() if line.strip()), "")
    for role, pattern in _RULES:
        if pattern.search(first):
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
            warnings.append(f"unknown column {header.splitlines()[0].strip()!r}")
        roles.append(role)
    return roles, warnings


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
