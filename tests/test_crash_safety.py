"""A load killed at any moment (SIGKILL, the whole process group) leaves the store intact: every
document it holds is whole, and loading again completes the batch."""

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
    for number in range(40):
        plan = text_plan(title=f"Westbrook action plan number {number}") * (1 + number % 5)
        (folder / f"plan-{number:02d}.txt").write_text(plan, encoding="utf-8")
    db = tmp_path / "store.db"
    command = [str(Path(sys.executable).parent / "sgraph"), "load", str(folder), "--db", str(db)]
    chance = random.Random(12)
    stored = []
    for _ in range(KILLS):
        loader = subprocess.Popen(
            command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(chance.uniform(0.5, 4.0))
        os.killpg(loader.pid, signal.SIGKILL)
        loader.wait()
        if db.exists():
            stored.append(_check_intact(db))
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert _check_intact(db) == 40
    assert stored == sorted(stored)  # each run added to what the killed ones had stored
