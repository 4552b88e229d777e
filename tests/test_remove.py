"""Removing a document (``Store.remove``, ``sgraph remove``, ``DELETE /documents/{id}``): every fact
only it supported goes, facts another document states stay, its history is kept unless purged,
and a removal that fails half-way changes nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from graph_support import corpus_documents

from api import uploads
from api.app import create_app
from api.cli import main
from graph.build import build_graph
from graph.documents import StoredDocument
from graph.store import Store, UnknownDocument

COUNCIL_PLAN = "002_5c1eb00544471669.txt"  # Lancashire County Council's plan
NHS_PLAN = "003_7d4caad513cc8324.txt"  # the Lancashire NHS plan: the same review's recommendations
TOKEN = "removal-token-51c2"


@pytest.fixture(scope="module")
def corpus(corpus_dir: Path) -> list[StoredDocument]:
    return corpus_documents(corpus_dir)


@pytest.fixture
def db(tmp_path: Path, corpus: list[StoredDocument]) -> Path:
    path = tmp_path / "sgraph.db"
    with Store(path) as store:
        for doc in corpus:
            store.put(doc.file_name, json.dumps(doc.extraction.to_json()).encode(), doc.extraction)
    return path


def sources(g: nx.MultiDiGraph, node: str) -> set[str]:
    return {s["document"] for s in g.nodes[node]["source"]}


def test_removal_keeps_what_another_document_also_says(db: Path) -> None:
    with Store(db) as store:
        before = build_graph(store.documents())
        store.remove(COUNCIL_PLAN)
        after = build_graph(store.documents())
        assert COUNCIL_PLAN not in {d.id for d in store.documents()}
    recommendations = [n for n, t in before.nodes(data="type") if t == "Recommendation"]
    shared = [n for n in recommendations if sources(before, n) == {COUNCIL_PLAN, NHS_PLAN}]
    only_council = [n for n in before if sources(before, n) == {COUNCIL_PLAN}]
    assert len(shared) >= 5 and only_council
    for rec in shared:
        assert rec in after and sources(after, rec) == {NHS_PLAN}
    assert not set(only_council) & set(after)
    assert all(COUNCIL_PLAN not in sources(after, n) for n in after)


def test_history_is_kept_unless_purged(db: Path, corpus: list[StoredDocument]) -> None:
    council = next(d for d in corpus if d.id == COUNCIL_PLAN)
    with Store(db) as store:
        revision = store.state()
        assert store.remove(COUNCIL_PLAN) == 1
        assert store.state() != revision
        with pytest.raises(UnknownDocument):
            store.document(COUNCIL_PLAN)
        with pytest.raises(UnknownDocument):
            store.content(COUNCIL_PLAN)
        kept = store.history(COUNCIL_PLAN)
        assert [(v.version, v.current) for v in kept] == [(1, False)]
        assert store.content(COUNCIL_PLAN, version=1)
        with pytest.raises(UnknownDocument):
            store.remove(COUNCIL_PLAN)
        # loading it again brings it back as its next version
        content = json.dumps(council.extraction.to_json()).encode()
        outcome = store.put(council.file_name, content, council.extraction)
        assert (outcome.status, outcome.version) == ("new version", 2)
        assert store.document(COUNCIL_PLAN).sha256 == kept[0].document.sha256
        assert store.remove(COUNCIL_PLAN, purge=True) == 0
        with pytest.raises(UnknownDocument):
            store.history(COUNCIL_PLAN)


def test_a_removal_that_fails_half_way_changes_nothing(db: Path) -> None:
    # the revision counter is written after the document: make that second write fail
    with sqlite3.connect(db) as conn:
        conn.execute(
            "CREATE TRIGGER refuse BEFORE UPDATE ON store_state BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    with Store(db) as store:
        before = [(d.id, d.sha256) for d in store.documents()]
        for purge in (False, True):
            with pytest.raises(sqlite3.IntegrityError, match="disk full"):
                store.remove(COUNCIL_PLAN, purge=purge)
            assert [(d.id, d.sha256) for d in store.documents()] == before
            assert [v.current for v in store.history(COUNCIL_PLAN)] == [True]


def test_remove_command(db: Path) -> None:
    result = CliRunner().invoke(main, ["remove", COUNCIL_PLAN, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"Removed {COUNCIL_PLAN}" in result.output and "1 version(s) kept" in result.output
    purged = CliRunner().invoke(main, ["remove", NHS_PLAN, "--purge", "--db", str(db)])
    assert "history was purged" in purged.output
    unknown = CliRunner().invoke(main, ["remove", "002_5c1eb00544471669.tx", "--db", str(db)])
    assert unknown.exit_code == 1
    assert "unknown document '002_5c1eb00544471669.tx'" in unknown.output
    with Store(db) as store:
        assert {d.id for d in store.documents()}.isdisjoint({COUNCIL_PLAN, NHS_PLAN})
        assert len(store.history(COUNCIL_PLAN)) == 1


def test_delete_route_needs_the_upload_token(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(create_app(db), base_url="http://localhost") as client:
        assert client.delete(f"/documents/{COUNCIL_PLAN}").status_code == 403
        monkeypatch.setenv(uploads.TOKEN_VARIABLE, TOKEN)
        wrong = client.delete(f"/documents/{COUNCIL_PLAN}", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert client.get(f"/documents/{COUNCIL_PLAN}").status_code == 200


def test_delete_route_removes_and_purges(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(uploads.TOKEN_VARIABLE, TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(db), base_url="http://localhost") as client:
        shared = client.get("/queries/shared-accountability", params={"area": "Lancashire"}).json()["items"]
        answer = client.delete(f"/documents/{COUNCIL_PLAN}", headers=auth)
        assert answer.json() == {
            "document_id": COUNCIL_PLAN,
            "removed": True,
            "purged": False,
            "versions_kept": 1,
        }
        assert client.get(f"/documents/{COUNCIL_PLAN}").status_code == 404
        # the graph is rebuilt without it: the NHS plan still owns the shared recommendations
        after = client.get("/queries/shared-accountability", params={"area": "Lancashire"}).json()["items"]
        assert after and len(after) <= len(shared)
        assert all(COUNCIL_PLAN not in {s["document"] for s in r["sources"]} for r in after)
        purged = client.delete(f"/documents/{NHS_PLAN}", params={"purge": "true"}, headers=auth)
        assert purged.json()["versions_kept"] == 0
        missing = client.delete("/documents/no-such-plan.txt", headers=auth)
        assert missing.status_code == 404
        assert missing.headers["content-type"].startswith("application/problem+json")
