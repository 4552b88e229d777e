"""Each file is read in a bounded child process: over time or memory it fails alone, with the
limit named; an unchanged file is not read again unless the extractor changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_support import text_plan

from graph import ingest
from graph.ingest import extract_path, load_paths
from graph.isolated import Limits
from graph.store import Store
from loaders.errors import UnreadableDocument


@pytest.fixture
def plans(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "plans"
    folder.mkdir()
    paths = []
    for number in range(6):
        path = folder / f"plan-{number}.txt"
        path.write_text(text_plan(title=f"Westbrook action plan number {number}"), encoding="utf-8")
        paths.append(path)
    return paths


def test_a_file_over_the_time_limit_fails_naming_the_limit_and_the_batch_goes_on(
    tmp_path: Path, plans: list[Path]
) -> None:
    with Store(tmp_path / "store.db") as store:
        [slow] = load_paths(store, plans[:1], limits=Limits(seconds=0.001))
        rest = load_paths(store, plans[1:])
        stored = [doc.id for doc in store.documents()]
    assert slow.failed and "took longer than the limit of 0.001 s" in (slow.reason or "")
    assert [r.status for r in rest] == ["loaded"] * 5
    assert stored == [p.name for p in plans[1:]]


def test_a_file_needing_more_than_the_memory_limit_fails_alone(tmp_path: Path, plans: list[Path]) -> None:
    # less address space than the reader already holds (the fork server's prepared indexes),
    # and a plan of 1.4 MB whose reading must allocate more: its first large allocation fails
    large = plans[0].parent / "large.txt"
    large.write_text(text_plan() * 2000, encoding="utf-8")
    with Store(tmp_path / "store.db") as store:
        [starved] = load_paths(store, [large], limits=Limits(memory_bytes=100 * 1024 * 1024))
        [fine] = load_paths(store, [plans[1]])
    assert starved.failed
    assert "limit of 100 MB" in (starved.reason or "") or "stopped unexpectedly" in (starved.reason or "")
    assert fine.status == "loaded"


def test_results_come_in_the_order_given_whatever_order_the_children_finish(
    tmp_path: Path, plans: list[Path]
) -> None:
    big = plans[0].parent / "big.txt"
    big.write_text(text_plan() * 200, encoding="utf-8")
    order = [big, *plans]
    with Store(tmp_path / "store.db") as store:
        results = load_paths(store, order, limits=Limits(workers=3))
    assert [r.path for r in results] == order
    assert all(r.status == "loaded" for r in results)


def test_an_unchanged_file_is_not_read_again(tmp_path: Path, plans: list[Path]) -> None:
    with Store(tmp_path / "store.db") as store:
        load_paths(store, plans)
        # with no time at all to read, only a file that is not read can succeed
        again = load_paths(store, plans, limits=Limits(seconds=0.0))
    assert [r.status for r in again] == ["unchanged"] * len(plans)
    assert all(r.version == 1 for r in again)


def test_a_new_extractor_reads_unchanged_files_again(
    tmp_path: Path, plans: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path / "store.db") as store:
        load_paths(store, plans[:2])
        monkeypatch.setattr(ingest, "extractor_version", lambda: "a newer extractor")
        refused = load_paths(store, plans[:1], limits=Limits(seconds=0.0))
        again = load_paths(store, plans[:2])
        skipped = load_paths(store, plans[:2], limits=Limits(seconds=0.0))
    assert refused[0].failed  # it was read again, and had no time to be
    # read again, the same facts: nothing to replace, and the new extractor is recorded
    assert [r.status for r in again] == ["unchanged", "unchanged"]
    assert [r.status for r in skipped] == ["unchanged", "unchanged"]


def test_a_file_name_that_is_not_utf8_is_stored_with_escapes(tmp_path: Path, plans: list[Path]) -> None:
    odd = Path(os.fsdecode(os.fsencode(tmp_path) + b"/plan-\xff.txt"))
    odd.write_bytes(plans[0].read_bytes())
    with Store(tmp_path / "store.db") as store:
        results = load_paths(store, [odd, plans[1]])
    assert [(r.status, r.document_id) for r in results] == [
        ("loaded", "plan-\\xff.txt"),
        ("loaded", plans[1].name),
    ]


def test_extract_reads_within_the_same_limits(plans: list[Path]) -> None:
    assert len(extract_path(plans[0]).recommendations) == 4
    with pytest.raises(UnreadableDocument, match="took longer"):
        extract_path(plans[0], Limits(seconds=0.0))
