"""National scale: the kept graph, readers served while the next revision builds, the invented
national corpus read as written, similar-issue clusters that stay one issue, a light CLI start.

No timing is asserted here (speed targets live in bench/); these tests hold the behaviour the
speed rests on.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from answers_support import graph_json
from graph_support import corpus_graph, small_graph, stored
from web_support import lakeside_briefing

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from national_corpus import _TOPICS, write_corpus

import api.revisions
from api.answer_cache import REVISION_HEADER
from api.app import create_app
from api.cli_maps import DEFAULT_NODE_LIMIT
from api.rebuild import build_in_child
from api.service import GraphCache
from api.serving import http_server
from graph import queries, snapshot
from graph.build import build_graph
from graph.ingest import load_paths
from graph.store import Store
from visualisations import maps


def test_kept_graph_reads_back_identical(corpus_dir: Path) -> None:
    g = corpus_graph(corpus_dir)
    back = snapshot.decode(snapshot.encode(g)).graph
    assert graph_json(back) == graph_json(g)
    assert list(back.edges(keys=True)) == list(g.edges(keys=True))
    # the queries answer the same on it
    assert queries.gaps(back).to_json() == queries.gaps(g).to_json()


def test_commands_read_the_kept_graph_until_the_documents_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path / "s.db") as store:
        store.put("a.txt", b"a", lakeside_briefing())
        first = snapshot.current_graph(store)  # built and kept
        monkeypatch.setattr(snapshot, "build_graph", _no_build)
        assert graph_json(snapshot.current_graph(store)) == graph_json(first)
        store.put("b.txt", b"b", lakeside_briefing().model_copy(update={"file": "b.txt"}))
        with pytest.raises(AssertionError, match="built"):
            snapshot.current_graph(store)  # a new revision is built, not read


def _no_build(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("the graph was built again")


def test_a_snapshot_of_another_builder_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "s.db") as store:
        store.put("a.txt", b"a", lakeside_briefing())
        snapshot.current_graph(store)
        monkeypatch.setattr(snapshot, "BUILDER", "another")
        assert snapshot.stored_snapshot(store) is None


def test_readers_get_the_previous_revision_while_the_next_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.put("a.txt", b"a", lakeside_briefing())
        snapshot.current_graph(store)  # kept: the server starts from it
    cache = GraphCache(db)
    kept = cache.snapshot()
    release = threading.Event()
    building = hold_builds(monkeypatch, release)
    with Store(db) as store:
        store.put("b.txt", b"b", lakeside_briefing().model_copy(update={"file": "b.txt"}))
    try:
        assert cache.snapshot() is kept  # answered at once ...
        assert building.wait(timeout=60)  # ... while the next revision is being built
        assert cache.snapshot() is kept
        assert len(kept.documents) == 1
    finally:
        release.set()
    current = cache.wait_until_current()
    assert current.revision > kept.revision
    assert [d.id for d in current.documents] == ["a.txt", "b.txt"]
    cache.close()


def test_national_corpus_is_seeded_and_read_as_written(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "one", areas=3, seed=7)
    again = write_corpus(tmp_path / "two", areas=3, seed=7)
    assert [p.name for p in first] == [p.name for p in again]
    texts = [(a, b) for a, b in zip(first, again, strict=True) if a.suffix == ".txt"]
    assert texts and all(a.read_bytes() == b.read_bytes() for a, b in texts)
    assert {p.suffix for p in first} <= {".txt", ".xlsx"}
    with Store(tmp_path / "n.db") as store:
        results = load_paths(store, [tmp_path / "one"])
        assert not [r for r in results if r.failed]
        documents = store.documents()
    for doc in documents:
        if "action_plan" in doc.id or "tracker" in doc.id:
            # every recommendation of a plan is read, each addressed to at least one organisation
            stated = doc.extraction.recommendations
            assert stated and all(r.addressed_to for r in stated), doc.id
            assert sum(len(r.actions) for r in stated) >= 2 * len(stated)
        else:
            assert doc.extraction.review.recommendations_stated, doc.id


def test_similar_clusters_of_a_national_corpus_each_hold_one_issue(tmp_path: Path) -> None:
    write_corpus(tmp_path / "c", areas=6, seed=3)
    with Store(tmp_path / "n.db") as store:
        load_paths(store, [tmp_path / "c"])
        g = build_graph(store.documents())
    clusters = queries.similar_items(g, min_areas=2, threshold=0.35)
    assert clusters
    for cluster in clusters:
        topics = {topic for m in cluster.members for topic, _ in _TOPICS if topic in m.text}
        assert len(topics) == 1, (topics, [m.text for m in cluster.members])
        assert {m.kind for m in cluster.members} <= {"Recommendation", "Finding"}


def test_search_pages_agree_with_one_long_list() -> None:
    g = small_graph()
    whole = queries.search(g, "bruising referrals", limit=50)
    total, second = queries.search_page(g, "bruising referrals", limit=1, offset=1)
    assert total == len(whole) and second == whole[1:2]


def test_gaps_are_computed_once_per_graph_and_day() -> None:
    g = build_graph([stored(lakeside_briefing())])
    assert queries.gaps(g) is queries.gaps(g)
    report = queries.gaps(g)
    for name, items in report.by_organisation.items():
        assert all(name in item.organisations or not item.organisations for item in items)


def test_sgraph_starts_without_the_heavy_libraries() -> None:
    heavy = ("matplotlib", "networkx", "numpy", "pdfplumber", "openpyxl", "docx", "rdflib", "fastapi")
    code = (
        "import sys; from click.testing import CliRunner; from api.cli import main; "
        "listed = CliRunner().invoke(main, ['--help']).output; "
        "print('export' in listed, ' '.join(m for m in sys.argv[1:] if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code, *heavy], capture_output=True, text=True, check=True)
    # every command is listed with its help line, and none of their libraries is imported for it
    assert loaded.stdout.split() == ["True"]
    assert DEFAULT_NODE_LIMIT == maps.DEFAULT_NODE_LIMIT


def test_readers_during_a_load_get_whole_answers_each_from_one_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readers over HTTP while documents are stored one by one: no error, every answer says its
    revision and agrees with that revision's documents, and readers are answered while the next
    revision is still being built (the build is held until they have been)."""
    db = tmp_path / "s.db"
    counts: dict[int, int] = {}  # revision -> how many documents it holds
    with Store(db) as store:
        store.put("a.txt", b"a", lakeside_briefing())
        snapshot.current_graph(store)
        counts[store.state()] = 1
    answered_meanwhile = threading.Event()
    building = hold_builds(monkeypatch, answered_meanwhile)
    app = create_app(db)
    with served(app) as base:
        answers: list[tuple[str, int, str | None, Any]] = []
        during_build: list[int] = []
        stop = threading.Event()

        def read(path: str) -> None:
            while not stop.is_set():
                status, revision, body = get_json(base + path)
                answers.append((path, status, revision, body))
                if building.is_set():
                    during_build.append(status)
                    if len(during_build) >= 12:
                        answered_meanwhile.set()

        readers = [threading.Thread(target=read, args=(p,)) for p in ("/stats", "/documents?limit=500") * 3]
        for reader in readers:
            reader.start()
        try:
            with Store(db) as store:
                for number in range(2, 7):
                    extraction = lakeside_briefing().model_copy(update={"file": f"{number}.txt"})
                    store.put(f"{number}.txt", str(number).encode(), extraction)
                    counts[store.state()] = number
            final = app.state.cache.wait_until_current().revision
            # until the readers have been answered from the last revision too
            waited = threading.Event()
            for _ in range(600):
                if any(a[2] == str(final) for a in answers[-12:]) or waited.wait(0.05):
                    break
        finally:
            stop.set()
            for reader in readers:
                reader.join(timeout=60)
    assert answers and all(status == 200 for _, status, _, _ in answers)
    assert answered_meanwhile.is_set()
    seen = {int(revision) for _, _, revision, _ in answers if revision is not None}
    assert len(seen) >= 2 and final in seen and seen <= set(counts)
    for path, _, revision, body in answers:
        assert revision is not None, path
        held_documents = counts[int(revision)]
        total = body["documents"] if path == "/stats" else body["total"]
        assert total == held_documents, (path, revision, body)


def hold_builds(monkeypatch: pytest.MonkeyPatch, release: threading.Event) -> threading.Event:
    """The server's graph builds wait for ``release``; the event returned is set when one starts."""
    building = threading.Event()
    real_build = api.revisions.build_current

    def held_build(store: Store, **kwargs: Any) -> Any:
        building.set()
        assert release.wait(timeout=60), "the build was never released"
        return real_build(store, **kwargs)

    monkeypatch.setattr(api.revisions, "build_current", held_build)
    return building


@contextmanager
def served(app: Any) -> Iterator[str]:
    """``app`` served as ``sgraph serve`` serves it (api.serving), on a free loopback port, in a
    thread, for the block: its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = http_server(app, "127.0.0.1", port, access_log=False)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(server.serve(),), daemon=True)
    thread.start()
    try:
        while not _listening(port):
            assert thread.is_alive(), "the server did not start"
            threading.Event().wait(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        loop.call_soon_threadsafe(server.stop)
        thread.join(timeout=30)
        loop.close()


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def get_json(url: str) -> tuple[int, str | None, Any]:
    """Status, X-Graph-Revision header and JSON body of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers.get(REVISION_HEADER.decode()), json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get(REVISION_HEADER.decode()), None


def test_a_graph_built_in_a_child_process_arrives_identical(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.put("a.txt", b"a", lakeside_briefing())
        store.put("b.txt", b"b", lakeside_briefing().model_copy(update={"file": "b.txt"}))
    kept = build_in_child(db)
    with Store(db) as store:
        here = snapshot.stored_snapshot(store)  # what the child kept
        assert here is not None and kept.revision == here.revision == store.state()
        built = build_graph(store.documents())
    g = kept.graph
    assert graph_json(g) == graph_json(built)
    assert list(g.edges(keys=True)) == list(built.edges(keys=True))
    # predecessors in the built order, each edge's attributes one dict seen from both ends
    assert all(list(g.pred[n]) == list(built.pred[n]) for n in built)
    assert all(g._pred[v][u] is g._succ[u][v] for u, v in g.edges())
    assert [d.id for d in kept.documents()] == ["a.txt", "b.txt"]


def test_a_large_store_is_rebuilt_in_a_child_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.put("a.txt", b"a", lakeside_briefing())
        snapshot.current_graph(store)
    monkeypatch.setattr(api.revisions, "CHILD_BUILD_DOCUMENTS", 1)
    monkeypatch.setattr(api.revisions, "build_current", _no_build)  # not built in this process
    cache = GraphCache(db)
    assert cache.snapshot().document_count == 1
    with Store(db) as store:
        store.put("b.txt", b"b", lakeside_briefing().model_copy(update={"file": "b.txt"}))
    current = cache.wait_until_current()
    assert [d.id for d in current.documents] == ["a.txt", "b.txt"]
    assert current.stats()["documents"] == 2
    cache.close()
