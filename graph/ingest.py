"""Load files and folders into the store: one result per file; a bad file never stops the batch.

Used by ``sgraph load`` and by the API's upload endpoint, so both report the same per-file
outcome: loaded, new version, re-extracted, unchanged, skipped, or failed with the reason.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graph.isolated import Job, Limits, Outcome, extract_in_order
from graph.store import LoadStatus, Store, StoreError
from loaders.errors import UnreadableDocument
from loaders.file_names import display_name
from loaders.fingerprint import extractor_version
from loaders.limits import MAX_FILE_BYTES, check_limit
from loaders.records import NOTHING_RECOGNISED, Extraction

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


def load_paths(
    store: Store, paths: Iterable[Path], progress: Progress | None = None, limits: Limits | None = None
) -> list[LoadResult]:
    """Load every file named, and every document file under every folder named (recursively,
    hidden files and folders left out), in a stable order; one result per file.

    Files are read in parallel child processes bounded by ``limits`` (``graph.isolated``) and
    stored here, in order, one transaction each. A file whose bytes are those of its stored
    current version, read by this same extractor, is ``unchanged`` without being read again."""
    planned = [entry for path in paths for entry in _plan(Path(path))]
    return load_sources(store, [(entry.path, entry.verdict) for entry in planned], progress, limits)


def load_contents(
    store: Store, files: Sequence[tuple[str, bytes]], limits: Limits | None = None
) -> list[LoadResult]:
    """Load files given by name and content (an upload); one result per file, in order."""
    return load_sources(store, [(Path(name), content) for name, content in files], None, limits)


def load_sources(
    store: Store,
    sources: Sequence[tuple[Path, bytes | LoadResult | None]],
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> list[LoadResult]:
    """Load each source: a path to read, a path with its content already in hand, or a path
    whose result is already known; one result per source, in order."""
    extractor = extractor_version()
    in_flight: Counter[str] = Counter()

    def prepared() -> Iterator[tuple[_Prepared, Job | None]]:
        for path, given in sources:
            entry = _prepare(store, path, given, extractor, in_flight)
            in_flight[entry.name] += 1
            yield entry, entry.job

    results: list[LoadResult] = []
    for done, (entry, outcome) in enumerate(extract_in_order(prepared(), limits)):
        in_flight[entry.name] -= 1
        if progress is not None:
            progress(entry.path, done, len(sources))
        results.append(_store(store, entry, outcome, extractor))
    return results


@dataclass(frozen=True)
class _Prepared:
    path: Path
    name: str
    content: bytes = b""
    verdict: LoadResult | None = None

    @property
    def job(self) -> Job | None:
        return None if self.verdict is not None else Job(self.name, self.content)


def _prepare(
    store: Store, path: Path, given: bytes | LoadResult | None, extractor: str, in_flight: Counter[str]
) -> _Prepared:
    """Read a file's bytes (within the size limit) and decide whether it needs reading at all."""
    name = display_name(path.name)
    if isinstance(given, LoadResult):
        return _Prepared(path, name, verdict=given)
    try:
        content = given if given is not None else _read(path, name)
    except UnreadableDocument as exc:
        return _Prepared(path, name, verdict=LoadResult(path, "failed", exc.reason))
    except OSError as exc:
        reason = f"cannot be read ({exc.strerror or exc})"
        return _Prepared(path, name, verdict=LoadResult(path, "failed", reason))
    # (a file of the same name earlier in this batch may still change what is stored)
    if not in_flight[name]:
        try:
            known = store.unchanged(name, content, extractor)
        except sqlite3.Error as exc:
            return _Prepared(path, name, verdict=LoadResult(path, "failed", f"could not be stored ({exc})"))
        if known is not None:
            verdict = LoadResult(path, "unchanged", None, known.document_id, known.version, known.warnings)
            return _Prepared(path, name, verdict=verdict)
    return _Prepared(path, name, content)


def _read(path: Path, name: str) -> bytes:
    check_limit(name, "file size", path.stat().st_size, MAX_FILE_BYTES, "bytes")
    return path.read_bytes()


def _store(store: Store, entry: _Prepared, outcome: Outcome | None, extractor: str) -> LoadResult:
    """Store one read file in one transaction; any failure is returned, never raised."""
    if entry.verdict is not None:
        return entry.verdict
    if outcome is None or outcome.extraction is None:
        reason = outcome.reason if outcome is not None else None
        return LoadResult(entry.path, "failed", reason or "could not be read")
    try:
        stored = store.put(entry.name, entry.content, outcome.extraction, extractor, outcome.source_text)
    except (sqlite3.Error, StoreError) as exc:
        return LoadResult(entry.path, "failed", f"could not be stored ({exc})")
    # stored all the same (it is what the file says), but never silently
    reason = NOTHING_RECOGNISED if outcome.extraction.recognised_nothing() else None
    return LoadResult(entry.path, stored.status, reason, stored.document_id, stored.version, stored.warnings)


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


def extract_path(path: Path, limits: Limits | None = None) -> Extraction:
    """What one file says, read within the same limits as a load, without storing anything;
    ``UnreadableDocument`` names the file and the reason when it cannot be read."""
    name = display_name(path.name)
    try:
        job = Job(name, _read(path, name))
    except OSError as exc:
        raise UnreadableDocument(name, f"cannot be opened ({exc.strerror or exc})") from exc
    [(_, outcome)] = extract_in_order([(path, job)], limits)
    if outcome is None or outcome.extraction is None:
        raise UnreadableDocument(name, (outcome.reason if outcome else None) or "could not be read")
    return outcome.extraction
