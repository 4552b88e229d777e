"""The text kept with each document (graph/source_text.py) is what reading the document gives.

Pages showing where a fact was read take the document's paragraphs, list items and cells from the
store instead of running the reader again. These tests load real files (the corpus's Lancashire
plan as text, and written at test time as DOCX, PDF, HTML and XLSX) through the real loader and
compare the kept text with reading each stored document again; a version stored without a text,
or with one from another extractor, is read once and its text kept; purging a document purges it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from formats_support import write_docx, write_html, write_pdf, write_xlsx

from api import provenance
from graph.documents import StoredDocument
from graph.ingest import load_paths
from graph.source_text import SourceEntry, decode, encode
from graph.store import Store
from loaders.blocks import Location
from loaders.fingerprint import extractor_version
from loaders.readers import read_document

WRITERS = {"docx": write_docx, "pdf": write_pdf, "html": write_html, "xlsx": write_xlsx}


@pytest.fixture(scope="module")
def loaded(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The Lancashire plan in five formats, loaded as ``sgraph load`` loads them (not changed by
    the tests)."""
    (plan,) = sorted(corpus_dir.glob("002*.txt"))
    tmp_path = tmp_path_factory.mktemp("kept")
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "plan.txt").write_bytes(plan.read_bytes())
    blocks = read_document(plan)
    for fmt, write in WRITERS.items():
        write(blocks, folder / f"plan.{fmt}")
    with Store(tmp_path / "kept.db") as store:
        results = load_paths(store, [folder])
        assert [r.status for r in results] == ["loaded"] * 5
        yield store


def test_kept_text_is_what_reading_the_document_gives(loaded: Store) -> None:
    provenance._recent.clear()
    for doc in loaded.documents():
        kept = loaded.source_text(doc.id, doc.sha256, extractor_version())
        assert kept is not None, doc.id
        read_again = provenance._read(doc.file_name, loaded.content(doc.id))
        assert decode(kept) == read_again and len(read_again) > 50, doc.id
        assert provenance.document_entries(loaded, doc) == read_again
    # the marked place of an excerpt is found in the kept text of every format
    for doc in loaded.documents():
        place = doc.extraction.recommendations[0].location.to_dict()
        shown = provenance.excerpt(loaded, doc, place)
        assert shown.marked, doc.id


def test_version_without_kept_text_is_read_once_and_kept(
    loaded: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    doc = loaded.document("plan.txt")
    content = loaded.content(doc.id)
    with Store(tmp_path / "old.db") as old:  # as a store loaded before texts were kept
        old.put(doc.file_name, content, doc.extraction, extractor_version())
        stored = old.document(doc.id)
        assert old.source_text(doc.id, doc.sha256, extractor_version()) is None
        provenance._recent.clear()
        first = provenance.document_entries(old, stored)
        assert old.source_text(doc.id, doc.sha256, extractor_version()) == encode(first)
        # read from the store afterwards, never by the reader again
        provenance._recent.clear()
        monkeypatch.setattr(provenance, "_read", lambda *_: pytest.fail("the document was read again"))
        assert provenance.document_entries(old, stored) == first


@pytest.mark.parametrize("made_by", ["older extractor", "older source_text module"])
def test_text_kept_by_other_code_is_read_again(
    made_by: str, loaded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = loaded.document("plan.txt")
    stale = (SourceEntry("what older code saw", Location(line=1)),)
    extractor = "older" if made_by == "older extractor" else extractor_version()
    with monkeypatch.context() as older:
        if made_by == "older source_text module":
            older.setattr("graph.source_text.MADE_BY", "older")
        text = encode(stale)
    with Store(tmp_path / "other.db") as other:
        other.put(doc.file_name, loaded.content(doc.id), doc.extraction, extractor, text)
        stored = other.document(doc.id)
        provenance._recent.clear()
        entries = provenance.document_entries(other, stored)
        assert entries != stale and entries == provenance._read(doc.file_name, loaded.content(doc.id))


def test_purged_document_takes_its_text_with_it(loaded: Store, tmp_path: Path) -> None:
    extractor = extractor_version()
    with Store(tmp_path / "purged.db") as store:
        for doc in loaded.documents()[:2]:
            text = loaded.source_text(doc.id, doc.sha256, extractor)
            store.put(doc.file_name, loaded.content(doc.id), doc.extraction, extractor, text)
        gone, kept = store.documents()
        store.remove(gone.id)  # removed but kept in history: its text stays with its content
        assert store.source_text(gone.id, gone.sha256, extractor) is not None
        store.put(gone.file_name, store.content(gone.id, 1), gone.extraction, extractor)
        store.remove(gone.id, purge=True)
        assert store.source_text(gone.id, gone.sha256, extractor) is None
        assert store.source_text(kept.id, kept.sha256, extractor) is not None


def _scanned(entries: tuple[SourceEntry, ...], location: dict[str, Any]) -> list[int]:
    """The entries at ``location`` as a scan of the whole document finds them (the reading the
    compact kept text must give)."""
    at = provenance.at_location(location)
    return [i for i, entry in enumerate(entries) if at(entry.location)]


def _places(doc: StoredDocument, entries: tuple[SourceEntry, ...]) -> list[dict[str, Any]]:
    """Every place a page may ask for in a document: each fact's, each entry's own, each entry's
    table row or HTML row (without its cell), each line alone and a page alone."""
    extraction = doc.extraction
    places = [fact.location.to_dict() for fact in extraction.recommendations]
    places += [fact.location.to_dict() for fact in extraction.actions]
    places += [fact.location.to_dict() for fact in extraction.findings]
    for entry in entries:
        place = entry.location.to_dict()
        places.append(place)
        places.append({k: v for k, v in place.items() if k != "cell"})
        if entry.location.element and " > " in entry.location.element:
            places.append({"element": entry.location.element.rsplit(" > ", 1)[0]})
        if entry.location.line is not None:
            places.append({"line": entry.location.line})
        if entry.location.page is not None:
            places.append({"page": entry.location.page})
    return places


def test_kept_text_marks_and_shows_what_a_scan_of_the_whole_text_does(loaded: Store) -> None:
    provenance._recent.clear()
    for doc in loaded.documents():
        entries = provenance._read(doc.file_name, loaded.content(doc.id))
        text = provenance.kept_text(loaded, doc)
        assert text.entries() == entries and len(text) == len(entries), doc.id
        for start in (0, 5, len(entries) - 3):
            assert text.entries(start, start + 17) == entries[start : start + 17], doc.id
        for place in _places(doc, entries):
            assert provenance.marked(text, place) == _scanned(entries, place), (doc.id, place)


def _row_of(location: Location) -> dict[str, Any]:
    """The table row a cell sits in, as a fact read from a whole row is located."""
    if location.element and " > " in location.element:
        return {"element": location.element.rsplit(" > ", 1)[0]}
    return {k: v for k, v in location.to_dict().items() if k != "cell"}


def test_excerpt_of_a_table_row_highlights_every_cell_of_the_row(loaded: Store) -> None:
    for fmt in ("docx", "xlsx", "html"):
        doc = loaded.document(f"plan.{fmt}")
        entries = provenance.document_entries(loaded, doc)
        rows = [_row_of(e.location) for e in entries if e.location.cell is not None or e.location.element]
        row = max(rows, key=lambda r: len(_scanned(entries, r)))
        in_row = _scanned(entries, row)
        assert len(in_row) > 1, fmt
        shown = provenance.excerpt(loaded, doc, row)
        assert [shown.entries[i] for i in sorted(shown.marked)] == [entries[i] for i in in_row], fmt
        assert shown.first_number == max(1, in_row[0] + 1 - provenance.CONTEXT_ENTRIES)


def test_texts_kept_in_memory_stay_within_their_bound(loaded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    documents = loaded.documents()
    sizes = {doc.id: len(provenance.document_entries(loaded, doc)) for doc in documents}
    bound = sum(sorted(sizes.values())[-2:])  # room for two of the largest, never all five
    monkeypatch.setattr(provenance, "KEPT_ENTRIES", bound)
    provenance._recent.clear()
    for _ in range(2):
        for doc in documents:
            place = doc.extraction.recommendations[0].location.to_dict()
            shown = provenance.excerpt(loaded, doc, place)
            entries = provenance._read(doc.file_name, loaded.content(doc.id))
            assert shown.marked and [shown.entries[i] for i in sorted(shown.marked)] == [
                entries[i] for i in _scanned(entries, place)
            ]
            kept = [key[1] for key in provenance._recent]
            assert sum(sizes[d] for d in kept) <= bound and kept[-1] == doc.id
            assert len(kept) < len(documents)
