"""A load killed at any moment (SIGKILL, the whole process group) leaves the store intact: every
document it holds is whole, and loading again completes the batch.

Each load is killed a random moment (up to 0.1 s) after it has stored its first document, so
every kill lands in a load that is reading and writing, never in one still starting up, and
each leaves files for the next (36 files; a run stores one, or a few on a fast machine)."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from hostile_support import text_plan

from graph.store import Store

KILLS = 10
FILES = 36


def _stored(db: Path) -> int:
    """How many documents the store holds now, read beside a running load (WAL: never blocks it)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0


def _kill_once_it_stores(command: list[str], db: Path, delay: float) -> None:
    before = _stored(db)
    loader = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while _stored(db) == before:
            assert loader.poll() is None, "the load ended before it stored anything"
            assert time.monotonic() < deadline, "the load stored nothing in 120 s"
            time.sleep(0.02)
        time.sleep(delay)
        assert loader.poll() is None, "the load finished before it was killed"
    finally:
        os.killpg(loader.pid, signal.SIGKILL)
        loader.wait()


def _check_intact(db: Path) -> int:
    """Integrity of the file, and of every stored document; the number of documents."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(db) as store:
        documents = store.documents()
        for doc in documents:
            content = store.content(doc.id)
            assert hashlib.sha256(content).hexdigest() == doc.sha256
            assert doc.extraction.recommendations, f"{doc.id} stored without its extraction"
    return len(documents)


def test_killing_a_load_at_random_moments_never_damages_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for number in range(FILES):
        plan = text_plan(title=f"Westbrook action plan number {number}") * (1 + number % 5)
        (folder / f"plan-{number:02d}.txt").write_text(plan, encoding="utf-8")
    db = tmp_path / "store.db"
    command = [str(Path(sys.executable).parent / "sgraph"), "load", str(folder), "--db", str(db)]
    chance = random.Random(12)
    stored = []
    for _ in range(KILLS):
        _kill_once_it_stores(command, db, chance.uniform(0.0, 0.1))
        stored.append(_check_intact(db))
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert _check_intact(db) == FILES
    # each killed run had added to what the ones before it stored, and the last completed them
    assert stored == sorted(set(stored)) and len(stored) == KILLS
