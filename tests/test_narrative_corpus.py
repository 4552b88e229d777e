"""The real corpus, scored with the shared scorer: the fields this part of the extractor owns.

Areas, review facts, organisations, addressees, narrative findings and themes of every corpus
document are compared with ../shared/gold by the functions of ../shared/tools/score_extraction.py.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from loaders.extract import extract_file

THRESHOLDS = {
    "area": 1.0,
    "review": 0.9,
    "organisations": 0.9,
    "addressed_to": 0.9,
    "findings": 0.9,
    "finding_themes": 0.8,
    "themes": 0.8,
}


def scorer(corpus_dir: Path) -> ModuleType:
    path = corpus_dir.parent / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec and spec.loader, f"cannot load the scorer at {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def field_scores(corpus_dir: Path, gold_dir: Path) -> dict[str, Any]:
    score = scorer(corpus_dir)
    totals: dict[str, dict[str, float]] = {}
    for gold_path in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        predicted = extract_file(corpus_dir / gold["file"]).to_json()
        for field, figures in score.score_document(predicted, gold)["fields"].items():
            total = totals.setdefault(field, {"tp": 0.0, "pred": 0.0, "gold": 0.0})
            for key in total:
                total[key] += figures[key]
    return {field: score.prf(t["tp"], t["pred"], t["gold"]) for field, t in totals.items()}


@pytest.mark.parametrize("field", sorted(THRESHOLDS))
def test_field_meets_its_threshold_on_the_corpus(field_scores: dict[str, Any], field: str) -> None:
    assert field in field_scores, f"{field} was not scored"
    assert field_scores[field]["f1"] >= THRESHOLDS[field], (field, field_scores[field])


def test_the_agenda_pack_keeps_only_the_review_papers(corpus_dir: Path) -> None:
    extraction = extract_file(corpus_dir / "003_7d4caad513cc8324.txt")
    names = {o.canonical for o in extraction.organisations}
    # named in the minutes' attendance list and in the papers on other subjects, never in the review
    assert "Lancashire Constabulary" not in names
    assert not any("Borough Council" in n for n in names)
    assert "Southport and Ormskirk Hospital NHS Trust" in names
    assert extraction.collective_addressees == [
        "all local GP practices",
        "all local NHS providers",
        "their sexual health partner organisations",
    ]


def test_the_briefing_reports_progress_by_status_and_example_actions(corpus_dir: Path) -> None:
    extraction = extract_file(corpus_dir / "001_e2bff35738cc44bc.txt")
    assert extraction.review.status_counts == {"completed": 143, "on_track": 28, "behind": 1}
    assert extraction.document_kind == "briefing"
    statuses = {a.status for finding in extraction.findings for a in finding.actions}
    assert "completed" in statuses and "in progress" in statuses
    assert "Leicester Safeguarding Children Board" in extraction.assurance_bodies


def test_the_council_plan_names_its_commissioner_relationships(corpus_dir: Path) -> None:
    extraction = extract_file(corpus_dir / "002_5c1eb00544471669.txt")
    stated = [(c.commissioner.name, c.service) for c in extraction.commissions]
    assert ("Public Health Lancashire", "school nursing services") in stated
