"""Each file is read in a bounded child process: over time or memory it fails alone, with the
limit named; an unchanged file is not read again unless the extractor changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_support import docx_plan, rewrite_zip, text_plan, xlsx_long

from graph import ingest
from graph.ingest import extract_path, load_paths
from graph.isolated import Job, Limits, extract_in_order
from graph.store import Store
from loaders.errors import UnreadableDocument
from loaders.limits import FILE_MEMORY_LIMIT_BYTES, FILE_TIME_LIMIT_SECONDS, MAX_TABLE_ROWS, MAX_TEXT_BYTES


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
    # 150 MB of empty paragraphs: within the unpacked-size cap (200 MB) and 250 KB on disk, but
    # a tree of 25 million elements once parsed, far past the real 1 GB cap, where lxml reports
    # "unknown error" as if the file were corrupt
    def paragraphs(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        body = data.index(b"<w:body>") + len(b"<w:body>")
        return data[:body] + b"<w:p/>" * 25_000_000 + data[body:]

    hungry = tmp_path / "hungry.docx"
    hungry.write_bytes(rewrite_zip(docx_plan(), paragraphs))
    with Store(tmp_path / "store.db") as store:
        starved, fine = load_paths(store, [hungry, plans[0]])
    assert starved.failed
    assert starved.reason == (
        f"needs more memory than the limit of {FILE_MEMORY_LIMIT_BYTES // 2**20:,} MB per file and was "
        "stopped; split it into smaller files"
    )
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


def test_a_huge_tracker_and_a_50_mb_text_end_within_the_default_limits() -> None:
    # the cases: read with the real limits beside an ordinary plan, each ends loaded or
    # refused with the limit named, and no child held more than the memory limit
    plan = text_plan().encode()
    unit = text_plan(title="Westbrook action plan, one of many").encode()
    jobs = {
        "tracker.xlsx": xlsx_long(100_000),
        "long.txt": (unit * (50_000_000 // len(unit) + 1))[:50_000_000],
        "plan.txt": plan,
    }
    outcomes = dict(extract_in_order((name, Job(name, content)) for name, content in jobs.items()))
    tracker, text, ordinary = outcomes["tracker.xlsx"], outcomes["long.txt"], outcomes["plan.txt"]
    # refused once read (a few seconds); on a machine busy enough to take 50 s over reading its
    # rows, the time limit stops it first: either way it ends, naming the limit it passed
    assert tracker is not None and tracker.reason in (
        f"number of table rows is 100,001, over the limit of {MAX_TABLE_ROWS:,}",
        f"took longer than the limit of {FILE_TIME_LIMIT_SECONDS:g} s per file and was stopped; "
        "split it into smaller files",
    )
    assert text is not None and text.reason == (
        f"text file size is 47.7 MB, over the limit of {MAX_TEXT_BYTES / 2**20:,.1f} MB"
    )
    assert ordinary is not None and ordinary.extraction is not None
    assert len(ordinary.extraction.recommendations) == 4
    for outcome in (text, ordinary):
        assert outcome.peak_memory_bytes is not None
        assert 0 < outcome.peak_memory_bytes < FILE_MEMORY_LIMIT_BYTES
    # a child stopped by the time limit cannot say; one refused says how much the rows took
    assert tracker.peak_memory_bytes is None or 0 < tracker.peak_memory_bytes < FILE_MEMORY_LIMIT_BYTES
