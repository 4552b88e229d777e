"""The embedded store: one SQLite file that is the source of truth for everything loaded.

A document is identified by its file name (``document_id``), so a plan reloaded next quarter
under the same name becomes a new *version* of the same document; every version keeps its raw
content and its extraction (``Extraction.to_json()``), and the graph is always built from the
current versions (:meth:`Store.documents`).

Each :meth:`Store.put` is one SQLite transaction: an exception, or the process being killed,
before it commits leaves the file exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath
from types import TracebackType
from typing import Literal

from graph.documents import StoredDocument
from loaders.records import Extraction

# "SGRA" in ASCII: marks the file as ours, so another program's SQLite file is never altered.
APPLICATION_ID = 0x53475241
# how long a write waits for another process's write to finish; keeping a source text waits less
BUSY_TIMEOUT_MS = 10_000
KEEP_WAIT_MS = 100

# Schema migrations, applied in order; the database's user_version counts those applied.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            file_name TEXT NOT NULL,
            format TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            loaded_at TEXT NOT NULL,
            warnings TEXT NOT NULL,
            current_version INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE versions (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            file_name TEXT NOT NULL,
            format TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            loaded_at TEXT NOT NULL,
            extraction TEXT NOT NULL,
            content BLOB NOT NULL,
            PRIMARY KEY (document_id, version)
        )
        """,
    ),
    # A counter bumped by every write that changes the documents, so readers (the web app's
    # graph cache) can tell in one cheap query whether to rebuild; a row count alone would miss
    # a re-extraction, which rewrites a version in place.
    (
        "CREATE TABLE store_state (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL)",
        "INSERT INTO store_state (id, revision) VALUES (1, 0)",
    ),
    # A removed document keeps its history (until purged) but has no current version: the graph
    # no longer holds what only it said.
    ("ALTER TABLE documents ADD COLUMN removed_at TEXT",),
    # Which extractor read each version (``loaders.fingerprint.extractor_version``), so that
    # loading an unchanged file again is skipped without reading it unless the extractor changed.
    ("ALTER TABLE versions ADD COLUMN extractor TEXT NOT NULL DEFAULT ''",),
    # The graph built from one revision of the documents (graph/snapshot.py), so that a server
    # or a command starts from it instead of building it again; ``code`` names the builder that
    # made it, so a newer sgraph never reads an older builder's graph as its own.
    (
        "CREATE TABLE graph_snapshots (revision INTEGER NOT NULL, code TEXT NOT NULL, data BLOB NOT NULL,"
        " PRIMARY KEY (revision, code))",
    ),
    # Each content's text as its reader saw it (graph/source_text.py), so that pages showing
    # where a fact was read never run the reader again; ``extractor`` says which reader made it.
    (
        "CREATE TABLE source_text (document_id TEXT NOT NULL, sha256 TEXT NOT NULL, extractor TEXT NOT NULL,"
        " entries BLOB NOT NULL, PRIMARY KEY (document_id, sha256))",
    ),
    # The shared answers made from a kept graph (graph/kept_answers.py), kept in its row so that
    # they go with it: a server receiving or starting from the graph reads them, not computes them.
    ("ALTER TABLE graph_snapshots ADD COLUMN answers BLOB",),
)

# every column but the raw content, which only Store.content reads
_VERSION_COLUMNS = (
    "v.document_id, v.version, v.file_name, v.format, v.sha256, v.size, v.loaded_at, v.extraction"
)
# each document with its current version (a removed document has none)
_CURRENT = (
    "documents d JOIN versions v ON v.document_id = d.id AND v.version = d.current_version"
    " AND d.removed_at IS NULL"
)

_BUMP_REVISION = "UPDATE store_state SET revision = revision + 1"

LoadStatus = Literal["loaded", "new version", "re-extracted", "unchanged"]


class StoreError(Exception):
    """The store file cannot be used; the message names the file and the reason."""


class UnknownDocument(StoreError):
    def __init__(self, document_id: str) -> None:
        super().__init__(f"no document {document_id!r} in the store")
        self.document_id = document_id


@dataclass(frozen=True)
class LoadOutcome:
    """What :meth:`Store.put` did with one document.

    ``loaded``: first version; ``new version``: the content changed, the previous version stays in
    history; ``re-extracted``: same content read differently (a newer extractor), the current
    version's extraction is replaced; ``unchanged``: nothing to do.
    """

    document_id: str
    status: LoadStatus
    version: int
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class DocumentVersion:
    """One version of a document in its history (the oldest is version 1)."""

    version: int
    current: bool
    document: StoredDocument


def document_id(file_name: str) -> str:
    """The stable id of a document: its file name without any folder."""
    return PurePath(file_name).name


class Store:
    """An open store file. Thread-safe (one connection, serialised), usable as a context manager."""

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder, not a store file")
        if not self.path.exists() and not create:
            raise StoreError(f"{self.path}: no store here yet (load documents with `sgraph load` first)")
        try:
            # autocommit mode: transactions are opened explicitly, one per document
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot be opened ({exc})") from exc
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StoreError(f"{self.path}: not a usable Safeguarding Graph store ({exc})") from exc
        except StoreError:
            self._conn.close()
            raise

    def _prepare(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if application_id != APPLICATION_ID and (application_id != 0 or has_tables):
            raise StoreError(
                f"{self.path}: is an SQLite database of another program, not a Safeguarding Graph store"
            )
        conn.execute("PRAGMA journal_mode = WAL")
        with self._transaction():
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise StoreError(
                    f"{self.path}: written by a newer sgraph (store schema {version}, "
                    f"this version knows up to {len(MIGRATIONS)})"
                )
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            # IMMEDIATE takes the write lock up front, so two loaders never interleave a document
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._lock:
            version: int = self._conn.execute("PRAGMA user_version").fetchone()[0]
        return version

    def state(self) -> int:
        """A token that changes whenever the stored documents change (a new document or version,
        or a re-extraction), whichever connection wrote it; equal tokens mean nothing changed."""
        with self._lock:
            revision: int = self._conn.execute("SELECT revision FROM store_state").fetchone()[0]
        return revision

    def revision_and_documents(self) -> tuple[int, list[StoredDocument]]:
        """The current revision (:meth:`state`) and the documents of exactly that revision, read
        in one transaction so that a write in between cannot pair one with the other's."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                revision: int = self._conn.execute("SELECT revision FROM store_state").fetchone()[0]
                rows = self._conn.execute(
                    f"SELECT {_VERSION_COLUMNS} FROM {_CURRENT} ORDER BY d.id"
                ).fetchall()
            finally:
                self._conn.execute("COMMIT")
        return revision, [_stored_document(row) for row in rows]

    def save_graph_snapshot(
        self, revision: int, code: str, data: bytes, answers: bytes | None = None
    ) -> None:
        """Keep ``data`` as the graph of ``revision`` built by ``code`` (with the ``answers`` made
        from it, if given); older snapshots go."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM graph_snapshots WHERE revision < ? OR code != ?", (revision, code))
            conn.execute(
                "INSERT OR REPLACE INTO graph_snapshots (revision, code, data, answers) VALUES (?, ?, ?, ?)",
                (revision, code, data, answers),
            )

    def save_graph_answers(self, revision: int, code: str, answers: bytes) -> None:
        """Keep ``answers`` with the graph of ``revision`` built by ``code`` (nothing if it is gone)."""
        with self._transaction() as conn:
            conn.execute(
                "UPDATE graph_snapshots SET answers = ? WHERE revision = ? AND code = ?",
                (answers, revision, code),
            )

    def graph_answers(self, revision: int, code: str) -> bytes | None:
        """The answers kept with the graph of ``revision`` built by ``code``, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT answers FROM graph_snapshots WHERE revision = ? AND code = ?", (revision, code)
            ).fetchone()
        return None if row is None else row[0]

    def graph_snapshot_revision(self, code: str) -> int | None:
        """The revision of the newest graph snapshot made by ``code`` (its data left unread), or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT max(revision) FROM graph_snapshots WHERE code = ?", (code,)
            ).fetchone()
        return None if row is None else row[0]

    def latest_graph_snapshot(self, code: str) -> tuple[int, bytes] | None:
        """The newest graph snapshot made by ``code``: (revision, data), or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT revision, data FROM graph_snapshots WHERE code = ? ORDER BY revision DESC LIMIT 1",
                (code,),
            ).fetchone()
        return (row[0], row[1]) if row else None

    def unchanged(self, file_name: str, content: bytes, extractor: str) -> LoadOutcome | None:
        """The ``unchanged`` outcome when the current version of this document has exactly this
        content and was read by this ``extractor``, so the file need not be read again; else None."""
        doc_id = document_id(file_name)
        with self._lock:
            row = self._conn.execute(
                f"SELECT d.current_version, d.warnings FROM {_CURRENT}"
                " WHERE d.id = ? AND d.sha256 = ? AND v.extractor = ?",
                (doc_id, hashlib.sha256(content).hexdigest(), extractor),
            ).fetchone()
        if row is None:
            return None
        return LoadOutcome(doc_id, "unchanged", row[0], tuple(json.loads(row[1])))

    def put(
        self,
        file_name: str,
        content: bytes,
        extraction: Extraction,
        extractor: str = "",
        source_text: bytes | None = None,
    ) -> LoadOutcome:
        """Store one document's content and extraction in a single transaction; ``extractor``
        says which version of the extractor produced it, ``source_text`` is its text as the reader
        saw it (``graph.source_text.encode``), when the reader gave it."""
        doc_id = document_id(file_name)
        sha256 = hashlib.sha256(content).hexdigest()
        extraction_json = json.dumps(extraction.to_json(), ensure_ascii=False, sort_keys=True)
        warnings = tuple(extraction.warnings)
        warnings_json = json.dumps(list(warnings), ensure_ascii=False)
        with self._transaction() as conn:
            if source_text is not None:
                _keep_source_text(conn, doc_id, sha256, extractor, source_text)
            current = conn.execute(
                "SELECT d.sha256, d.current_version, d.removed_at, v.extraction FROM documents d"
                " JOIN versions v ON v.document_id = d.id AND v.version = d.current_version WHERE d.id = ?",
                (doc_id,),
            ).fetchone()
            # a removed document loaded again becomes its next version
            if current is not None and current["removed_at"] is None and current["sha256"] == sha256:
                version = current["current_version"]
                # the same reading by a newer extractor is recorded as such, without a new revision
                conn.execute(
                    "UPDATE versions SET extractor = ? WHERE document_id = ? AND version = ?",
                    (extractor, doc_id, version),
                )
                if current["extraction"] == extraction_json:
                    return LoadOutcome(doc_id, "unchanged", version, warnings)
                conn.execute(
                    "UPDATE documents SET warnings = ?, format = ? WHERE id = ?",
                    (warnings_json, extraction.format, doc_id),
                )
                conn.execute(
                    "UPDATE versions SET extraction = ?, format = ? WHERE document_id = ? AND version = ?",
                    (extraction_json, extraction.format, doc_id, version),
                )
                conn.execute(_BUMP_REVISION)
                return LoadOutcome(doc_id, "re-extracted", version, warnings)
            version = 1 if current is None else current["current_version"] + 1
            loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
            row = (doc_id, document_id(file_name), extraction.format, sha256, len(content), loaded_at)
            conn.execute(
                "INSERT INTO documents (id, file_name, format, sha256, size, loaded_at, warnings,"
                " current_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET file_name = excluded.file_name, format = excluded.format,"
                " sha256 = excluded.sha256, size = excluded.size, loaded_at = excluded.loaded_at,"
                " warnings = excluded.warnings, current_version = excluded.current_version,"
                " removed_at = NULL",
                (*row, warnings_json, version),
            )
            conn.execute(
                "INSERT INTO versions (document_id, version, file_name, format, sha256, size, loaded_at,"
                " extraction, content, extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, version, *row[1:], extraction_json, content, extractor),
            )
            conn.execute(_BUMP_REVISION)
        return LoadOutcome(doc_id, "loaded" if version == 1 else "new version", version, warnings)

    def remove(self, doc_id: str, purge: bool = False) -> int:
        """Take a document out of the graph, in one transaction; returns how many versions remain.

        Its versions stay in the history (``sgraph documents --history``) unless ``purge``, which
        deletes them. Loading the file again makes it current once more. :class:`UnknownDocument`
        if there is no such current document.
        """
        with self._transaction() as conn:
            if conn.execute(f"SELECT 1 FROM {_CURRENT} WHERE d.id = ?", (doc_id,)).fetchone() is None:
                raise UnknownDocument(doc_id)
            if purge:
                conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
                conn.execute("DELETE FROM source_text WHERE document_id = ?", (doc_id,))
            else:
                removed_at = datetime.now(UTC).isoformat(timespec="seconds")
                conn.execute("UPDATE documents SET removed_at = ? WHERE id = ?", (removed_at, doc_id))
            conn.execute(_BUMP_REVISION)
            kept: int = conn.execute(
                "SELECT count(*) FROM versions WHERE document_id = ?", (doc_id,)
            ).fetchone()[0]
        return kept

    def documents(self) -> list[StoredDocument]:
        """The current version of every document, ordered by id."""
        with self._lock:
            rows = self._conn.execute(f"SELECT {_VERSION_COLUMNS} FROM {_CURRENT} ORDER BY d.id").fetchall()
        return [_stored_document(row) for row in rows]

    def document(self, doc_id: str) -> StoredDocument:
        """The current version of one document; :class:`UnknownDocument` if there is none."""
        with self._lock:
            row = self._conn.execute(
                f"SELECT {_VERSION_COLUMNS} FROM {_CURRENT} WHERE d.id = ?",
                (doc_id,),
            ).fetchone()
        if row is None:
            raise UnknownDocument(doc_id)
        return _stored_document(row)

    def history(self, doc_id: str) -> list[DocumentVersion]:
        """Every version of a document, oldest first; :class:`UnknownDocument` if there is none."""
        with self._lock:
            current = self._conn.execute(
                "SELECT CASE WHEN removed_at IS NULL THEN current_version END FROM documents WHERE id = ?",
                (doc_id,),
            ).fetchone()
            rows = self._conn.execute(
                f"SELECT {_VERSION_COLUMNS} FROM versions v WHERE v.document_id = ? ORDER BY v.version",
                (doc_id,),
            ).fetchall()
        if current is None:
            raise UnknownDocument(doc_id)
        return [
            DocumentVersion(row["version"], row["version"] == current[0], _stored_document(row))
            for row in rows
        ]

    def source_text(self, doc_id: str, sha256: str, extractor: str) -> bytes | None:
        """The text kept for this version (content hash) of a document, as ``extractor`` read it."""
        with self._lock:
            row = self._conn.execute(
                "SELECT entries FROM source_text WHERE document_id = ? AND sha256 = ? AND extractor = ?",
                (doc_id, sha256, extractor),
            ).fetchone()
        return None if row is None else bytes(row[0])

    def keep_source_text(self, doc_id: str, sha256: str, extractor: str, entries: bytes) -> None:
        """Keep the text of a stored version as ``extractor`` read it (a version loaded before
        texts were kept at load, or read by another extractor); nothing if it is not stored.

        A reader (a web page) calls it: it waits at most ``KEEP_WAIT_MS`` for another process's
        write (a load) and then raises ``sqlite3.OperationalError``, rather than holding every
        other reader of this store for the load's whole transaction."""
        with self._lock:
            self._conn.execute(f"PRAGMA busy_timeout = {KEEP_WAIT_MS}")
            try:
                with self._transaction() as conn:
                    stored = "SELECT 1 FROM versions WHERE document_id = ? AND sha256 = ?"
                    if conn.execute(stored, (doc_id, sha256)).fetchone():
                        _keep_source_text(conn, doc_id, sha256, extractor, entries)
            finally:
                self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def content(self, doc_id: str, version: int | None = None) -> bytes:
        """The raw bytes of a document as loaded (current version unless ``version`` is given)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT v.content FROM versions v JOIN documents d ON d.id = v.document_id"
                " WHERE v.document_id = ? AND v.version = coalesce(?, CASE WHEN d.removed_at IS NULL"
                " THEN d.current_version END)",
                (doc_id, version),
            ).fetchone()
        if row is None:
            raise UnknownDocument(doc_id if version is None else f"{doc_id} version {version}")
        content: bytes = row[0]
        return content


def _keep_source_text(
    conn: sqlite3.Connection, doc_id: str, sha256: str, extractor: str, entries: bytes
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO source_text (document_id, sha256, extractor, entries) VALUES (?, ?, ?, ?)",
        (doc_id, sha256, extractor, entries),
    )


def _stored_document(row: sqlite3.Row) -> StoredDocument:
    return StoredDocument(
        id=row["document_id"],
        file_name=row["file_name"],
        format=row["format"],
        sha256=row["sha256"],
        size=row["size"],
        loaded_at=row["loaded_at"],
        extraction=Extraction.from_stored(json.loads(row["extraction"])),
        stored_json=row["extraction"],
    )
