"""Load files and folders into the store: one result per file; a bad file never stops the batch.

Used by ``sgraph load`` and by the API's upload endpoint, so both report the same per-file
outcome: loaded, new version, re-extracted, unchanged, skipped, or failed with the reason.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graph.store import LoadStatus, Store, StoreError
from loaders.errors import UnreadableDocument
from loaders.extract import extract_file

# What a folder walk picks up. A file named explicitly is always tried, whatever its name,
# because the readers recognise formats by content; in folders, notes such as README.md or
# INDEX.md sit beside the documents and are reported as skipped rather than read as plans.
DOCUMENT_SUFFIXES = frozenset(
    {".txt", ".text", ".tsv", ".csv", ".docx", ".docm", ".pdf", ".html", ".htm", ".xlsx", ".xlsm"}
)

ResultStatus = LoadStatus | Literal["failed", "skipped"]
# progress(path about to be loaded, files done so far, files in the batch)
Progress = Callable[[Path, int, int], None]


@dataclass(frozen=True)
class LoadResult:
    """The outcome for one file of a batch."""

    path: Path
    status: ResultStatus
    reason: str | None = None
    document_id: str | None = None
    version: int | None = None
    warnings: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass(frozen=True)
class _Planned:
    path: Path
    # set when the outcome is known without reading the file (missing path, skipped file)
    verdict: LoadResult | None = None


def load_paths(store: Store, paths: Iterable[Path], progress: Progress | None = None) -> list[LoadResult]:
    """Load every file named, and every document file under every folder named (recursively,
    hidden files and folders left out), in a stable order; one result per file."""
    planned = [entry for path in paths for entry in _plan(Path(path))]
    results: list[LoadResult] = []
    for done, entry in enumerate(planned):
        if progress is not None:
            progress(entry.path, done, len(planned))
        results.append(entry.verdict or load_file(store, entry.path))
    return results


def load_file(store: Store, path: Path) -> LoadResult:
    """Extract one file and store it in one transaction; any failure is returned, never raised."""
    try:
        extraction = extract_file(path)
        content = path.read_bytes()
    except UnreadableDocument as exc:
        return LoadResult(path, "failed", exc.reason)
    except OSError as exc:
        return LoadResult(path, "failed", f"cannot be read ({exc.strerror or exc})")
    except Exception as exc:  # a reader bug must not abort the rest of the batch
        return LoadResult(path, "failed", f"could not be read: {type(exc).__name__}: {exc}")
    try:
        outcome = store.put(path.name, content, extraction)
    except (sqlite3.Error, StoreError) as exc:
        return LoadResult(path, "failed", f"could not be stored ({exc})")
    return LoadResult(path, outcome.status, None, outcome.document_id, outcome.version, outcome.warnings)


def _plan(path: Path) -> list[_Planned]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
        return [_plan_in_folder(p) for p in files]
    if not path.exists():
        return [_Planned(path, LoadResult(path, "failed", "no such file or folder"))]
    return [_Planned(path)]


def _plan_in_folder(path: Path) -> _Planned:
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return _Planned(path)
    kind = path.suffix or "no extension"
    return _Planned(path, LoadResult(path, "skipped", f"not a document type sgraph reads ({kind})"))


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)
