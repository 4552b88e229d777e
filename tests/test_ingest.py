"""Batch loading: good files are stored, bad ones are reported with their reason, nothing else changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.ingest import load_paths
from graph.store import Store

# a small PNG header and some bytes: what a picture saved with a .txt name looks like
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
REPORT = "004_ec94a38e20ae1154.txt"


@pytest.fixture
def batch(tmp_path: Path, corpus_dir: Path) -> Path:
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(corpus_dir / REPORT, folder / "sub" / REPORT)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.txt").write_bytes(BINARY)
    (folder / ".hidden.txt").write_text("an editor's swap file")
    (folder / ".cache").mkdir()
    (folder / ".cache" / "old.txt").write_text("left over")
    (folder / "notes.md").write_text("what these files are")
    return folder


def test_a_batch_stores_the_good_file_and_names_each_bad_one(tmp_path: Path, batch: Path) -> None:
    missing = tmp_path / "not-there.txt"
    with Store(tmp_path / "store.db") as store:
        results = load_paths(store, [batch, missing])
        stored = [doc.id for doc in store.documents()]
    outcome = {result.path.name: (result.status, result.reason) for result in results}
    assert stored == [REPORT]
    assert outcome[REPORT] == ("loaded", None)
    assert outcome["empty.txt"][0] == "failed"
    assert "empty" in (outcome["empty.txt"][1] or "")
    assert outcome["picture.txt"][0] == "failed"
    assert "binary" in (outcome["picture.txt"][1] or "")
    assert outcome["not-there.txt"] == ("failed", "no such file or folder")
    assert outcome["notes.md"][0] == "skipped"
    assert ".hidden.txt" not in outcome and "old.txt" not in outcome
    assert [r.path.name for r in results] == ["empty.txt", "notes.md", "picture.txt", REPORT, "not-there.txt"]


def test_loading_again_is_unchanged_and_a_bad_file_of_the_same_name_keeps_the_stored_one(
    tmp_path: Path, batch: Path
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / REPORT).write_bytes(BINARY)
    with Store(tmp_path / "store.db") as store:
        [first] = load_paths(store, [batch / "sub" / REPORT])
        [again] = load_paths(store, [batch / "sub"])
        [failed] = load_paths(store, [broken / REPORT])
        history = store.history(REPORT)
        content = store.content(REPORT)
    assert (first.status, first.document_id, first.version) == ("loaded", REPORT, 1)
    assert (again.status, again.version) == ("unchanged", 1)
    assert failed.failed
    assert len(history) == 1
    assert content == (batch / "sub" / REPORT).read_bytes()


def test_a_changed_file_of_the_same_name_becomes_a_new_version(tmp_path: Path, batch: Path) -> None:
    later = tmp_path / "next-quarter"
    later.mkdir()
    original = (batch / "sub" / REPORT).read_text(encoding="utf-8")
    (later / REPORT).write_text(
        original + "\nA line added for the next quarter's update.\n", encoding="utf-8"
    )
    with Store(tmp_path / "store.db") as store:
        load_paths(store, [batch / "sub"])
        [result] = load_paths(store, [later])
        versions = [(v.version, v.current) for v in store.history(REPORT)]
    assert (result.status, result.version) == ("new version", 2)
    assert versions == [(1, False), (2, True)]


def test_progress_is_told_each_file_with_the_batch_size(tmp_path: Path, batch: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    with Store(tmp_path / "store.db") as store:
        load_paths(store, [batch], progress=lambda path, done, total: calls.append((path.name, done, total)))
    assert calls == [
        ("empty.txt", 0, 4),
        ("notes.md", 1, 4),
        ("picture.txt", 2, 4),
        (REPORT, 3, 4),
    ]
