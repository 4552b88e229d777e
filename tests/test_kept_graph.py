"""A command that changes the store keeps the graph of the new revision, so the next process
starts from it: after ``sgraph load`` or ``sgraph remove``, another process reads the kept graph
without building anything, and it is the graph a full build of the documents gives.

No timing is asserted (start-up figures live in bench/); these tests hold the mechanism."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from graph_support import small_graph
from web_support import lakeside_briefing

from api import rebuild
from graph import snapshot
from graph.build import build_graph
from graph.isolated import BACKGROUND_NICENESS
from graph.queries.index import graph_index, warm
from graph.stats import graph_stats
from graph.store import Store


def everything(g: nx.MultiDiGraph) -> tuple[list, list]:
    return list(g.nodes(data=True)), list(g.edges(keys=True, data=True))


def sgraph(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The installed command, in a process of its own."""
    command = [str(Path(sys.executable).parent / "sgraph"), *map(str, args)]
    env = {**os.environ, "COLUMNS": "250"}
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)


def _no_build(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("the graph was built again")


def read_without_building(db: Path, monkeypatch: pytest.MonkeyPatch) -> nx.MultiDiGraph:
    """The graph this process finds in the store, failing if it would have to build it; checked
    against a full build of the store's current documents."""
    with Store(db) as store, monkeypatch.context() as patched:
        patched.setattr(snapshot, "build_graph", _no_build)
        assert store.graph_snapshot_revision(snapshot.BUILDER) == store.state()
        kept = snapshot.current_graph(store)
        documents = store.documents()
        counts = snapshot.stored_snapshot(store).stats
    assert everything(kept) == everything(build_graph(documents))
    # the counts kept with it (what /stats answers at once) are the graph's
    assert counts == graph_stats(kept).to_json()
    return kept


def test_load_and_remove_keep_the_graph_the_next_process_reads(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, db = tmp_path / "in", tmp_path / "store.db"
    folder.mkdir()
    files = sorted(corpus_dir.glob("*.txt"))[:3]
    for path in files:
        shutil.copy(path, folder / path.name)
    loaded = sgraph("load", folder, "--db", db)
    assert loaded.returncode == 0, loaded.stderr
    first = read_without_building(db, monkeypatch)
    assert sum(1 for _, t in first.nodes(data="type") if t == "SourceDocument") == 3

    # loading the same folder again changes nothing, and nothing is built
    with monkeypatch.context() as patched:
        patched.setattr(snapshot, "build_current", _no_build)
        with Store(db) as store:
            assert snapshot.keep_current_graph(store) is None

    removed = sgraph("remove", files[0].name, "--db", db)
    assert removed.returncode == 0, removed.stderr
    after = read_without_building(db, monkeypatch)
    assert sum(1 for _, t in after.nodes(data="type") if t == "SourceDocument") == 2


def test_a_load_with_a_failed_file_still_keeps_the_graph_of_what_was_stored(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, empty = tmp_path / "store.db", tmp_path / "empty.txt"
    empty.write_bytes(b"")
    loaded = sgraph("load", sorted(corpus_dir.glob("*.txt"))[0], empty, "--db", db)
    assert loaded.returncode == 1 and "1 of 2 file(s) failed" in loaded.stderr
    read_without_building(db, monkeypatch)


def test_the_web_app_starts_without_the_rdf_libraries() -> None:
    """rdflib and Oxigraph (a fifth of a second to import) are loaded by the first RDF export or
    SPARQL query, not by every server start."""
    heavy = ("rdflib", "oxrdflib", "pyoxigraph", "graph.rdf", "graph.sparql")
    code = "import sys, api.app; print(' '.join(m for m in sys.argv[1:] if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code, *heavy], capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == []


def test_a_revision_no_one_reads_any_more_is_freed_with_its_answers() -> None:
    """A server swaps in a new graph at every change: the old one, its indexes and the answers
    computed on it must go once no reader holds it (the index held its graph for good)."""
    g = small_graph()
    warm(g)
    assert graph_index(g).g is g
    gone = weakref.ref(g)
    del g
    gc.collect()
    assert gone() is None


def test_background_work_runs_at_a_lower_cpu_priority() -> None:
    """File readers, graph builds in a child and the graph a command keeps run niced, so that a
    server on the same machine keeps answering during a load; a process already niced further
    stays as it is."""
    code = (
        "import os, sys; from graph.isolated import run_in_background; "
        "before = os.nice(int(sys.argv[1])); run_in_background(); print(before, os.nice(0))"
    )
    for increment in (0, 15):
        done = subprocess.run(
            [sys.executable, "-c", code, str(increment)], capture_output=True, text=True, check=True
        )
        before, after = map(int, done.stdout.split())
        assert after == max(before, BACKGROUND_NICENESS)


def test_the_servers_rebuild_child_reads_a_revision_a_command_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After ``sgraph load`` kept the new revision, the child a server starts to build it sends
    the kept graph without building it again."""
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.put("a.txt", b"a", lakeside_briefing())
        snapshot.keep_current_graph(store)
        revision = store.state()
    sent: list[Any] = []
    monkeypatch.setattr(snapshot, "build_graph", _no_build)
    monkeypatch.setattr(rebuild, "run_in_background", lambda: None)  # (this is the test's process)
    monkeypatch.setattr(rebuild, "send", lambda kept, _stream: sent.append(kept))
    assert rebuild.main(str(db)) == 0
    assert [kept.revision for kept in sent] == [revision]
    assert [d.id for d in sent[0].documents()] == ["a.txt"]
