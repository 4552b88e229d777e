"""Every query answers on the corpus exactly as before the national-scale optimisations.

The expected digests (``tests/data/corpus_answers.json``) were written by
``tests/answers_support.py`` from the unoptimised query code (main at 11fd39f), before indexes,
shared gap reports and sparse text similarity replaced the loops; see that module for how to
re-write them. The digests themselves were checked against the hand gold when written: the facts
asserted in the second test come from ``../shared/gold`` and the README, not from the program.
"""

from __future__ import annotations

import json
from pathlib import Path

from answers_support import answers, digest
from graph_support import corpus_graph, gold_shared_recommendations

EXPECTED = Path(__file__).parent / "data" / "corpus_answers.json"


def test_every_query_answers_as_the_unoptimised_code_did(corpus_dir: Path) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    found = {key: digest(value) for key, value in answers(corpus_graph(corpus_dir)).items()}
    assert sorted(found) == sorted(expected), "the set of questions asked changed"
    differing = sorted(key for key in expected if found[key] != expected[key])
    assert not differing, f"{len(differing)} answers differ from the unoptimised code's, e.g. {differing[:5]}"


def test_the_recorded_answers_hold_the_gold_facts(corpus_dir: Path, gold_dir: Path) -> None:
    found = answers(corpus_graph(corpus_dir))
    lancashire = {
        r["recommendation"]: len(r["organisations"]) + len(r["collectives"])
        for r in found["shared-accountability"]
        if r["area"] == "Lancashire"
    }
    assert lancashire == gold_shared_recommendations(gold_dir, "Lancashire")
    gmw = found[
        "shared-accountability org=Organisation:greater-manchester-west-mental-health-nhs-foundation-trust"
    ]
    assert sorted(r["recommendation"] for r in gmw) == ["26.1", "26.2", "27.1"]
    assert found["gaps as_of=2017-04-01"]["counts"]["recommendation without action"] == 0
    assert len(found["similar threshold=0.35"]) == 3
