"""Progress status and RAG ratings from the words of a plan's cells.

A status is read only from cells that report progress (timescale, status, progress, RAG),
never from action text, where "complete the audit" is an instruction, not a status.
"complete by <date>" is a target, not a status.
"""

from __future__ import annotations

import re

from loaders.records import RAG, Status

_STATUS_WORDS: tuple[tuple[Status, re.Pattern[str]], ...] = (
    ("behind", re.compile(r"\b(behind|delayed|overdue|off[- ]track|slipp(ed|age)|not on track)\b", re.I)),
    ("on track", re.compile(r"\bon[- ]track\b", re.I)),
    ("in progress", re.compile(r"\b(in[- ]progress|ongoing|on-going|under\s*way|being implemented|"
                               r"partially (complete|met|achieved))\b", re.I)),
    ("completed", re.compile(r"(?<!to be )(?<!not )\b(complete[d]?|achieved|closed)\b"
                             r"(?!\s+(by|before|within|from|in)\b)", re.I)),
)
_RAG_WORDS: dict[str, RAG] = {
    "red": "red", "r": "red", "amber": "amber", "a": "amber", "yellow": "amber", "orange": "amber",
    "green": "green", "g": "green", "blue": "blue", "b": "blue",
}
_RAG = re.compile(r"\b(red|amber|yellow|orange|green|blue)\b", re.I)
# what a RAG colour says about progress where no status words are given (blue = completed,
# the usual BRAG convention); amber is "at risk", which is none of the statuses we record
_STATUS_OF_RAG: dict[RAG, Status | None] = {
    "blue": "completed", "green": "on track", "amber": None, "red": "behind",
}


def status_from_text(text: str | None) -> Status | None:
    """The status the words state, or None (a target date such as "complete by March")."""
    if not text:
        return None
    for status, pattern in _STATUS_WORDS:
        if pattern.search(text):
            return status
    return None


def rag_from_text(text: str | None) -> RAG | None:
    """A RAG rating written as a colour word or a single letter (R/A/G/B)."""
    if not text:
        return None
    stripped = text.strip().lower().rstrip(".")
    if stripped in _RAG_WORDS:
        return _RAG_WORDS[stripped]
    match = _RAG.search(text)
    return _RAG_WORDS[match.group(1).lower()] if match else None


def status_of_rag(rag: RAG | None) -> Status | None:
    return _STATUS_OF_RAG.get(rag) if rag else None
