"""Hostile and malformed files (built by ``hostile_support``): each ends within the per-file
limits with the outcome a user should see, and the rest of the batch loads around it."""

from __future__ import annotations

import os
from pathlib import Path

from hostile_support import Case, cases, write_case, xlsx_cached_formulas

from graph.ingest import LoadResult, load_paths
from graph.store import Store
from loaders.extract import extract_bytes
from loaders.limits import MAX_FILE_BYTES


def _mismatch(case: Case, result: LoadResult, store: Store) -> str | None:
    expect = case.expect
    said = f"{case.name!r}: {result.status} ({result.reason})"
    if result.status != expect.status:
        return f"{said}, expected {expect.status}"
    if expect.reason and expect.reason.lower() not in (result.reason or "").lower():
        return f"{said}, expected a reason with {expect.reason!r}"
    if expect.warning and not any(expect.warning in w for w in result.warnings):
        return f"{said}, expected a warning with {expect.warning!r} in {result.warnings}"
    if expect.recommendations is not None and result.document_id is not None:
        found = len(store.document(result.document_id).extraction.recommendations)
        if found != expect.recommendations:
            return f"{said}, {found} recommendations instead of {expect.recommendations}"
    return None


def test_every_hostile_file_ends_with_its_expected_outcome(tmp_path: Path) -> None:
    built = cases()
    assert len(built) >= 60
    folder = tmp_path / "hostile"
    folder.mkdir()
    paths = [write_case(folder, case) for case in built]
    # over the size limit without writing 50 MB: a sparse file
    os.truncate(folder / "too-big.txt", MAX_FILE_BYTES + 1)
    with Store(tmp_path / "store.db") as store:
        results = load_paths(store, paths)
        mismatches = [m for case, r in zip(built, results, strict=True) if (m := _mismatch(case, r, store))]
        documents = store.documents()
        stored = {doc.id for doc in documents}
    assert mismatches == [], "\n".join(mismatches)
    assert not any("took longer" in (r.reason or "") or "memory" in (r.reason or "") for r in results)
    # every name is stored printable, the undecodable bytes and control codes as escapes
    assert "plan-\\xff\\xfe.txt" in stored
    assert "plan-\\x1b[31mred.txt" in stored
    assert all(name.isprintable() for name in stored)
    # no external entity was read: nothing of the machine's files reached the store
    assert not any("root:" in doc.extraction.model_dump_json() for doc in documents)


def test_a_formulas_saved_rag_word_and_date_are_read() -> None:
    extraction = extract_bytes("formulas.xlsx", xlsx_cached_formulas())
    action = extraction.recommendations[0].actions[0]
    assert (action.timescale, action.rag) == ("2020-03", "green")
    assert not any("no saved value" in warning for warning in extraction.warnings)
