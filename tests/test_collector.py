"""A large graph revision is kept out of the collector's full collections (api.revisions).

At national scale a revision's graph and answers are ~1.5 million objects; each full collection
walked them all with every thread stopped. Once a revision is warmed they are frozen, so the
collector never walks them again (their cycles go at the next revision's unfreeze and collect).
"""

from __future__ import annotations

import gc
import time
import weakref
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import LAKESIDE_TEXT, fill_store, lakeside_briefing

from api.app import create_app
from graph.store import Store


def _tracked(thing: object) -> bool:
    return any(o is thing for o in gc.get_objects())


def test_warmed_large_revision_is_frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("api.revisions.FREEZE_NODES", 1)  # this small graph counts as large
    db = tmp_path / "frozen.db"
    fill_store(db)
    try:
        with TestClient(create_app(db), base_url="http://localhost") as client:
            assert client.get("/stats").status_code == 200
            adjacency = client.app.state.cache.graph()._adj  # type: ignore[attr-defined]
            deadline = time.monotonic() + 30
            while _tracked(adjacency) and time.monotonic() < deadline:
                time.sleep(0.1)  # warmed off the readers' path, in its own thread
            assert not _tracked(adjacency) and gc.get_freeze_count() > 0
            # still answered from, and a new request's objects are collected as usual
            assert client.get("/pages/organisations").status_code == 200
    finally:
        gc.unfreeze()


class _Cycle:
    """An object only the cyclic collector can free (it refers to itself)."""

    def __init__(self) -> None:
        self.itself = self


def test_a_replaced_revision_is_collected_once_it_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settled while the old revision was still served, its cycles were frozen with the new
    revision's objects and stayed until the revision after (the server grew with each upload)."""
    monkeypatch.setattr("api.revisions.FREEZE_NODES", 1)
    db = tmp_path / "replaced.db"
    fill_store(db)
    try:
        with TestClient(create_app(db), base_url="http://localhost") as client:
            cache = client.app.state.cache  # type: ignore[attr-defined]
            assert client.get("/stats").status_code == 200
            old = cache.snapshot()
            cycle = weakref.ref(old.derived("a cycle", lambda _g: _Cycle()))
            gc.freeze()  # frozen with its revision, as the warm-up does
            del old
            with Store(db) as store:
                store.put("lakeside_extra.txt", LAKESIDE_TEXT.encode() + b"\nMore.\n", lakeside_briefing())
            cache.wait_until_current()
            deadline = time.monotonic() + 30
            while cycle() is not None and time.monotonic() < deadline:
                time.sleep(0.1)
            assert cycle() is None
            assert client.get("/pages/organisations").status_code == 200
    finally:
        gc.unfreeze()
