"""One builder of a store's graph at a time (graph/build_lock.py): a server's rebuild child waits
for a command that is changing the store, then reads the graph and answers the command kept
instead of building them; a command waits for a builder holding the lock."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from web_support import lakeside_briefing

from api import rebuild
from graph import snapshot
from graph.build_lock import building
from graph.store import Store

# how long a waiter is watched to still be waiting
WATCHED_S = 1.5


def briefing(file: str) -> Any:
    return lakeside_briefing().model_copy(update={"file": file})


def test_the_rebuild_child_waits_for_a_load_and_reads_what_it_kept(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.put("a.txt", b"a", briefing("a.txt"))
        snapshot.keep_current_graph(store)
    received: list[snapshot.Kept] = []
    with building(db):  # a load under way
        child = threading.Thread(target=lambda: received.append(rebuild.build_in_child(db)))
        child.start()
        time.sleep(WATCHED_S)
        assert child.is_alive() and not received  # waiting, not building the revision it found
        with Store(db) as store:
            store.put("b.txt", b"b", briefing("b.txt"))
            snapshot.keep_current_graph(store)
            final = store.state()
            # marked, to tell answers read from the store from answers the child would make
            store.save_graph_answers(final, snapshot.BUILDER, b"kept by the load")
    child.join(timeout=120)
    assert received and received[0].revision == final
    assert received[0].answers == b"kept by the load"


def test_a_load_waits_for_a_builder(tmp_path: Path, corpus_dir: Path) -> None:
    db, folder = tmp_path / "s.db", tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted(corpus_dir.glob("*.txt"))[0], folder)
    sgraph = Path(sys.executable).parent / "sgraph"
    with building(db):
        command = [str(sgraph), "load", str(folder), "--db", str(db)]
        load = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        time.sleep(WATCHED_S)
        assert load.poll() is None
    assert load.wait(timeout=300) == 0
    with Store(db) as store:
        assert len(store.documents()) == 1
        assert store.graph_answers(store.state(), snapshot.BUILDER) is not None
