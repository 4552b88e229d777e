"""Progress over time: each action's status across the stored versions of one plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.queries.walk import JsonResult
from graph.resolve import normalise_name
from graph.store import DocumentVersion
from loaders.records import ActionRecord, Extraction

TRACKED = ("status", "rag", "timescale", "lead")


@dataclass(frozen=True)
class ActionState(JsonResult):
    version: int
    status: str | None
    rag: str | None
    timescale: str | None
    lead: str | None


@dataclass(frozen=True)
class ActionHistory(JsonResult):
    owner: str  # "recommendation 2.1", "finding ...", or "document"
    text: str
    states: tuple[ActionState | None, ...]  # one per version, None where the action is absent


@dataclass(frozen=True)
class ActionChange(JsonResult):
    owner: str
    text: str
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class VersionChange(JsonResult):
    from_version: int
    to_version: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[ActionChange, ...]


@dataclass(frozen=True)
class StoredVersion(JsonResult):
    version: int
    sha256: str
    loaded_at: str
    current: bool


@dataclass(frozen=True)
class ProgressReport(JsonResult):
    document: str
    versions: tuple[StoredVersion, ...]
    actions: tuple[ActionHistory, ...]
    changes: tuple[VersionChange, ...]


def _actions(extraction: Extraction) -> list[tuple[str, ActionRecord]]:
    found: list[tuple[str, ActionRecord]] = []
    for rec in extraction.recommendations:
        found += [(f"recommendation {rec.id}", a) for a in rec.actions]
    for finding in extraction.findings:
        owner = "finding " + " ".join(finding.text.split()[:8])
        found += [(owner, a) for a in finding.actions]
    found += [("document", a) for a in extraction.actions]
    return found


def _match(previous: list[tuple[str, str]], current: list[tuple[str, ActionRecord]]) -> list[int | None]:
    """For each current action, the index of the same action in ``previous`` (or None).

    Same owner and same words first; then the remaining actions of one owner pair up in order
    (an action whose wording was edited keeps its history).
    """
    used: set[int] = set()
    result: list[int | None] = [None] * len(current)
    for i, (owner, action) in enumerate(current):
        key = (owner, normalise_name(action.text))
        j = next((k for k, p in enumerate(previous) if k not in used and p == key), None)
        if j is not None:
            used.add(j)
            result[i] = j
    for i, (owner, _action) in enumerate(current):
        if result[i] is None:
            j = next((k for k, p in enumerate(previous) if k not in used and p[0] == owner), None)
            if j is not None:
                used.add(j)
                result[i] = j
    return result


def progress(history: Sequence[DocumentVersion]) -> ProgressReport:
    """Each action's status, RAG, timescale and lead across the versions of one document.

    Parameters
    ----------
    history : sequence of DocumentVersion
        ``Store.history(document_id)``: the versions of one document, oldest first.

    Returns
    -------
    ProgressReport
        ``actions`` (in order of first appearance) with one state per version; ``changes``
        between consecutive versions: actions added, removed, and fields changed.

    Raises
    ------
    ValueError
        ``history`` is empty.
    """
    if not history:
        raise ValueError("no stored version to report on")
    rows: list[tuple[str, str, dict[int, ActionState]]] = []
    previous_rows: list[int] = []  # row index of each action of the previous version
    previous_keys: list[tuple[str, str]] = []
    changes: list[VersionChange] = []
    for number, version in enumerate(history):
        actions = _actions(version.document.extraction)
        matches = _match(previous_keys, actions) if number else [None] * len(actions)
        current_rows: list[int] = []
        added, changed = [], []
        for (owner, action), match in zip(actions, matches, strict=True):
            state = ActionState(version.version, action.status, action.rag, action.timescale, action.lead)
            if match is None:
                rows.append((owner, action.text, {}))
                row = len(rows) - 1
                if number:
                    added.append(f"{owner}: {action.text}")
            else:
                row = previous_rows[match]
                before = rows[row][2][history[number - 1].version]
                for name in TRACKED:
                    if getattr(before, name) != getattr(state, name):
                        changed.append(
                            ActionChange(
                                owner, action.text, name, getattr(before, name), getattr(state, name)
                            )
                        )
            rows[row][2][version.version] = state
            current_rows.append(row)
        if number:
            gone = set(previous_rows) - set(current_rows)
            removed = [f"{rows[r][0]}: {rows[r][1]}" for r in sorted(gone)]
            changes.append(
                VersionChange(
                    history[number - 1].version, version.version, tuple(added), tuple(removed), tuple(changed)
                )
            )
        previous_rows = current_rows
        previous_keys = [(owner, normalise_name(a.text)) for owner, a in actions]
    return ProgressReport(
        document=history[-1].document.id,
        versions=tuple(
            StoredVersion(v.version, v.document.sha256, v.document.loaded_at, v.current) for v in history
        ),
        actions=tuple(
            ActionHistory(owner, text, tuple(states.get(v.version) for v in history))
            for owner, text, states in rows
        ),
        changes=tuple(changes),
    )
