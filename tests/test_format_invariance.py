"""The same content gives the same extraction whatever format it arrives in.

The real Lancashire action plans (corpus 002 and 003) are read by the text reader, written at
test time as DOCX, PDF, HTML and XLSX, read back through ``read_document`` and extracted; the
recommendation ids, addressees, actions (count and first words), timescales and leads must be
those read from the text file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from formats_support import plan_facts, write_docx, write_html, write_pdf, write_xlsx

from loaders.blocks import DocumentBlocks
from loaders.extract import extract_blocks
from loaders.readers import read_document
from loaders.text_reader import read_text

WRITERS: dict[str, Callable[[DocumentBlocks, Path], Path]] = {
    "docx": write_docx,
    "pdf": write_pdf,
    "html": write_html,
    "xlsx": write_xlsx,
}


@pytest.fixture(scope="module", params=["002_", "003_"])
def corpus_plan(request: pytest.FixtureRequest, corpus_dir: Path) -> DocumentBlocks:
    (path,) = sorted(corpus_dir.glob(f"{request.param}*.txt"))
    return read_text(path.name, path.read_bytes())


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_same_plan_facts_in_every_format(corpus_plan: DocumentBlocks, fmt: str, tmp_path: Path) -> None:
    expected = plan_facts(extract_blocks(corpus_plan))
    recommendations = [fact for fact in expected if fact[0] == "recommendation"]
    assert len(recommendations) >= 10, "the text reader and table recogniser should find the plan"
    assert any(fact[3] for fact in recommendations), "recommendations should carry actions"

    path = WRITERS[fmt](corpus_plan, tmp_path / f"{Path(corpus_plan.file_name).stem}.{fmt}")
    doc = read_document(path)
    assert doc.format == fmt
    got = plan_facts(extract_blocks(doc))

    assert [f[:2] for f in got] == [f[:2] for f in expected]  # ids and report references, in order
    for mine, theirs in zip(got, expected, strict=True):
        assert mine == theirs
