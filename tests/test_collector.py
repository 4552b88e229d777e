"""A large graph revision is kept out of the collector's full collections (api.revisions).

At national scale a revision's graph and answers are ~1.5 million objects; each full collection
walked them all with every thread stopped. Once a revision is warmed they are frozen, so the
collector never walks them again (their cycles go at the next revision's unfreeze and collect).
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import fill_store

from api.app import create_app


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
