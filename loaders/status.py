"""Progress status and RAG ratings from the words of a plan's cells and of prose: one status
vocabulary.

The words are reviewed data (``ontology/words/status_words.toml``). A status is read only from cells
that report progress (timescale, status, progress, RAG), never from action text, where
"complete the audit" is an instruction, not a status; "complete by <date>" and "to be
completed" are targets, not statuses. A RAG colour means what the document's own printed key
says ("Key: Amber = behind schedule"), else the vocabulary's default. A sentence of prose
reporting an action is read with the same words and the grammar of prose
(:func:`status_of_statement`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import cast, get_args

from loaders.records import RAG, Status
from ontology.words import vocabulary, word_list

# the grammar around "complete": a target ("complete by March", "to be completed") is no status
_TARGET_BEFORE = r"(?<!to be )(?<!not )"
_TARGET_AFTER = r"(?!\s+(by|before|within|from|in)\b)"

RagKey = dict[RAG, Status]


def _load() -> tuple[tuple[tuple[Status, re.Pattern[str]], ...], dict[str, RAG], RagKey]:
    data = vocabulary("status_words")
    phrases = []
    for status, patterns in data["phrases"].items():
        if status not in get_args(Status):
            raise ValueError(f"status_words.toml: unknown status {status!r}")
        alternatives = "|".join(f"(?:{p})" for p in patterns)
        body = f"{_TARGET_BEFORE}\\b(?:{alternatives})\\b{_TARGET_AFTER}" if status == "completed" else (
            f"\\b(?:{alternatives})\\b")
        phrases.append((cast(Status, status), re.compile(body, re.IGNORECASE)))
    colours = data["rag"]["colours"].items()
    words = {word: cast(RAG, colour) for colour, spellings in colours for word in spellings}
    defaults = {cast(RAG, colour): cast(Status, status) for colour, status in data["rag"]["status"].items()}
    return tuple(phrases), words, defaults


def _load_statements() -> dict[Status, re.Pattern[str]]:
    data = vocabulary("status_words")
    done = "|".join(sorted(word_list("status_words", "done_verbs")))
    return {
        cast(Status, status): re.compile(
            "|".join(rf"\b{p.replace('{done}', done)}\b" for p in patterns), re.IGNORECASE
        )
        for status, patterns in data["statements"].items()
    }


_STATUS_WORDS, _RAG_WORDS, _DEFAULT_KEY = _load()
_STATEMENTS = _load_statements()
_COUNTED = {
    state: re.compile("|".join(rf"\b{p}\b" for p in patterns), re.IGNORECASE)
    for state, patterns in vocabulary("status_words")["counts"].items()
}
_COLOUR_WORDS = sorted((w for w in _RAG_WORDS if len(w) > 1), key=len, reverse=True)
_RAG = re.compile(rf"\b({'|'.join(_COLOUR_WORDS)})\b", re.IGNORECASE)
# one entry of a printed key: a colour, a separator, and what it stands for ("Blue = Completed")
_KEY_ENTRY = re.compile(
    rf"\b({'|'.join(_COLOUR_WORDS)})\b\s*(?:=|:|–|—|-|\bmeans\b)\s*([^;,.\n=]+)", re.IGNORECASE
)


def status_from_text(text: str | None) -> Status | None:
    """The status the words state, or None (a target date such as "complete by March")."""
    if not text:
        return None
    for status, pattern in _STATUS_WORDS:
        if pattern.search(text):
            return status
    return None


def status_of_statement(text: str | None) -> Status | None:
    """The status a sentence of prose reports of an action: the vocabulary's words read with the
    grammar of prose (``[statements]`` of the status words). Words for behind or on track count
    first ("the audit has been delayed"); then work under way or still to come, which a status
    word inside it does not overrule ("training is being rolled out", "will be completed in
    May"); then the sentence's other status words ("is ongoing", "was achieved"); then work done
    ("a protocol has been agreed", "is now in place")."""
    stated = status_from_text(text)
    if not text or stated in ("behind", "on track"):
        return stated
    if _STATEMENTS["in progress"].search(text):
        return "in progress"
    if stated is not None:
        return stated
    return "completed" if _STATEMENTS["completed"].search(text) else None


def count_status(text: str) -> str | None:
    """What a briefing counts actions by ("20 are on track", "5 have not yet started"): a status
    of the vocabulary as a key ("on_track"), or a state counted only ("not_started")."""
    counted = next((state for state, pattern in _COUNTED.items() if pattern.search(text)), None)
    status = counted or status_from_text(text)
    return status.replace(" ", "_") if status else None


def rag_from_text(text: str | None) -> RAG | None:
    """A RAG rating written as a colour word or a single letter (R/A/G/B)."""
    if not text:
        return None
    stripped = text.strip().lower().rstrip(".")
    if stripped in _RAG_WORDS:
        return _RAG_WORDS[stripped]
    match = _RAG.search(text)
    return _RAG_WORDS[match.group(1).lower()] if match else None


def status_of_rag(rag: RAG | None, key: RagKey | None = None) -> Status | None:
    """What a RAG colour says about progress: the document's key first, else the default."""
    if rag is None:
        return None
    return (key or {}).get(rag) or _DEFAULT_KEY.get(rag)


def rag_key(texts: Iterable[str]) -> RagKey:
    """The RAG key a document prints ("Key: Blue = completed; Amber = behind schedule"): from
    short texts naming two colours or more, or one colour beside a status ("Green: On track")."""
    key: RagKey = {}
    for text in texts:
        if len(text) > 300:
            continue
        entries = [(m.group(1).lower(), status_from_text(m.group(2))) for m in _KEY_ENTRY.finditer(text)]
        for colour, status in entries:
            if status is not None:
                key.setdefault(_RAG_WORDS[colour], status)
    return key
