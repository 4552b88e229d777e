"""A load killed at any moment (SIGKILL, the whole process group) leaves the store intact: every
document it holds is whole, and loading again completes the batch.

Each load is killed just after it has stored one or two documents (and up to 10 ms more), so
every kill lands in a load that is reading and writing, never in one still starting up (which
takes most of a run). Two new plans join the folder before each run: every run has files to
store however fast the machine stores them, and the last run loads only the few left."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, suppress
from pathlib import Path

from hostile_support import text_plan

from graph.store import Store

KILLS = 10
NEW_PER_RUN = 2


def _stored(db: Path) -> int:
    """How many documents the store holds now, read beside a running load (WAL: never blocks it)."""
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0


def _kill_once_it_stores(command: list[str], db: Path, stores: int, delay: float) -> None:
    before = _stored(db)
    loader = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while _stored(db) < before + stores:
            assert loader.poll() is None, "the load ended before it was killed"
            assert time.monotonic() < deadline, "the load stored too little in 120 s"
            time.sleep(0.005)
        time.sleep(delay)
        assert loader.poll() is None, "the load finished before it was killed"
    finally:
        with suppress(ProcessLookupError):  # the whole group already gone
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
    db = tmp_path / "store.db"
    command = [str(Path(sys.executable).parent / "sgraph"), "load", str(folder), "--db", str(db)]
    chance = random.Random(12)
    stored = []
    for run in range(KILLS):
        for number in range(run * NEW_PER_RUN, (run + 1) * NEW_PER_RUN):
            plan = text_plan(title=f"Westbrook action plan number {number}") * (1 + number % 5)
            (folder / f"plan-{number:02d}.txt").write_text(plan, encoding="utf-8")
        _kill_once_it_stores(command, db, chance.randint(1, 2), chance.uniform(0.0, 0.01))
        stored.append(_check_intact(db))
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert _check_intact(db) == KILLS * NEW_PER_RUN
    # each killed run had added to what the ones before it stored, and the last completed them
    assert stored == sorted(set(stored)) and len(stored) == KILLS
