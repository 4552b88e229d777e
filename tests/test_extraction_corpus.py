"""The real pipeline on the real corpus, scored against the gold with the shared scorer.

Thresholds are asserted for the fields the action-plan reader owns (issue 3 asks for every
field >= 0.90 and 0.95 overall) and for the whole score (issue 13: 0.97 overall); each document
must also extract without error.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from loaders.extract import extract_file

PLAN_FIELDS = (
    "recommendations", "actions", "timescale", "lead", "responsible", "assurance_words",
    "cross_refs", "report_refs",
)
THRESHOLD = 0.95


def _scorer(corpus_dir: Path) -> ModuleType:
    path = corpus_dir.parent / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec is not None and spec.loader is not None, f"scorer expected at {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored(corpus_dir: Path, gold_dir: Path) -> dict[str, Any]:
    scorer = _scorer(corpus_dir)
    per_document: dict[str, dict[str, Any]] = {}
    totals: dict[str, dict[str, float]] = {}
    for gold_path in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        predicted = extract_file(corpus_dir / gold["file"]).to_json()
        result = scorer.score_document(predicted, gold)
        per_document[gold["file"]] = result
        for name, figures in result["fields"].items():
            total = totals.setdefault(name, {"tp": 0.0, "pred": 0.0, "gold": 0.0})
            for key in total:
                total[key] += figures[key]
    fields = {name: scorer.prf(t["tp"], t["pred"], t["gold"]) for name, t in totals.items()}
    return {"fields": fields, "documents": per_document}


def test_every_gold_document_is_scored(scored: dict[str, Any], gold_dir: Path) -> None:
    assert len(scored["documents"]) == len(list(gold_dir.glob("*.gold.json"))) >= 5


def test_the_whole_gold_scores_at_least_0_97_overall(scored: dict[str, Any]) -> None:
    """Issue 13's bar: the scorer's overall F1 (the mean of its field scores) over every document."""
    f1s = {name: figures["f1"] for name, figures in scored["fields"].items()}
    overall = sum(f1s.values()) / len(f1s)
    assert overall >= 0.97, f"overall F1 {overall:.3f}: {sorted(f1s.items(), key=lambda item: item[1])[:3]}"


@pytest.mark.parametrize("field", PLAN_FIELDS)
def test_action_plan_fields_meet_the_target(scored: dict[str, Any], field: str) -> None:
    figures = scored["fields"][field]
    errors = {
        name: result["errors"].get(field) for name, result in scored["documents"].items()
        if result["errors"].get(field)
    }
    assert figures["f1"] >= THRESHOLD, f"{field}: F1 {figures['f1']:.3f}; misses {errors}"


def test_table_findings_of_the_council_plan(scored: dict[str, Any]) -> None:
    [council] = [r for name, r in scored["documents"].items() if name.startswith("002_")]
    assert council["fields"]["findings"]["f1"] >= 0.9, council["errors"].get("findings")


def test_group_headers_give_shared_accountability(corpus_dir: Path) -> None:
    [pack] = sorted(corpus_dir.glob("003_*.txt"))
    extraction = extract_file(pack)
    by_id = {r.id: r for r in extraction.recommendations}
    # every numbered recommendation under one group header shares that header's addressees
    assert by_id["4.1"].addressed_to == by_id["4.5"].addressed_to
    assert by_id["3.1"].cross_refs == ["2.1"] and len(by_id["3.1"].actions) == 7
    assert by_id["1.2"].actions[1].lead is None  # the continuation row's empty cells stay empty
    assert all(r.location.line and r.location.table for r in extraction.recommendations)


def test_no_unexpected_plan_warnings_on_the_corpus(corpus_dir: Path) -> None:
    for path in sorted(corpus_dir.glob("*.txt")):
        warnings = extract_file(path).warnings
        assert not [w for w in warnings if "table row has" in w or ": column '" in w], path.name
